import type { PlanWarning } from "../../plan";
import type { MonitorConfig } from "./monitor-config";

// What compileLinux returns: plain data (JSON-serialisable), so a plan can be previewed, stored and pushed later.

export type LinuxFlavour = "nftables" | "iptables";
export type LinuxTarget = "linux-nftables" | "linux-iptables";

/** `ip route replace default via <gateway> dev <interface> table <table>` */
export type LinuxRoute = { link: string; table: number; gateway: string; interface: string; argv: string[] };

/** One `ip rule`; `argv` adds it. There is no `ip rule replace`: see LinuxPlan.cleanup. */
export type LinuxRule = { pref: number; selector: string; action: string; argv: string[] };

/** `key` in sysctl(8) notation (a "." inside an interface name written "/"); `path` under /proc/sys. */
export type LinuxSysctl = { key: string; value: string; path: string; argv: string[] };

/**
 * A command that removes what an earlier plan may have left: Waymark's rule priorities and the routing tables
 * of link indexes this plan does not use. Its failure means "nothing there" and is ignored; `untilFails` commands
 * are repeated until they fail (a rule priority may hold duplicates after an interrupted push).
 */
export type LinuxCleanup = { argv: string[]; untilFails: boolean };

/** iptables flavour only: the jump from a built-in chain into Waymark's chain, added only when missing. */
export type IptablesHook = { table: "mangle" | "nat"; chain: string; target: string; check: string[]; insert: string[] };

export type LinuxMonitorPlan = MonitorConfig & {
  /** Where `config` is installed. */
  path: string;
  /** The exact content of the file. */
  config: string;
};

export type LinuxPlan = {
  target: LinuxTarget;
  /** nftables: the exact `nft -f` file. iptables: the exact `iptables-restore --noflush` input. */
  ruleset: string;
  /** Where the ruleset is written before `nft -c -f` / `iptables-restore --test`. */
  rulesetPath: string;
  /** How the ruleset is checked and then applied, in order. */
  apply: { check: string[]; load: string[] };
  hooks: IptablesHook[];
  sysctls: LinuxSysctl[];
  routes: LinuxRoute[];
  cleanup: LinuxCleanup[];
  rules: LinuxRule[];
  /** The LAN the policy serves, as the ruleset names it: what the health gate checks is still forwarded. */
  lan: { interfaces: string[]; sources: string[] };
  monitor: LinuxMonitorPlan;
  warnings: PlanWarning[];
  /** Human-readable preview of everything above, in the order it is sent. */
  script: string;
};
