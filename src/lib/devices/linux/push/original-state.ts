import type { LinuxPlan } from "@/lib/domain/compile/linux";
import { GATEWAY_PATHS } from "@/lib/domain/compile/linux/layout";
import { shellJoin } from "../shell";

// What a gateway was like before Waymark first changed it, recorded once by a push's apply script (apply.sh,
// remote-scripts.ts) so that a removal (remove-scripts.ts) can put it back and take away only what Waymark brought.

const SYSCTL_PATH = /^\/proc\/sys\/net\/ipv4\/[A-Za-z0-9_./-]+$/;

/**
 * Before a sysctl is set for the first time, its value is recorded (originalSysctls), once: a later push finds
 * the key there and leaves the record alone, so it always holds the value from before Waymark's first push. A
 * removal puts these back. (A gateway an older Waymark had already changed records that changed value.)
 */
export function rememberSysctls(plan: LinuxPlan): string[] {
  if (plan.sysctls.length === 0) return [];
  const record = GATEWAY_PATHS.originalSysctls;
  return [
    `mkdir -p ${GATEWAY_PATHS.configDir}`,
    `remember() { awk -v p="$1" '$1 == p { found = 1 } END { exit !found }' ${record} 2>/dev/null && return 0; v=$(cat "$1" 2>/dev/null) || return 0; echo "$1 $v" >> ${record}; }`,
    ...plan.sysctls.map((s) => {
      if (!SYSCTL_PATH.test(s.path) || s.path.includes("..")) throw new Error("sysctl path outside its grammar");
      return `remember ${shellJoin([s.path])}`;
    }),
  ];
}

/** The iptables tables and built-in chains a hook can make iptables-nft create (a removal takes back only those). */
export const IPT_BASE_CHAINS = {
  mangle: ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
  nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
} as const;

/**
 * iptables-nft creates an nft table and base chain the first time a rule goes into a built-in chain, and keeps them
 * when the rule goes. So before the iptables flavour's first load, which tables and base chains exist is recorded
 * (once), for a removal to take away only the empty ones Waymark's hooks brought. Nothing to record under
 * iptables-legacy, whose tables nft does not show.
 */
export function rememberIptables(plan: LinuxPlan): string[] {
  if (plan.hooks.length === 0) return [];
  const record = GATEWAY_PATHS.originalIptables;
  const probes = Object.entries(IPT_BASE_CHAINS).flatMap(([table, chains]) => [
    `nft list table ip ${table} >/dev/null 2>&1 && echo ${table}`,
    ...chains.map((chain) => `nft list chain ip ${table} ${chain} >/dev/null 2>&1 && echo "${table} ${chain}"`),
  ]);
  return [`if [ ! -f ${record} ] && command -v nft >/dev/null 2>&1; then { ${probes.join("; ")}; true; } > ${record}; fi`];
}
