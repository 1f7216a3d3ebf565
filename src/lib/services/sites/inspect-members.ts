import "server-only";
import type { Device } from "@/lib/db/generated/sqlite/client";
import { DeviceFailure, type DeviceInspection } from "@/lib/devices";
import { messageOf } from "@/lib/devices/push-progress";
import { failureProblem } from "../devices/device-failure";
import { driverForDevice } from "../pushes/driver-for-device";

/** How long a member device may take to answer inspection before the site goes on without it. */
export const INSPECT_TIMEOUT_MS = 15_000;

export type MemberInspection = { inspection: DeviceInspection; offline: null } | { inspection: null; offline: string };

// Every member device is asked at once, each with its own deadline: one slow or unreachable device costs the site
// its own answer, never the others', and the compiler then plans it offline.
export async function inspectMembers(devices: readonly Device[]): Promise<Map<string, MemberInspection>> {
  const answers = await Promise.all(devices.map(async (device) => [device.id, await inspectOne(device)] as const));
  return new Map(answers);
}

async function inspectOne(device: Device): Promise<MemberInspection> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeviceFailure("timed_out", `no answer within ${INSPECT_TIMEOUT_MS / 1000} s`)), INSPECT_TIMEOUT_MS);
  });
  try {
    return { inspection: await Promise.race([driverForDevice(device).inspect(), deadline]), offline: null };
  } catch (error) {
    return { inspection: null, offline: error instanceof DeviceFailure ? failureProblem(error) : messageOf(error) };
  } finally {
    clearTimeout(timer);
  }
}
