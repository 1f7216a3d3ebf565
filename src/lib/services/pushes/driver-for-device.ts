import "server-only";
import type { Device } from "@/lib/db/generated/sqlite/client";
import { driverFor, type DeviceDriver } from "@/lib/devices";
import { toTarget } from "../devices/internal";

/** The device's adapter, with its credentials opened just now and the software version it last reported. */
export const driverForDevice = (device: Device): DeviceDriver => driverFor(toTarget(device), device.version);
