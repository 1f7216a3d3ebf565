import { intentWarnings, ZIntent, type Intent } from "../../intent";
import { iptablesHooks, renderIptablesRuleset } from "./iptables-ruleset";
import { lanInterfaces, lanSources } from "./links";
import { CANDIDATE_PATHS, GATEWAY_PATHS } from "./layout";
import { monitorConfig, renderMonitorConfig } from "./monitor-config";
import { renderNftRuleset } from "./nft-ruleset";
import { renderPreview } from "./preview";
import { cleanup, routes, rules, sysctls } from "./routing";
import type { LinuxFlavour, LinuxPlan } from "./types";
import { linuxWarnings } from "./warnings";
import { poolWarnings } from "./pool-warnings";

export type { LinuxCleanup, LinuxFlavour, LinuxMonitorPlan, LinuxPlan, LinuxRoute, LinuxRule, LinuxSysctl, IptablesHook, LinuxTarget } from "./types";
export type { MonitorConfig, MonitorLinkConfig } from "./monitor-config";
export { CompileGrammarError } from "./guard";
export { bucketCounts, initialPool, poolFor, type PoolMember, type PoolRange } from "./pool";
export { renderNftStateUpdate } from "./nft-state";
export { renderIptablesStateUpdate } from "./iptables-pool";
export type { PoolBackendModel, PoolModel } from "./server-pools";

/** Intent → everything a Linux gateway needs. Pure and deterministic: the same intent gives byte-identical plans. */
export function compileLinux(input: Intent, options: { flavour: LinuxFlavour }): LinuxPlan {
  // Re-parsed so a caller that skipped validation is refused here, before anything is rendered.
  const intent = ZIntent.parse(input);
  const { flavour } = options;
  if (flavour !== "nftables" && flavour !== "iptables") throw new Error(`unknown Linux flavour ${String(flavour)}`);
  const nft = flavour === "nftables";
  const rulesetPath = CANDIDATE_PATHS[flavour];
  const monitor = monitorConfig(intent, flavour);
  const plan: Omit<LinuxPlan, "script"> = {
    target: nft ? "linux-nftables" : "linux-iptables",
    ruleset: nft ? renderNftRuleset(intent) : renderIptablesRuleset(intent),
    rulesetPath,
    apply: nft
      ? { check: ["nft", "-c", "-f", rulesetPath], load: ["nft", "-f", rulesetPath] }
      : { check: ["iptables-restore", "-w", "--test", "--noflush", rulesetPath], load: ["iptables-restore", "-w", "--noflush", rulesetPath] },
    hooks: nft ? [] : iptablesHooks(),
    sysctls: sysctls(intent),
    routes: routes(intent),
    cleanup: cleanup(intent),
    rules: rules(intent),
    lan: { interfaces: lanInterfaces(intent), sources: lanSources(intent) },
    monitor: { ...monitor, path: GATEWAY_PATHS.monitorConfig, config: renderMonitorConfig(monitor) },
    warnings: [...intentWarnings(intent), ...linuxWarnings(intent, flavour), ...poolWarnings(intent, flavour)],
  };
  const links = intent.links.map((l) => l.name).join(", ");
  const title = `Waymark plan for a Linux gateway (${flavour}): ${links}; ${intent.outbound.method}; last resort ${intent.outbound.lastResort}`;
  return { ...plan, script: renderPreview(plan, title) };
}
