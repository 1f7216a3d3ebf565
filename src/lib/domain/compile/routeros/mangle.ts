import type { Link } from "../../intent";
import { LAN_LIST, obj, type CompileContext } from "./context";
import { connectionMark } from "./netwatch";
import type { PccShare } from "./pcc";
import type { RouterOsObject } from "./types";

// Mangle: connection marks say which link a connection belongs to; routing marks send its packets through that
// link's table. PCC marks new LAN connections by weight; ECMP lets the main table choose and marks the connection
// with the link it left by, so it stays there.

const M = "/ip/firewall/mangle";
const CLASSIFIER = { "per-connection": "both-addresses-and-ports", "sticky-source": "src-address", "sticky-source-destination": "both-addresses" } as const;
const fromLan = { "in-interface-list": LAN_LIST };
const newUnmarked = { "connection-mark": "no-mark", "connection-state": "new", "dst-address-type": "!local" };
const markConnection = (link: string) => ({ action: "mark-connection", "new-connection-mark": connectionMark(link), passthrough: "yes" });

export function mangle(ctx: CompileContext, balanced: Link[], share: PccShare): RouterOsObject[] {
  const { intent } = ctx;
  return [
    // LAN to LAN stays in the main table: never balanced, never marked.
    obj(M, "lan-accept", { chain: "prerouting", action: "accept", ...fromLan, "dst-address-list": LAN_LIST }),
    // A connection arriving on a WAN keeps that link, so replies (forwarded or from the router) leave the way it came.
    ...intent.links.map((l) =>
      obj(M, `in:${l.name}`, { chain: "prerouting", "in-interface": l.interface, "connection-mark": "no-mark", ...markConnection(l.name) }),
    ),
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
    ...(ctx.balancer === "pcc" ? pccRules(ctx, balanced, share) : []),
    ...intent.links.map((l) =>
      obj(M, `mark-routing:${l.name}`, {
        chain: "prerouting",
        ...fromLan,
        "connection-mark": connectionMark(l.name),
        action: "mark-routing",
        "new-routing-mark": connectionMark(l.name),
        passthrough: "no",
      }),
    ),
    ...intent.links.map((l) =>
      obj(M, `output:${l.name}`, {
        chain: "output",
        "connection-mark": connectionMark(l.name),
        action: "mark-routing",
        "new-routing-mark": connectionMark(l.name),
        passthrough: "no",
      }),
    ),
    ...(ctx.balancer === "ecmp" ? ecmpPins(ctx) : []),
  ];
}

function pccRules(ctx: CompileContext, balanced: Link[], share: PccShare): RouterOsObject[] {
  const classifier = CLASSIFIER[ctx.intent.outbound.method];
  return balanced.flatMap((l, i) =>
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
  );
}

/**
 * ECMP chooses a gateway per packet flow; marking the connection with the interface its first packet left by makes
 * every later packet follow the link's table (where its NAT address is valid), and lets a netwatch flush exactly
 * the dead link's connections.
 */
function ecmpPins(ctx: CompileContext): RouterOsObject[] {
  return ctx.intent.links.map((l) =>
    obj(M, `ecmp-pin:${l.name}`, { chain: "postrouting", "out-interface": l.interface, "connection-mark": "no-mark", ...markConnection(l.name) }),
  );
}
