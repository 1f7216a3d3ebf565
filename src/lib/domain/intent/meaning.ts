import type { TargetOptions } from "../target-options";
import type { ServerPool } from "./inbound";
import { primaryTier, type Intent } from "./intent";
import type { Link } from "./link";
import { aboutSeconds, poolDetectionMs, poolProbeSettings, poolProbeWords, poolReturnMs, STICKINESS_WORDS } from "./pool-probe";
import { detectionWords, recoveryWords } from "./probe";

// The plan in plain language, before anything is sent: who carries new connections and in which shares, what
// happens when a link dies (how it is noticed, how long that takes, where its traffic goes), what comes back, and
// what is left when nothing is up. One sentence per line, in the admin's words; the same intent always reads the
// same, whichever device it is for.

export function describePlanMeaning(intent: Intent, targetOptions: TargetOptions): string[] {
  return [
    ...sharesByTier(intent),
    methodLine(intent, targetOptions),
    lanLine(intent),
    ...intent.links.map((link) => failoverLine(intent, link)),
    ...intent.links.map((link) => failbackLine(intent, link)),
    lastResortLine(intent),
    ...intent.outbound.pinned.map(
      (pin) =>
        `Traffic${pin.source ? ` from ${pin.source}` : ""}${pin.destination ? ` to ${pin.destination}` : ""} always leaves by ${pin.link} while ${pin.link} is up; otherwise it is balanced like the rest.`,
    ),
    ...(intent.inbound?.pools ?? []).map(poolLine),
  ];
}

/** 300 → "300 ms", 1150 → "1.2 s", 3000 → "3 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 100) / 10;
  return `${seconds} s`;
}

/** "wan1", "wan1 and wan2", "wan1, wan2 and wan3". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** Each link's share of new connections within its tier, in whole percent. */
export function tierShares(links: readonly Pick<Link, "name" | "weight">[]): { name: string; percent: number }[] {
  const total = links.reduce((sum, l) => sum + l.weight, 0);
  return links.map((l) => ({ name: l.name, percent: total === 0 ? 0 : Math.round((l.weight / total) * 100) }));
}

const tiersOf = (intent: Intent): number[] => [...new Set(intent.links.map((l) => l.tier))].sort((a, b) => a - b);
const linksOfTier = (intent: Intent, tier: number): Link[] => intent.links.filter((l) => l.tier === tier);
const names = (links: readonly Link[]): string[] => links.map((l) => l.name);

function sharesByTier(intent: Intent): string[] {
  const primary = primaryTier(intent);
  return tiersOf(intent).map((tier) => {
    const links = linksOfTier(intent, tier);
    const shares = tierShares(links)
      .map((s) => `${s.name} ${s.percent} %`)
      .join(", ");
    if (tier === primary) return `New connections: ${shares}.`;
    const below = names(intent.links.filter((l) => l.tier < tier));
    const who = links.length === 1 ? `${links[0]!.name} (tier ${tier}) takes` : `${listWords(names(links))} (tier ${tier}) take`;
    return `${who} over when ${listWords(below)} ${below.length === 1 ? "is" : "are"} down${links.length > 1 ? `, sharing new connections ${shares}` : ""}.`;
  });
}

function methodLine(intent: Intent, targetOptions: TargetOptions): string {
  const method = {
    "per-connection": "Per connection: every new connection draws a link by weight, so one host may use several links at once.",
    "sticky-source":
      "Sticky by source: each LAN host keeps one link for all its connections, so sites that tie a login to an address keep working; shares follow the weights across many hosts.",
    "sticky-source-destination": "Sticky by source and destination: a host keeps the same link for each destination it talks to.",
  }[intent.outbound.method];
  // ECMP is a MikroTik choice; a Linux gateway ignores the option.
  const ecmp =
    targetOptions.routeros.balancer === "ecmp" ? " On a MikroTik with ECMP, equal-cost routes spread connections and the weights are approximate." : "";
  return `${method}${ecmp}`;
}

function lanLine(intent: Intent): string {
  const { lanInterfaces, lanSources } = intent.outbound;
  return `Balanced: traffic from ${listWords(lanSources)} arriving on ${listWords(lanInterfaces)}; traffic between LAN hosts is left alone.`;
}

/** Where a dead link's new connections go: its tier's other links, else the next tier up, else the last resort. */
function takeover(intent: Intent, link: Link): string {
  const peers = linksOfTier(intent, link.tier).filter((l) => l.name !== link.name);
  if (peers.length > 0) return `go to ${listWords(names(peers))}`;
  const next = tiersOf(intent).find((tier) => tier > link.tier);
  if (next !== undefined) return `go to ${listWords(names(linksOfTier(intent, next)))} (tier ${next})`;
  return "follow the last resort";
}

function failoverLine(intent: Intent, link: Link): string {
  const probe = link.probe;
  const targets = listWords(probe.targets);
  const round = probe.minAnswering > 1 ? ` (a round fails when fewer than ${probe.minAnswering} of ${probe.targets.length} targets answer)` : "";
  const connections =
    link.onFailover === "flush" ? `its open connections are cleared so clients reconnect at once` : "its open connections are left to time out";
  const via = probe.type === "tcp" ? `TCP port ${probe.port} of ${targets}` : targets;
  return `If ${link.name} misses ${probe.downCount} probe${probe.downCount === 1 ? "" : "s"} of ${via} ${formatDuration(probe.intervalMs)} apart${round}, it is declared down in ${detectionWords(probe)}; then its new connections ${takeover(intent, link)} and ${connections}.`;
}

function failbackLine(intent: Intent, link: Link): string {
  const back = recoveryWords(link.probe);
  const returns = `When ${link.name} answers ${link.probe.upCount} probe${link.probe.upCount === 1 ? "" : "s"} in a row again (traffic returns ${back} after it answers), it takes new connections again`;
  if (link.tier === primaryTier(intent)) return `${returns}.`;
  const relieved =
    link.onFailback === "flush" ? `its connections are cleared so they move back to the lower tier` : `connections already on it stay until they end`;
  return `${returns} only while every lower tier is down; when a lower tier comes back, ${relieved}.`;
}

function lastResortLine(intent: Intent): string {
  const what = {
    "main-table": "the gateway's own routing table decides (its ordinary default route)",
    unreachable: "new connections are refused at once, so clients fail fast",
    blackhole: "new connections are dropped silently",
  }[intent.outbound.lastResort];
  return `When every link is down, ${what}.`;
}

function poolLine(pool: ServerPool): string {
  const active = pool.backends.filter((b) => b.state === "active");
  const shares = tierShares(active)
    .map((s) => `${s.name} ${s.percent} %`)
    .join(", ");
  const aside = pool.backends
    .filter((b) => b.state !== "active")
    .map((b) => (b.state === "drain" ? `${b.name} drained (no new connections, open ones continue)` : `${b.name} disabled`));
  const sticky = pool.sticky === "per-connection" ? "" : `; ${STICKINESS_WORDS[pool.sticky]}`;
  const where = `${pool.listen.protocol.toUpperCase()} port ${pool.listen.port} on ${pool.listen.address ?? pool.listen.interface}`;
  const { downCount, upCount } = poolProbeSettings(pool.probe);
  const checks = `each backend is checked by ${poolProbeWords(pool.probe)} every ${formatDuration(pool.probe.intervalMs)}; after ${downCount} failed check${downCount === 1 ? "" : "s"} in a row it is taken out (about ${aboutSeconds(poolDetectionMs(pool.probe))}), after ${upCount} answered it is back (about ${aboutSeconds(poolReturnMs(pool.probe))})`;
  return `Pool ${pool.name}: ${where} → ${shares}${aside.length > 0 ? `; ${aside.join(", ")}` : ""}${sticky}; ${checks}.`;
}
