import { z } from "zod";

// Parses `nft -j list counters table inet waymark` (or the named counters of one table out of `nft -j list ruleset`). Schema: libnftables-json(5) — top level
// { "nftables": [ { "metainfo": … }, { "counter": { family, name, table, handle, packets, bytes } }, … ] }.
// Real sample (nftables 1.0.6, shared/reference/linux-gateway.md §1.8):
//
//   {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}},
//    {"counter": {"family": "inet", "name": "new_wan1", "table": "wanlb", "handle": 5,
//                 "comment": "new flows assigned to wan1", "packets": 308, "bytes": 18480}}]}
//
// Byte counters pass 2^53 on a busy link within months of uptime, so digits are kept exact as bigint: long
// numbers are quoted before JSON.parse can round them.
const ZCounter = z.object({
  counter: z.object({
    family: z.string().optional(),
    table: z.string().optional(),
    name: z.string(),
    packets: z.union([z.string(), z.number()]),
    bytes: z.union([z.string(), z.number()]),
  }),
});

export type NamedCounter = { packets: bigint; bytes: bigint };

export function parseNftCounters(json: string, only?: { family: string; name: string }): Map<string, NamedCounter> {
  const exact = json.replace(/"(packets|bytes)":\s*(\d+)/g, '"$1":"$2"');
  const parsed = z.object({ nftables: z.array(z.unknown()) }).parse(JSON.parse(exact));
  const counters = new Map<string, NamedCounter>();
  for (const item of parsed.nftables) {
    const counter = ZCounter.safeParse(item);
    if (counter.success) {
      const { name, packets, bytes, family, table } = counter.data.counter;
      if (only && (family !== only.family || table !== only.name)) continue;
      counters.set(name, { packets: BigInt(packets), bytes: BigInt(bytes) });
    }
  }
  return counters;
}
