// RouterOS API simulator for tests and local development: speaks the binary API on 127.0.0.1 over
// TCP or TLS (certificate or anonymous DH). Menus plug in through MenuDefinition.

import { SentenceReader } from "@/lib/devices/routeros/wire";

import { createDevice, type DeviceOptions, type SimulatedDevice } from "./device";
import { defaultMenus } from "./menus";
import { createMenuRegistry } from "./registry";
import { listen, SIMULATOR_HOST, type SimulatorTls } from "./server";
import { createSession } from "./session";
import type { MenuDefinition } from "./types";
import { createWriter, type Faults } from "./writer";

export type RouterOsSimulatorOptions = Omit<DeviceOptions, "version" | "identity" | "boardName"> & {
  /** 0 or absent: an ephemeral port. */
  port?: number;
  /** Only loopback is ever bound; the option exists to make that explicit at call sites. */
  host?: typeof SIMULATOR_HOST;
  tls?: SimulatorTls;
  version: string;
  identity: string;
  boardName: string;
  faults?: Faults;
  /** Extra menus (or commands merged into existing menus). */
  menus?: readonly MenuDefinition[];
};

export type RouterOsSimulator = {
  port: number;
  host: typeof SIMULATOR_HOST;
  device: SimulatedDevice;
  close: () => Promise<void>;
};

export const startRouterOsSimulator = async (options: RouterOsSimulatorOptions): Promise<RouterOsSimulator> => {
  const { port = 0, tls, faults, menus = [], ...deviceOptions } = options;
  const registry = createMenuRegistry([...defaultMenus, ...menus]);
  const device = createDevice(deviceOptions, registry);

  const server = await listen(port, tls, (socket) => {
    const reader = new SentenceReader();
    const session = createSession(device, device.registry, createWriter(socket, faults));
    socket.on("data", (chunk: Buffer) => {
      try {
        for (const sentence of reader.push(chunk)) session.handle(sentence);
      } catch {
        // A control byte or oversized word: the router cannot resynchronise, so it drops the session.
        socket.destroy();
      }
    });
    socket.on("close", () => session.end());
  });

  return { port: server.port, host: SIMULATOR_HOST, device, close: server.close };
};

export { createMenuRegistry, type MenuRegistry } from "./registry";
export { executeCommand, type Execution } from "./execute";
export type { ConfigItem, ConfigTable, RouterConfig } from "./config";
export { printCommand, SETTINGS_PRINT_ARGS } from "./menus/print";
export { trap, TrapReply, type CommandContext, type CommandDefinition, type MenuDefinition, type Row } from "./types";
export type { DeviceOptions, SimulatedDevice, SimulatedUser } from "./device";
export type { Faults } from "./writer";
export type { SimulatorTls } from "./server";
