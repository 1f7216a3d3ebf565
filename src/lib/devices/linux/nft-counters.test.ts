import { describe, expect, it } from "vitest";
import { parseNftCounters } from "./nft-counters";

describe("[linux] nft -j counters", () => {
  it("reads named counters and keeps values past 2^53 exact", () => {
    const json = `{"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}},
      {"counter": {"family": "inet", "name": "new_isp_a", "table": "waymark", "handle": 5, "packets": 308, "bytes": 18480}},
      {"counter": {"family": "inet", "name": "tx_isp_a", "table": "waymark", "handle": 6, "packets": 12, "bytes": 18446744073709551000}}]}`;
    const counters = parseNftCounters(json);
    expect(counters.get("new_isp_a")).toEqual({ packets: 308n, bytes: 18480n });
    expect(counters.get("tx_isp_a")?.bytes).toBe(18446744073709551000n);
  });

  it("ignores objects that are not counters and refuses non-JSON", () => {
    expect(parseNftCounters('{"nftables":[{"metainfo":{}},{"set":{"name":"links_up"}}]}').size).toBe(0);
    expect(() => parseNftCounters("Error: No such file or directory")).toThrow();
  });
});
