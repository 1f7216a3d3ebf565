import { z } from "zod";
import { ZBalanceMethod, ZLastResort } from "../../intent";
import { ZPlanWarning } from "../../plan";
import { sameType } from "../../same-type";
import type { MonitorLinkConfig } from "./monitor-config";
import type { PoolModel } from "./server-pools";
import type { IptablesHook, LinuxCleanup, LinuxMonitorPlan, LinuxPlan, LinuxRoute, LinuxRule, LinuxSysctl } from "./types";

// A Linux plan as stored with its push, read back through this schema (never cast). Keys are in the order
// compileLinux writes them, so a stored plan parses back to the bytes its hash was taken of (the gateway's
// applied.sha256 is compared with it when a lost push is settled); the compile-time checks below keep the schema
// and types.ts describing the same data.

const argv = z.array(z.string());

const ZIptablesHook = z.strictObject({ table: z.enum(["mangle", "nat"]), chain: z.string(), target: z.string(), check: argv, insert: argv });
const ZLinuxSysctl = z.strictObject({ key: z.string(), value: z.string(), path: z.string(), argv });
const ZLinuxRoute = z.strictObject({ link: z.string(), table: z.number(), gateway: z.string(), interface: z.string(), argv });
const ZLinuxCleanup = z.strictObject({ argv, untilFails: z.boolean() });
const ZLinuxRule = z.strictObject({ pref: z.number(), selector: z.string(), action: z.string(), argv });

const ZMonitorLink = z.strictObject({
  index: z.number(),
  name: z.string(),
  interface: z.string(),
  gateway: z.string(),
  mark: z.number(),
  table: z.number(),
  weight: z.number(),
  tier: z.number(),
  probe: z.strictObject({
    type: z.enum(["icmp", "tcp"]),
    port: z.number().nullable(),
    targets: z.array(z.string()),
    intervalMs: z.number(),
    timeoutMs: z.number(),
    minAnswering: z.number(),
    downCount: z.number(),
    upCount: z.number(),
  }),
  onFailover: z.enum(["flush", "keep"]),
  onFailback: z.enum(["flush", "keep"]),
});

const ZPoolModel = z.strictObject({
  index: z.number(),
  name: z.string(),
  map: z.string(),
  protocol: z.enum(["tcp", "udp"]),
  listen: z.strictObject({ interface: z.string(), address: z.string().nullable(), port: z.number() }),
  sticky: z.enum(["per-connection", "source", "source-and-port"]),
  probe: z.strictObject({
    type: z.enum(["icmp", "tcp", "http"]),
    intervalMs: z.number(),
    timeoutMs: z.number(),
    downCount: z.number(),
    upCount: z.number(),
    path: z.string(),
    expectStatus: z.number(),
  }),
  backends: z.array(
    z.strictObject({
      index: z.number(),
      name: z.string(),
      address: z.string(),
      port: z.number(),
      weight: z.number(),
      state: z.enum(["active", "drain", "disabled"]),
      counters: z.strictObject({ newConnections: z.string(), tx: z.string(), rx: z.string() }),
    }),
  ),
  buckets: z.array(z.string()),
});

const ZLinuxMonitorPlan = z.strictObject({
  format: z.literal(1),
  flavour: z.enum(["nftables", "iptables"]),
  method: ZBalanceMethod,
  nftTable: z.string(),
  poolMap: z.string(),
  linksUpSet: z.string(),
  iptPoolChain: z.string(),
  iptUpChainPrefix: z.string(),
  iptToChainPrefix: z.string(),
  markMask: z.number(),
  noLinkMark: z.number(),
  lastResort: ZLastResort,
  stateFile: z.string(),
  poolSize: z.number(),
  links: z.array(ZMonitorLink),
  pools: z.array(ZPoolModel).optional(),
  path: z.string(),
  config: z.string(),
});

export const ZLinuxPlan = z.strictObject({
  target: z.enum(["linux-nftables", "linux-iptables"]),
  ruleset: z.string(),
  rulesetPath: z.string(),
  apply: z.strictObject({ check: argv, load: argv }),
  hooks: z.array(ZIptablesHook),
  sysctls: z.array(ZLinuxSysctl),
  routes: z.array(ZLinuxRoute),
  cleanup: z.array(ZLinuxCleanup),
  rules: z.array(ZLinuxRule),
  lan: z.strictObject({ interfaces: z.array(z.string()), sources: z.array(z.string()) }),
  monitor: ZLinuxMonitorPlan,
  warnings: z.array(ZPlanWarning),
  script: z.string(),
});

sameType<z.infer<typeof ZIptablesHook>, IptablesHook>(
  (h) => h,
  (h) => h,
  true,
);
sameType<z.infer<typeof ZLinuxSysctl>, LinuxSysctl>(
  (s) => s,
  (s) => s,
  true,
);
sameType<z.infer<typeof ZLinuxRoute>, LinuxRoute>(
  (r) => r,
  (r) => r,
  true,
);
sameType<z.infer<typeof ZLinuxCleanup>, LinuxCleanup>(
  (c) => c,
  (c) => c,
  true,
);
sameType<z.infer<typeof ZLinuxRule>, LinuxRule>(
  (r) => r,
  (r) => r,
  true,
);
sameType<z.infer<typeof ZMonitorLink>, MonitorLinkConfig>(
  (l) => l,
  (l) => l,
  true,
);
sameType<z.infer<typeof ZPoolModel>, PoolModel>(
  (p) => p,
  (p) => p,
  true,
);
sameType<z.infer<typeof ZLinuxMonitorPlan>, LinuxMonitorPlan>(
  (m) => m,
  (m) => m,
  true,
);
sameType<z.infer<typeof ZLinuxPlan>, LinuxPlan>(
  (p) => p,
  (p) => p,
  true,
);
