import { describe, expect, it } from "vitest";
import type { DeviceReading, LinkReading, RuleReading } from "../device/reading";
import { counterGrowth, growthSinceReset, liveRates, perSecond } from "./rates";

const link = (name: string, newConnections: string | null, outBytes: string, outPackets = "0"): LinkReading => ({
  name,
  state: "up",
  since: null,
  lossPercent: null,
  rttMs: null,
  newConnections,
  shareOfNew: null,
  out: { packets: outPackets, bytes: outBytes },
  in: { packets: "0", bytes: "0" },
  openConnections: null,
});

const rule = (key: string, packets: string | null, bytes: string | null): RuleReading => ({
  key,
  table: "mangle",
  chain: "prerouting",
  number: 0,
  ownedByWaymark: true,
  what: "",
  match: "",
  action: "",
  link: null,
  packets,
  bytes,
  disabled: false,
});

const reading = (readAtMs: number, links: LinkReading[], rules: RuleReading[] = [], backends: DeviceReading["backends"] = []): DeviceReading => ({
  readAtMs,
  device: { identity: "edge", softwareVersion: "7.16.2" },
  watcher: { running: true, detail: "" },
  links,
  backends,
  rules,
  drift: { drifted: false, entries: [] },
});

const NEAR_2_63 = 2n ** 63n - 10_000n;

describe("server-side rates", () => {
  it("are exact for 64-bit counters near 2^63", () => {
    const before = NEAR_2_63.toString();
    const after = (NEAR_2_63 + 2_000n).toString();
    expect(counterGrowth(after, before)).toBe(2_000n);
    const rates = liveRates(reading(3_000, [link("wan1", after, after, after)]), reading(1_000, [link("wan1", before, before, before)]));
    expect(rates.elapsedMs).toBe(2_000);
    expect(rates.links.wan1).toMatchObject({ newPerSecond: 1_000, outBitsPerSecond: 8_000, outPacketsPerSecond: 1_000, liveShare: 100 });
  });

  it("give a link no rate across a reset, never a negative or a spike", () => {
    const rates = liveRates(
      reading(2_000, [link("wan1", "5", "100"), link("wan2", "50", "900")]),
      reading(1_000, [link("wan1", "9000", "1000000"), link("wan2", "40", "800")]),
    );
    expect(rates.links.wan1).toMatchObject({ newPerSecond: null, outBitsPerSecond: null, liveShare: null });
    // One reset link makes every share unknowable for the interval: its connections would go to the others.
    expect(rates.links.wan2).toMatchObject({ newPerSecond: 10, outBitsPerSecond: 800, liveShare: null });
  });

  it("count a rule's growth since its reset", () => {
    expect(growthSinceReset("30", "1000")).toBe(30n);
    const rates = liveRates(
      reading(2_000, [], [rule("a", "30", "3000"), rule("b", null, null)]),
      reading(1_000, [], [rule("a", "1000", "99999"), rule("b", null, null)]),
    );
    expect(rates.rules.a).toEqual({ packetsPerSecond: 30, bitsPerSecond: 24_000 });
    expect(rates.rules.b).toEqual({ packetsPerSecond: null, bitsPerSecond: null });
  });

  it("give backends new connections and bits per second", () => {
    const backend = (newConnections: string, bytes: string) => ({
      pool: "web",
      name: "b1",
      address: "10.0.0.1",
      port: 443,
      state: "up" as const,
      since: null,
      probe: "up" as const,
      newConnections,
      openConnections: 0,
      traffic: { packets: newConnections, bytes },
    });
    const rates = liveRates(reading(1_500, [], [], [backend("13", "1300")]), reading(1_000, [], [], [backend("10", "1000")]));
    expect(rates.backends["web/b1"]).toEqual({ newPerSecond: 6, bitsPerSecond: 4_800 });
  });

  it("are null for a first reading and for readings out of order", () => {
    const first = liveRates(reading(1_000, [link("wan1", "5", "5")]), null);
    expect(first.elapsedMs).toBeNull();
    expect(first.links.wan1?.newPerSecond).toBeNull();
    const backwards = liveRates(reading(1_000, [link("wan1", "9", "9")]), reading(2_000, [link("wan1", "5", "5")]));
    expect(backwards.links.wan1?.outBitsPerSecond).toBeNull();
    expect(perSecond(5n, 0)).toBeNull();
  });
});
