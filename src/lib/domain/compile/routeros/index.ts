import { detectionTimeMs, intentWarnings, primaryTier, ZIntent, type Intent } from "../../intent";
import type { PlanWarning } from "../../plan";
import { connectionMark, netwatchScript } from "./netwatch";
import { pccShares, type PccShare } from "./pcc";
import { renderAdd } from "./render";
import type { RouterOsDialect, RouterOsMenu, RouterOsObject, RouterOsPlan, RouterOsVersion } from "./types";

export type { RouterOsDialect, RouterOsMenu, RouterOsObject, RouterOsPlan, RouterOsVersion } from "./types";
export { quoteRouterOs } from "./quote";
export { MAX_PCC_DENOMINATOR, pccShares, type PccShare } from "./pcc";

// The classic RouterOS PCC recipe from an intent: connection marks chosen by per-connection-classifier on new LAN
// connections, one routing mark/table per link holding that link's gateway plus every other gateway at a higher
// distance (so a dead link's marked traffic fails over), check-gateway=ping, masquerade per WAN, and netwatch
// scripts that take a link's routes down faster than check-gateway and flush its connections.

export const LAN_LIST = "waymark-lan";
const CLASSIFIER = { "per-connection": "both-addresses-and-ports", "sticky-source": "src-address", "sticky-source-destination": "both-addresses" } as const;
/** RouterOS check-gateway: a ping every 10 s, a gateway fails after two timeouts. */
const CHECK_GATEWAY_MS = { interval: 10_000, misses: 2 };
const LAST_RESORT_DISTANCE = "254";

const obj = (menu: RouterOsMenu, comment: string, properties: Record<string, string>): RouterOsObject => ({ menu, properties, comment: `waymark:${comment}` });

/** Intent → the objects a RouterOS router needs. Pure and deterministic: the same intent gives byte-identical plans. */
export function compileRouterOs(input: Intent, options: { version: RouterOsVersion; dialect?: RouterOsDialect }): RouterOsPlan {
  const intent = ZIntent.parse(input);
  const { version } = options;
  if (version !== "6" && version !== "7") throw new Error(`unknown RouterOS version ${String(version)}`);
  const dialect = options.dialect ?? "spaced";
  if (dialect !== "spaced" && dialect !== "slashed") throw new Error(`unknown RouterOS dialect ${String(dialect)}`);
  if (dialect === "slashed" && version === "6") throw new Error("RouterOS v6 does not accept /ip/firewall/... menu paths; use the spaced dialect");

  const tier = primaryTier(intent);
  const balanced = intent.links.filter((l) => l.tier === tier);
  const share = pccShares(balanced.map((l) => l.weight));
  const probes = assignProbeTargets(intent);
  const routes = routeObjects(intent, version);
  const objects: RouterOsObject[] = [
    ...(version === "7" ? intent.links.map((l) => obj("/routing/table", `table:${l.name}`, { name: connectionMark(l.name), fib: "" })) : []),
    obj("/interface/list", "lan-list", { name: LAN_LIST }),
    ...intent.outbound.lanInterfaces.map((i) => obj("/interface/list/member", `lan-interface:${i}`, { list: LAN_LIST, interface: i })),
    ...intent.outbound.lanSources.map((s) => obj("/ip/firewall/address-list", `lan-source:${s}`, { list: LAN_LIST, address: s })),
    ...[...probes].flatMap(([link, target]) => {
      const gateway = intent.links.find((l) => l.name === link)!.gateway;
      return [obj("/ip/route", `probe:${link}:${target}`, { "dst-address": `${target}/32`, gateway, scope: "10" })];
    }),
    ...routes,
    ...mangle(intent, balanced, share),
    ...intent.links.map((l) => obj("/ip/firewall/nat", `nat:${l.name}`, { chain: "srcnat", action: "masquerade", "out-interface": l.interface })),
    ...[...probes].map(([link, target]) => {
      const l = intent.links.find((x) => x.name === link)!;
      const through = routes.filter((r) => r.comment.startsWith("waymark:route:") && r.comment.endsWith(`:via:${link}`)).map((r) => r.comment);
      return obj("/tool/netwatch", `netwatch:${link}`, {
        host: target,
        interval: duration(l.probe.intervalMs),
        timeout: duration(l.probe.timeoutMs),
        "down-script": netwatchScript("disable", through, l.onFailover === "flush" ? link : undefined),
        "up-script": netwatchScript("enable", through, l.onFailback === "flush" ? link : undefined),
      });
    }),
  ];
  const warnings = [...intentWarnings(intent), ...routerOsWarnings(intent, version, balanced, share, probes)];
  const title = `# Waymark plan for RouterOS v${version}: ${intent.links.map((l) => l.name).join(", ")}; ${intent.outbound.method}; last resort ${intent.outbound.lastResort}`;
  const script = [title, "# Generated; every object carries a waymark: comment.", ...objects.map((o) => renderAdd(o, dialect)), ""].join("\n");
  return { target: "routeros", version, objects, warnings, script };
}

/** RouterOS time: "300ms", "2s". */
function duration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * Netwatch cannot choose the link a probe leaves through, so each probed target gets a host route in the main table
 * through one link's gateway; a target can therefore serve one link only. Each link takes its first target that no
 * earlier link took.
 */
function assignProbeTargets(intent: Intent): Map<string, string> {
  const taken = new Set<string>();
  const assigned = new Map<string, string>();
  for (const link of intent.links) {
    if (link.probe.type !== "icmp") continue;
    const target = link.probe.targets.find((t) => !taken.has(t));
    if (target === undefined) continue;
    taken.add(target);
    assigned.set(link.name, target);
  }
  return assigned;
}

function routeObjects(intent: Intent, version: RouterOsVersion): RouterOsObject[] {
  const table = (link: string): Record<string, string> => (version === "7" ? { "routing-table": connectionMark(link) } : { "routing-mark": connectionMark(link) });
  return intent.links.flatMap((own) => {
    // The link's own gateway first; then the others, same tier before backups, each one distance further.
    const others = intent.links.filter((l) => l !== own).sort((a, b) => a.tier - b.tier);
    const routes = [own, ...others].map((via, index) =>
      obj("/ip/route", `route:${own.name}:via:${via.name}`, {
        "dst-address": "0.0.0.0/0",
        gateway: via.gateway,
        distance: String(index + 1),
        "check-gateway": "ping",
        ...table(own.name),
      }),
    );
    const lastResort = intent.outbound.lastResort;
    if (lastResort === "main-table") return routes;
    const refuse: Record<string, string> = version === "7" ? { blackhole: "" } : { type: lastResort };
    return [...routes, obj("/ip/route", `last-resort:${own.name}`, { "dst-address": "0.0.0.0/0", distance: LAST_RESORT_DISTANCE, ...refuse, ...table(own.name) })];
  });
}

function mangle(intent: Intent, balanced: Intent["links"], share: PccShare): RouterOsObject[] {
  const M = "/ip/firewall/mangle";
  const fromLan = { "in-interface-list": LAN_LIST };
  const newUnmarked = { "connection-mark": "no-mark", "connection-state": "new", "dst-address-type": "!local" };
  const markConnection = (link: string) => ({ action: "mark-connection", "new-connection-mark": connectionMark(link), passthrough: "yes" });
  const classifier = CLASSIFIER[intent.outbound.method];
  return [
    // LAN to LAN stays in the main table: never balanced, never marked.
    obj(M, "lan-accept", { chain: "prerouting", action: "accept", ...fromLan, "dst-address-list": LAN_LIST }),
    // A connection arriving on a WAN keeps that link, so replies (forwarded or from the router) leave the way it came.
    ...intent.links.map((l) => obj(M, `in:${l.name}`, { chain: "prerouting", "in-interface": l.interface, "connection-mark": "no-mark", ...markConnection(l.name) })),
    ...intent.outbound.pinned.map((pin, index) =>
      obj(M, `pin:${index + 1}`, {
        chain: "prerouting",
        ...fromLan,
        ...newUnmarked,
        ...(pin.source === undefined ? { "src-address-list": LAN_LIST } : { "src-address": pin.source }),
        ...(pin.destination === undefined ? {} : { "dst-address": pin.destination }),
        ...markConnection(pin.link),
      }),
    ),
    ...balanced.flatMap((l, i) =>
      share.remainders[i]!.map((r) =>
        obj(M, `pcc:${l.name}:${r}`, {
          chain: "prerouting",
          ...fromLan,
          "src-address-list": LAN_LIST,
          ...newUnmarked,
          ...(share.denominator === 1 ? {} : { "per-connection-classifier": `${classifier}:${share.denominator}/${r}` }),
          ...markConnection(l.name),
        }),
      ),
    ),
    ...intent.links.map((l) =>
      obj(M, `mark-routing:${l.name}`, { chain: "prerouting", ...fromLan, "connection-mark": connectionMark(l.name), action: "mark-routing", "new-routing-mark": connectionMark(l.name), passthrough: "no" }),
    ),
    ...intent.links.map((l) =>
      obj(M, `output:${l.name}`, { chain: "output", "connection-mark": connectionMark(l.name), action: "mark-routing", "new-routing-mark": connectionMark(l.name), passthrough: "no" }),
    ),
  ];
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function routerOsWarnings(intent: Intent, version: RouterOsVersion, balanced: Intent["links"], share: PccShare, probes: Map<string, string>): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  if (share.approximated) {
    const realised = share.remainders.map((r) => r.length).join(":");
    warnings.push({
      code: "routeros-weights-approximated",
      severity: "warning",
      message: `weights ${balanced.map((l) => l.weight).join(":")} need more PCC rules than the cap allows; realised as ${realised} (denominator ${share.denominator})`,
    });
  }
  const gatewayMs = CHECK_GATEWAY_MS.interval * CHECK_GATEWAY_MS.misses;
  for (const link of intent.links) {
    const wanted = detectionTimeMs(link.probe).maxMs;
    const target = probes.get(link.name);
    const netwatch = target === undefined ? "" : `; netwatch pings ${target} every ${seconds(link.probe.intervalMs)} and disables its routes on the first miss`;
    warnings.push({
      code: "routeros-detection-time",
      severity: gatewayMs > wanted ? "warning" : "info",
      link: link.name,
      message: `${link.name}: check-gateway=ping fails a dead gateway after about ${seconds(gatewayMs)} (a ping every 10 s, two misses); the intent asks for ${seconds(wanted)}${netwatch}`,
    });
    if (target === undefined) {
      warnings.push({
        code: "routeros-no-netwatch",
        severity: "warning",
        link: link.name,
        message: `${link.name} gets no netwatch: ${link.probe.type === "tcp" ? "TCP probes are not compiled for RouterOS" : "every one of its probe targets is already probed through another link"}; only check-gateway (its gateway, ~20 s) detects failure`,
      });
    } else if (link.probe.targets.length > 1) {
      warnings.push({
        code: "routeros-single-netwatch-target",
        severity: "warning",
        link: link.name,
        message: `${link.name} is probed through ${target} only (of ${link.probe.targets.length} targets): netwatch cannot pick the link a probe leaves by, so each target is host-routed through one link`,
      });
    }
  }
  if (probes.size > 0) {
    warnings.push({
      code: "routeros-netwatch-no-hysteresis",
      severity: "warning",
      message: "RouterOS netwatch has no down or up count: one lost probe takes a link down and one answer brings it back, so the intent's downCount/upCount are not honoured",
    });
  }
  if (intent.links.some((l) => l.onFailback === "keep")) {
    warnings.push({
      code: "routeros-failback-moves-connections",
      severity: "info",
      message: "RouterOS marks connections, not routes: when a link comes back, connections marked for it that failed over move back to it (their NAT mapping does not), so they break as on flush",
    });
  }
  if (version === "7" && intent.outbound.lastResort === "unreachable") {
    warnings.push({ code: "routeros-v7-no-unreachable", severity: "warning", message: "RouterOS v7 routes have no unreachable type: the last resort is a blackhole route (new connections time out instead of failing fast)" });
  }
  return warnings;
}
