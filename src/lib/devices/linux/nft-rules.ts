import { z } from "zod";
import { NFT_TABLE, NFT_WATCH_TABLE } from "@/lib/domain/compile/linux/layout";
import { describeOneMatch, describeStatement, type WordContext } from "./nft-words";

// Parses `nft -j list ruleset` (libnftables-json(5)) into every rule the live counters show: the chains of
// Waymark's table and of the admin's own ip/inet tables (the gate's watch table is an instrument, not policy).
// Real output, nftables 1.0.6 (Debian 12), Waymark's dual-WAN table beside an admin's `inet filter`, trimmed:
//
//   {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}},
//    {"table": {"family": "inet", "name": "waymark", "handle": 2}},
//    {"counter": {"family": "inet", "name": "new_isp_a", "table": "waymark", "handle": 1,
//                 "comment": "new connections assigned to isp-a (wan1)", "packets": 0, "bytes": 0}},
//    {"chain": {"family": "inet", "table": "waymark", "name": "postrouting", "handle": 5, "type": "nat",
//               "hook": "postrouting", "prio": 100, "policy": "accept"}},
//    {"rule": {"family": "inet", "table": "waymark", "chain": "pick", "handle": 18, "expr": [{"counter": "nolink_new"}]}},
//    {"rule": {"family": "inet", "table": "waymark", "chain": "forward", "handle": 44, "expr": [{"counter": {"map":
//       {"key": {"meta": {"key": "oifname"}}, "data": {"set": [["wan1", "tx_isp_a"], ["wan2", "tx_isp_b"]]}}}}]}},
//    {"rule": {"family": "inet", "table": "waymark", "chain": "postrouting", "handle": 47, "expr": [{"match": {"op": "==",
//       "left": {"meta": {"key": "oifname"}}, "right": "wan1"}}, {"masquerade": null}]}},
//    {"rule": {"family": "inet", "table": "filter", "chain": "forward", "handle": 3, "comment": "no SMTP from LAN",
//       "expr": [{"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "lan0"}}, {"match": {"op": "==",
//       "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 25}},
//       {"counter": {"packets": 0, "bytes": 0}}, {"drop": null}]}}]}
//
// A rule counts only with a counter statement: an anonymous one carries its numbers, a named one (or a map of
// names, one per packet) counts in the named counters, summed here. Counters are kept exact (quoted before parsing).

export type NftRule = {
  /** "inet waymark", "ip nat". */
  table: string;
  chain: string;
  /** 1-based position in its chain, as `iptables -L --line-numbers` counts. */
  number: number;
  handle: number;
  ownedByWaymark: boolean;
  comment: string | null;
  match: string;
  action: string;
  /** Interfaces the rule names (in or out), to tell which link it serves. */
  interfaces: string[];
  counted: { packets: bigint; bytes: bigint } | null;
};

const ZRuleItem = z.object({
  rule: z.object({
    family: z.string(),
    table: z.string(),
    chain: z.string(),
    handle: z.number(),
    comment: z.string().optional(),
    expr: z.array(z.record(z.string(), z.unknown())),
  }),
});
const ZNamedCounter = z.object({
  counter: z.object({ family: z.string(), table: z.string(), name: z.string(), packets: z.string(), bytes: z.string() }),
});

type Counted = { packets: bigint; bytes: bigint };

const isWatched = (family: string) => family === "ip" || family === "inet";
const tableOf = (family: string, table: string) => `${family} ${table}`;
const WAYMARK = tableOf(NFT_TABLE.family, NFT_TABLE.name);
const WATCH = tableOf(NFT_WATCH_TABLE.family, NFT_WATCH_TABLE.name);

export function parseNftRuleset(json: string, ctx: WordContext): NftRule[] {
  const exact = json.replace(/"(packets|bytes)":\s*(\d+)/g, '"$1":"$2"');
  const items = z.object({ nftables: z.array(z.unknown()) }).parse(JSON.parse(exact)).nftables;
  const named = new Map<string, Counted>();
  for (const item of items) {
    const c = ZNamedCounter.safeParse(item);
    if (c.success)
      named.set(`${tableOf(c.data.counter.family, c.data.counter.table)} ${c.data.counter.name}`, {
        packets: BigInt(c.data.counter.packets),
        bytes: BigInt(c.data.counter.bytes),
      });
  }
  const positions = new Map<string, number>();
  const rules: NftRule[] = [];
  for (const item of items) {
    const parsed = ZRuleItem.safeParse(item);
    if (!parsed.success) continue;
    const r = parsed.data.rule;
    const table = tableOf(r.family, r.table);
    if (!isWatched(r.family) || table === WATCH) continue;
    const chainKey = `${table} ${r.chain}`;
    const number = (positions.get(chainKey) ?? 0) + 1;
    positions.set(chainKey, number);
    rules.push({
      table,
      chain: r.chain,
      number,
      handle: r.handle,
      ownedByWaymark: table === WAYMARK || r.chain.startsWith("WAYMARK_"),
      comment: r.comment ?? null,
      ...words(r.expr, ctx),
      counted: counted(r.expr, table, named),
    });
  }
  return rules;
}

function words(expr: Record<string, unknown>[], ctx: WordContext): { match: string; action: string; interfaces: string[] } {
  const matches: string[] = [];
  const actions: string[] = [];
  const interfaces: string[] = [];
  for (const statement of expr) {
    if ("match" in statement && typeof statement.match === "object" && statement.match !== null) {
      const m = statement.match as Record<string, unknown>;
      const key = JSON.stringify(m.left);
      if (/"key":"(iifname|oifname)"/.test(key) && typeof m.right === "string") interfaces.push(m.right);
      matches.push(describeOneMatch(m, ctx));
    } else {
      const said = describeStatement(statement, ctx);
      if (said !== null) actions.push(said);
      interfaces.push(...countedInterfaces(statement));
    }
  }
  return { match: matches.join(", ") || "every packet", action: actions.join(", ") || "count only", interfaces };
}

/** `counter name oifname map { "wan1" : "tx_isp_a" }` counts per interface: those interfaces are the rule's. */
function countedInterfaces(statement: Record<string, unknown>): string[] {
  const text = JSON.stringify(statement.counter ?? null);
  if (!/"key":"(iifname|oifname)"/.test(text)) return [];
  return [...text.matchAll(/\["([^"]+)","[^"]+"\]/g)].map((m) => m[1]!);
}

function counted(expr: Record<string, unknown>[], table: string, named: Map<string, Counted>): Counted | null {
  let total: Counted | null = null;
  const add = (c: Counted | undefined) => {
    if (c) total = { packets: (total?.packets ?? 0n) + c.packets, bytes: (total?.bytes ?? 0n) + c.bytes };
  };
  for (const statement of expr) {
    if (!("counter" in statement)) continue;
    const c = statement.counter;
    if (typeof c === "string") add(named.get(`${table} ${c}`));
    else if (typeof c === "object" && c !== null && "packets" in c) {
      const anonymous = c as { packets: string; bytes: string };
      add({ packets: BigInt(anonymous.packets), bytes: BigInt(anonymous.bytes) });
    } else {
      // A map of names: every name it can pick counts a share of the rule's packets.
      for (const m of JSON.stringify(c).matchAll(/\[[^[\]]*?,"([^"]+)"\]/g)) add(named.get(`${table} ${m[1]}`));
    }
  }
  return total;
}
