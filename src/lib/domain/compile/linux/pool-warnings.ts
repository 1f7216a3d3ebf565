import type { Intent } from "../../intent";
import type { PlanWarning } from "../../plan";
import { POOL_PROBE_DEFAULTS } from "../../intent/pool-probe";
import type { LinuxFlavour } from "./types";

// What a Linux plan says about its server pools: the iptables flavour cannot realise them (a refusal, so nothing is
// pushed that would leave their clients without service); otherwise how a dead backend is detected, what drain
// and disable do, and what a client gets when no backend is up.

export function poolWarnings(intent: Intent, flavour: LinuxFlavour): PlanWarning[] {
  const pools = intent.inbound?.pools ?? [];
  if (pools.length === 0) return [];
  if (flavour !== "nftables") {
    return [
      {
        code: "linux-pools-need-nftables",
        severity: "error",
        message: `server pools need nftables: this gateway runs iptables, so pool${pools.length === 1 ? "" : "s"} ${pools.map((p) => p.name).join(", ")} cannot be realised here`,
      },
    ];
  }
  return pools.flatMap((pool): PlanWarning[] => {
    const down = pool.probe.downCount ?? POOL_PROBE_DEFAULTS.downCount;
    const up = pool.probe.upCount ?? POOL_PROBE_DEFAULTS.upCount;
    const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const detect = `${secs((down - 1) * pool.probe.intervalMs + pool.probe.timeoutMs)}–${secs(down * pool.probe.intervalMs + pool.probe.timeoutMs)}`;
    const notes: PlanWarning[] = [
      {
        code: "linux-pool-detection",
        severity: "info",
        message: `pool ${pool.name}: the gateway checks every backend every ${pool.probe.intervalMs} ms; a dead one gets no new connections after ${down} failed check${down === 1 ? "" : "s"} (${detect}) and its share goes to the others by weight; it is back after ${up} answered check${up === 1 ? "" : "s"}. With no backend up, new connections are refused (${pool.listen.protocol === "tcp" ? "TCP reset" : "ICMP port unreachable"}) rather than left hanging`,
      },
    ];
    for (const b of pool.backends) {
      if (b.state === "drain")
        notes.push({
          code: "linux-backend-drain",
          severity: "info",
          message: `${pool.name}/${b.name} drains: no new connections; the ones it has keep running until they end (its check still reports its health)`,
        });
      if (b.state === "disabled")
        notes.push({
          code: "linux-backend-disabled",
          severity: "warning",
          message: `${pool.name}/${b.name} is disabled: no new connections, and its existing connections are cut when the plan is applied`,
        });
    }
    return notes;
  });
}
