// Waymark's RouterOS objects in the admin's words. The comment id (after "waymark:") says what an object is for;
// the plan's own properties fill in the details. Only this adapter knows the comment grammar: the UI never sees it.

import type { RouterOsObject } from "@/lib/domain/compile/routeros";

export type ObjectMeaning = { what: string; link: string | null };

const classifierShare = (object: RouterOsObject | undefined): string => {
  const pcc = object?.properties["per-connection-classifier"];
  const match = pcc ? /:(\d+)\/(\d+)$/.exec(pcc) : null;
  return match ? `, share ${Number(match[2]) + 1} of ${match[1]}` : "";
};

const markedLink = (object: RouterOsObject | undefined): string | null => object?.properties["new-connection-mark"]?.replace(/^to-/, "") ?? null;

/** `id` is the comment without "waymark:"; `object` the plan object it belongs to, when there is one. */
export function describeObject(id: string, object?: RouterOsObject): ObjectMeaning {
  const [kind = "", a = "", b = "", c = ""] = id.split(":");
  switch (kind) {
    case "pcc":
      return { what: `new LAN connections${classifierShare(object)} → ${a}`, link: a };
    case "ecmp-pin":
      return { what: `new LAN connections the ECMP routes sent out of ${a}, kept on it`, link: a };
    case "in":
      return { what: `connections arriving on ${a} answer through ${a}`, link: a };
    case "mark-routing":
      return { what: `LAN packets of ${a}'s connections routed by its table`, link: a };
    case "output":
      return { what: `the router's own packets of ${a}'s connections routed by its table`, link: a };
    case "pin": {
      const link = markedLink(object);
      const from = object?.properties["src-address"] ?? object?.properties["src-address-list"];
      const to = object?.properties["dst-address"];
      const match = [from ? `from ${from}` : "", to ? `to ${to}` : ""].filter(Boolean).join(" ");
      return { what: `pinned traffic #${a}${match ? ` (${match})` : ""} → ${link ?? "?"}`, link };
    }
    case "nat":
      return { what: `masquerade out of ${a}`, link: a };
    case "lan-accept":
      return { what: "LAN-to-LAN traffic left unbalanced", link: null };
    case "pool":
      return c === "fallback"
        ? { what: `pool ${a}: connections for ${b} when no share matched`, link: null }
        : { what: `pool ${a}: new connections${classifierShare(object)} → ${b}`, link: null };
    case "route":
      return { what: b === "via" && c === a ? `${a}'s table: default route via ${a}` : `${a}'s table: backup route via ${c}`, link: a };
    case "ecmp":
      return {
        what: a === "last-resort" ? "last resort when every link is down" : `balanced default route (${a})`,
        link: a.startsWith("tier-") || a === "last-resort" ? null : a,
      };
    case "last-resort":
      return { what: `${a}'s table: last resort when every link is down`, link: a };
    case "table":
      return { what: `routing table of ${a}`, link: a };
    case "probe":
      return { what: `host route to probe target ${b} through ${a}`, link: a };
    case "netwatch":
      return { what: `health probe of ${a}`, link: a };
    case "drill":
      return { what: `failover drill: ${a}'s probe answers dropped`, link: a };
    case "backend":
      return { what: `health probe of backend ${b} in pool ${a}`, link: null };
    case "lan-list":
      return { what: "the LAN interface list", link: null };
    case "lan-interface":
      return { what: `LAN interface ${a}`, link: null };
    case "lan-source":
      return { what: `LAN source ${id.slice("lan-source:".length)}`, link: null };
    default:
      return { what: id, link: null };
  }
}

export const WAYMARK_PREFIX = "waymark:";
export const commentId = (comment: string): string => (comment.startsWith(WAYMARK_PREFIX) ? comment.slice(WAYMARK_PREFIX.length) : comment);
