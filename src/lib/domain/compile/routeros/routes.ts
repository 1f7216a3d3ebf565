import type { Intent, Link } from "../../intent";
import { connectionMark } from "./netwatch";
import { obj, switchedByLink, type CompileContext } from "./context";
import { pccShares } from "./pcc";
import type { RouterOsObject } from "./types";

// Routes: one routing mark (v6) or table (v7) per link, holding that link's gateway plus every other gateway at a
// higher distance, so connections marked for a dead link fail over; and, for the ECMP balancer, the equal-cost
// default routes in the main table that spread the LAN's new connections.

const LAST_RESORT_DISTANCE = "254";
/** Gateways in one v6 ECMP route once weights are realised by repetition [UNVERIFIED: RouterOS's own limit]. */
export const MAX_ECMP_GATEWAYS = 16;

function table(ctx: CompileContext, link: string): Record<string, string> {
  return ctx.version === "7" ? { "routing-table": connectionMark(link) } : { "routing-mark": connectionMark(link) };
}

function refuse(ctx: CompileContext): Record<string, string> {
  // v7 routes have no unreachable/prohibit type: a blackhole stands in (the plan warns).
  return ctx.version === "7" ? { blackhole: "" } : { type: ctx.intent.outbound.lastResort };
}

export function linkTableRoutes(ctx: CompileContext): RouterOsObject[] {
  const { intent } = ctx;
  return intent.links.flatMap((own) => {
    // The link's own gateway first; then the others, same tier before backups, each one distance further.
    const others = intent.links.filter((l) => l !== own).sort((a, b) => a.tier - b.tier);
    const routes = [own, ...others].map((via, index) =>
      obj(
        "/ip/route",
        `route:${own.name}:via:${via.name}`,
        { "dst-address": "0.0.0.0/0", gateway: via.gateway, distance: String(index + 1), "check-gateway": "ping", ...table(ctx, own.name) },
        switchedByLink(ctx, via.name),
      ),
    );
    if (intent.outbound.lastResort === "main-table") return routes;
    const last = obj("/ip/route", `last-resort:${own.name}`, {
      "dst-address": "0.0.0.0/0",
      distance: LAST_RESORT_DISTANCE,
      ...refuse(ctx),
      ...table(ctx, own.name),
    });
    return [...routes, last];
  });
}

/** Tiers in ascending order with their links; a tier's number is its routes' distance in the main table. */
export function tiers(intent: Intent): { tier: number; links: Link[] }[] {
  const numbers = [...new Set(intent.links.map((l) => l.tier))].sort((a, b) => a - b);
  return numbers.map((tier) => ({ tier, links: intent.links.filter((l) => l.tier === tier) }));
}

/**
 * v6: one route per tier whose gateway list repeats each gateway by its gcd-reduced weight ("gateway=a,a,a,b" is
 * 3:1). v7: one route per link at its tier's distance; RouterOS groups equal-distance routes into ECMP itself.
 */
export function ecmpRoutes(ctx: CompileContext): RouterOsObject[] {
  const { intent } = ctx;
  const base = { "dst-address": "0.0.0.0/0", "check-gateway": "ping" };
  const routes =
    ctx.version === "6"
      ? tiers(intent).map(({ tier, links }) => {
          const share = pccShares(
            links.map((l) => l.weight),
            MAX_ECMP_GATEWAYS,
          );
          const gateways = links.flatMap((l, i) => share.remainders[i]!.map(() => l.gateway));
          return obj("/ip/route", `ecmp:tier-${tier}`, { ...base, gateway: gateways.join(","), distance: String(tier) });
        })
      : intent.links.map((l) => obj("/ip/route", `ecmp:${l.name}`, { ...base, gateway: l.gateway, distance: String(l.tier) }, switchedByLink(ctx, l.name)));
  if (intent.outbound.lastResort === "main-table") return routes;
  return [...routes, obj("/ip/route", "ecmp:last-resort", { "dst-address": "0.0.0.0/0", distance: LAST_RESORT_DISTANCE, ...refuse(ctx) })];
}
