import { intentWarnings, primaryTier, ZIntent, type Intent } from "../../intent";
import { LAN_LIST, linkNetwatchComment, obj, type CompileContext } from "./context";
import { mangle } from "./mangle";
import { connectionMark, flushLinkLine } from "./netwatch";
import { checkOptions, type RouterOsCompileOptions } from "./options";
import { pccShares } from "./pcc";
import { compilePools } from "./pools";
import { assignLinkProbes, linkProbeProperties } from "./probes";
import { renderAdd, renderRemoval } from "./render";
import { ecmpRoutes, linkTableRoutes } from "./routes";
import type { RouterOsObject, RouterOsPlan } from "./types";
import { routerOsWarnings } from "./warnings";
import { ALERTS, netwatchObject, type WatchSpec } from "./watch";

export type {
  RouterOsBackend,
  RouterOsBalancer,
  RouterOsConnectionRemoval,
  RouterOsDialect,
  RouterOsMenu,
  RouterOsObject,
  RouterOsPlan,
  RouterOsVersion,
  SwitchedBy,
} from "./types";
export type { RouterOsCompileOptions } from "./options";
export { quoteRouterOs } from "./quote";
export { MAX_PCC_DENOMINATOR, pccShares, type PccShare } from "./pcc";
export { MAX_ECMP_GATEWAYS } from "./routes";
export { LAN_LIST } from "./context";
export { NETWATCH_LIMITS } from "./limits";

// The classic RouterOS multi-WAN recipe from an intent: per-link routing marks (v6) or tables (v7) holding the
// link's gateway plus every other gateway at a higher distance, check-gateway=ping, masquerade per WAN; new LAN
// connections spread by PCC connection marks or by ECMP routes in the main table; connections that arrive on a WAN
// (and the router's replies) leave by that WAN; netwatch scripts that take a link's routes down faster than
// check-gateway and flush its connections; inbound server pools as PCC dst-nat with per-backend netwatch; e-mail
// alerts from the netwatch scripts.

/** Intent → the objects a RouterOS router needs. Pure and deterministic: the same intent gives byte-identical plans. */
export function compileRouterOs(input: Intent, options: RouterOsCompileOptions): RouterOsPlan {
  const intent = ZIntent.parse(input);
  const { version, dialect, balancer } = checkOptions(options);
  const ctx: CompileContext = { intent, version, balancer, probes: assignLinkProbes(intent, version) };

  const tier = primaryTier(intent);
  const balanced = intent.links.filter((l) => l.tier === tier);
  const share = pccShares(balanced.map((l) => l.weight));
  const pools = compilePools(ctx);
  const switchable: RouterOsObject[] = [
    ...(version === "7" ? intent.links.map((l) => obj("/routing/table", `table:${l.name}`, { name: connectionMark(l.name), fib: "" })) : []),
    obj("/interface/list", "lan-list", { name: LAN_LIST }),
    ...intent.outbound.lanInterfaces.map((i) => obj("/interface/list/member", `lan-interface:${i}`, { list: LAN_LIST, interface: i })),
    ...intent.outbound.lanSources.map((s) => obj("/ip/firewall/address-list", `lan-source:${s}`, { list: LAN_LIST, address: s })),
    ...ctx.probes.map((p) => obj("/ip/route", `probe:${p.link.name}:${p.target}`, { "dst-address": `${p.target}/32`, gateway: p.link.gateway, scope: "10" })),
    ...linkTableRoutes(ctx),
    ...(balancer === "ecmp" ? ecmpRoutes(ctx) : []),
    ...mangle(ctx, balanced, share),
    ...intent.links.map((l) => obj("/ip/firewall/nat", `nat:${l.name}`, { chain: "srcnat", action: "masquerade", "out-interface": l.interface })),
    ...pools.rules,
  ];
  const watches: WatchSpec[] = [
    ...ctx.probes.map((probe) => ({
      id: linkNetwatchComment(probe.link.name).slice("waymark:".length),
      probe: linkProbeProperties(probe, version),
      extra: { down: flushIf(probe.link.onFailover, probe.link.name), up: flushIf(probe.link.onFailback, probe.link.name) },
      alert: ALERTS.link(probe.link.name, probe.target),
    })),
    ...pools.watches,
  ];
  const objects = [...switchable, ...watches.map((w) => netwatchObject(ctx, w, switchable))];
  assertUniqueComments(objects);
  const warnings = [...intentWarnings(intent), ...routerOsWarnings(ctx, balanced, share), ...pools.warnings];
  const script = [
    title(intent, ctx),
    "# Generated; every object carries a waymark: comment.",
    ...objects.map((o) => renderAdd(o, dialect)),
    ...pools.removals.map((r) => renderRemoval(r, dialect)),
    "",
  ].join("\n");
  const plan: RouterOsPlan = { target: "routeros", version, balancer, objects, removeConnections: pools.removals, warnings, script };
  return pools.backends.length === 0 ? plan : { ...plan, backends: pools.backends };
}

function flushIf(handling: "flush" | "keep", link: string): string[] {
  return handling === "flush" ? [flushLinkLine(link)] : [];
}

function title(intent: Intent, ctx: CompileContext): string {
  const spread = ctx.balancer === "ecmp" ? "ECMP" : intent.outbound.method;
  const pools = intent.inbound?.pools ?? [];
  const inbound = pools.length === 0 ? "" : `; pools ${pools.map((p) => p.name).join(", ")}`;
  return `# Waymark plan for RouterOS v${ctx.version}: ${intent.links.map((l) => l.name).join(", ")}; ${spread}; last resort ${intent.outbound.lastResort}${inbound}`;
}

/** A push finds Waymark's objects by comment: two objects with one comment would make the diff ambiguous. */
function assertUniqueComments(objects: readonly RouterOsObject[]): void {
  const seen = new Set<string>();
  for (const o of objects) {
    const key = `${o.menu} ${o.comment}`;
    if (seen.has(key)) throw new Error(`two plan objects in ${o.menu} share the comment ${o.comment}`);
    seen.add(key);
  }
}
