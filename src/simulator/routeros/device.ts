import { createRouterConfig, type RouterConfig } from "./config";
import type { MenuRegistry } from "./registry";
import { compareVersions, parseVersion } from "./version";

export type SimulatedUser = { name: string; password: string };

/** A message /tool/e-mail/send handed to the (simulated) mail server; `at` is Date.now() when sent. */
export type SentMail = { to: string; subject: string; body: string; at: number };

export type LogEntry = { topics: string; message: string; at: number };

/** What runs inside the router besides configuration: the script interpreter (installed by script/), mail, log. */
export type DeviceRuntime = {
  /** Runs RouterOS script `source`; `origin` says who ran it ("script:<name>", "netwatch:<host>", …). */
  runScript?: (source: string, origin: string) => Promise<void>;
  outbox: SentMail[];
  log: LogEntry[];
  /** The router's clock (ms since the epoch; a manual clock in tests), installed with the dataplane. */
  now?: () => number;
};

export type DeviceOptions = {
  /** "7.16.2" or with its channel, "6.49.10 (long-term)"; a bare number gets " (stable)". */
  version: string;
  identity: string;
  boardName: string;
  users: readonly SimulatedUser[];
  architectureName?: string;
  cpu?: string;
  cpuCount?: number;
  cpuFrequencyMhz?: number;
  cpuLoad?: number;
  totalMemory?: number;
  freeMemory?: number;
  totalHddSpace?: number;
  freeHddSpace?: number;
  buildTime?: Date;
};

/** Mutable state of one simulated router, shared by all its sessions. */
export type SimulatedDevice = {
  readonly version: string;
  readonly versionLabel: string;
  identity: string;
  readonly boardName: string;
  readonly users: readonly SimulatedUser[];
  readonly bootedAt: number;
  readonly hardware: Required<Omit<DeviceOptions, "version" | "identity" | "boardName" | "users">>;
  /** Every menu's items and settings; sessions, scripts and the dataplane all read and change this one object. */
  readonly config: RouterConfig;
  /** The menus this router answers; scripts run their commands through it (see execute.ts). */
  readonly registry: MenuRegistry;
  readonly runtime: DeviceRuntime;
};

export const createDevice = (options: DeviceOptions, registry: MenuRegistry): SimulatedDevice => {
  const bare = options.version.split(" ")[0] ?? options.version;
  if (!parseVersion(bare)) throw new Error(`unsupported RouterOS version ${JSON.stringify(options.version)}`);

  return {
    version: bare,
    versionLabel: options.version.includes(" ") ? options.version : `${bare} (stable)`,
    identity: options.identity,
    boardName: options.boardName,
    users: options.users,
    bootedAt: Date.now(),
    config: createRouterConfig(),
    registry,
    runtime: { outbox: [], log: [] },
    hardware: {
      architectureName: options.architectureName ?? "arm64",
      cpu: options.cpu ?? "ARM64",
      cpuCount: options.cpuCount ?? 4,
      cpuFrequencyMhz: options.cpuFrequencyMhz ?? 1400,
      cpuLoad: options.cpuLoad ?? 1,
      totalMemory: options.totalMemory ?? 1_073_741_824,
      freeMemory: options.freeMemory ?? 903_544_832,
      totalHddSpace: options.totalHddSpace ?? 1_073_741_824,
      freeHddSpace: options.freeHddSpace ?? 987_430_912,
      buildTime: options.buildTime ?? new Date(Date.UTC(2024, 10, 22, 8, 17, 56)),
    },
  };
};

/** True when the simulated RouterOS is at least `minimum` ("7.18", "6.45.1"). */
export const isAtLeast = (device: SimulatedDevice, minimum: string): boolean => {
  const current = parseVersion(device.version);
  const floor = parseVersion(minimum);

  return current !== null && floor !== null && compareVersions(current, floor) >= 0;
};

export const isV7 = (device: SimulatedDevice): boolean => isAtLeast(device, "7.0");
