// RouterOS API simulator for tests and local development: speaks the binary API on 127.0.0.1 over
// TCP or TLS (certificate or anonymous DH). Menus plug in through MenuDefinition.

import { SentenceReader } from "@/lib/devices/routeros/wire";

import { createApiCostMeter, type ApiCost } from "./api-cost";
import type { SimClock } from "./clock";
import type { DataplaneOptions, SimNetwork } from "./dataplane";
import { startRouterRuntime } from "./dataplane/runtime";
import { createDevice, type DeviceOptions, type SimulatedDevice } from "./device";
import { bootFromExport, type BootReport } from "./export";
import { createFaultInjector, type Faults, type FaultSwitch } from "./faults";
import { defaultMenus } from "./menus";
import { seedDefaultConfig, type SeedOptions } from "./menus/seed";
import { createMenuRegistry } from "./registry";
import { listen, SIMULATOR_HOST, type SimulatorTls } from "./server";
import { createSession } from "./session";
import type { MenuDefinition } from "./types";

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
  /** Interfaces at boot (names of ethernet ports, or seeds with a type); default ether1..ether5. */
  interfaces?: SeedOptions["interfaces"];
  /** Time of the dataplane, netwatch, scheduler and scripts: "manual" moves only on clock.advance(ms). */
  clock?: "real" | "manual";
  /** The world around the router (hosts known at start, seed of ports and generated traffic). */
  network?: DataplaneOptions;
  /** A RouterOS /export (.rsc text) applied at boot, after the default ports and before anything runs. */
  bootExport?: string;
};

export type RouterOsSimulator = {
  port: number;
  host: typeof SIMULATOR_HOST;
  device: SimulatedDevice;
  close: () => Promise<void>;
  /** Live fault injection: `faults.set({...})` / `faults.clear()` apply to open and new connections. */
  faults: FaultSwitch;
  /** Destroys every open API connection; the listener stays up. */
  dropAllConnections: () => void;
  clock: SimClock;
  /** Hosts, reachability, connections and traffic through the router (dataplane/network.ts). */
  network: SimNetwork;
  /** What bootExport could not read or apply; absent without bootExport. */
  bootReport?: BootReport;
  /** What the API has cost this router since start (or the last reset): logins, sentences, bytes, peak in flight. */
  apiCost: () => ApiCost;
  resetApiCost: () => void;
};

export const startRouterOsSimulator = async (options: RouterOsSimulatorOptions): Promise<RouterOsSimulator> => {
  const { port = 0, tls, faults, menus = [], interfaces, clock, network, bootExport, ...deviceOptions } = options;
  const registry = createMenuRegistry([...defaultMenus, ...menus], deviceOptions.version.split(" ")[0]);
  const device = createDevice(deviceOptions, registry);
  seedDefaultConfig(device, { interfaces });
  const bootReport = bootExport === undefined ? undefined : bootFromExport(device, bootExport);
  const runtime = startRouterRuntime(device, { clock, network });
  const injector = createFaultInjector(faults);
  const meter = createApiCostMeter();

  const server = await listen(port, tls, (socket) => {
    const reader = new SentenceReader();
    const cost = meter.connection();
    const link = injector.attach(socket, cost.sent);
    const session = createSession(device, device.registry, link.writer, cost.login);
    socket.on("data", (chunk: Buffer) => {
      cost.received(chunk.length);
      try {
        for (const sentence of reader.push(chunk)) {
          cost.sentence(sentence);
          link.receive(sentence, session.handle);
        }
      } catch {
        // A control byte or oversized word: the router cannot resynchronise, so it drops the session.
        socket.destroy();
      }
    });
    socket.on("close", () => session.end());
  });

  const close = async () => {
    runtime.stop();
    await server.close();
  };

  return {
    port: server.port,
    host: SIMULATOR_HOST,
    device,
    close,
    faults: injector.faults,
    dropAllConnections: injector.dropAll,
    clock: runtime.clock,
    network: runtime.network,
    bootReport,
    apiCost: meter.snapshot,
    resetApiCost: meter.reset,
  };
};

export { createMenuRegistry, type MenuRegistry } from "./registry";
export { bootFromExport, exportConfig, parseExport, type BootReport, type ExportCommand, type ExportWarning } from "./export";
export { applyBootCommand, findItemIds } from "./commands/boot";
export { describeItem, tableFor, visibleItems } from "./commands/items";
export { normalizeValue, parseBool } from "./commands/values";
export { itemSpecFor, itemSpecs, settingsSpecs } from "./menus";
export { addInterface, COUNTER_NAMES, RATE_NAMES, type InterfaceSeed } from "./menus/interface";
export { seedDefaultConfig, type SeedOptions } from "./menus/seed";
export { safeModeHolder } from "./menus/safe-mode";
export type { MenuSpec, PropertySpec, SettingsSpec } from "./menus/spec";
export { schemaFor, type RouterSchema } from "./schema";
export { executeCommand, type Execution } from "./execute";
export type { ConfigItem, ConfigTable, RouterConfig } from "./config";
export { printCommand, SETTINGS_PRINT_ARGS } from "./menus/print";
export { trap, TrapReply, type CommandContext, type CommandDefinition, type MenuDefinition, type Row } from "./types";
export type { DeviceOptions, DeviceRuntime, LogEntry, SentMail, SimulatedDevice, SimulatedUser } from "./device";
export type { Faults, FaultSwitch } from "./faults";
export type { ApiCost } from "./api-cost";
export type { SimulatorTls } from "./server";
export { createClock, createManualClock, createRealClock, type SimClock } from "./clock";
export type {
  ConnectionOutcome,
  ConnectionRequest,
  DataplaneOptions,
  NetworkHost,
  PingOutcome,
  SimNetwork,
  TrafficGenerator,
  TrafficOptions,
} from "./dataplane";
