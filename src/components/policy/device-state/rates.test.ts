import { describe, expect, it } from "vitest";
import type { DeviceReading, LinkReading } from "@/lib/domain/device/reading";
import { backendRates, counterGrowth, linkRates, ruleRates } from "./rates";

const link = (name: string, newConnections: string | null, outBytes: string, inBytes: string): LinkReading => ({
  name,
  state: "up",
  since: null,
  lossPercent: null,
  rttMs: null,
  newConnections,
  shareOfNew: null,
  out: { packets: "0", bytes: outBytes },
  in: { packets: "0", bytes: inBytes },
  openConnections: 3,
});

const reading = (readAtMs: number, links: LinkReading[], rulePackets = "0"): DeviceReading => ({
  readAtMs,
  device: { identity: "edge", softwareVersion: "7.16.2" },
  watcher: { running: true, detail: "" },
  links,
  backends: [
    {
      pool: "web",
      name: "web-1",
      address: "192.168.10.200",
      port: 80,
      state: "up",
      since: null,
      probe: "up",
      newConnections: rulePackets,
      openConnections: null,
      traffic: null,
    },
  ],
  rules: [
    {
      key: "mangle:pcc:isp-a:0",
      table: "mangle",
      chain: "prerouting",
      number: 3,
      ownedByWaymark: true,
      what: "new LAN connections, share 1 of 4 → isp-a",
      match: "in interface list LAN, no connection-mark, share 1 of 4 by both addresses, new connections",
      action: "mark connection to-isp-a",
      link: "isp-a",
      packets: rulePackets,
      bytes: rulePackets,
      disabled: false,
    },
  ],
  drift: { drifted: false, entries: [] },
});

describe("[ui] rates between two readings", () => {
  it("gives new connections per second, the live 3:1 share and bit rates from the counters' growth", () => {
    const before = reading(10_000, [link("isp-a", "100", "1000", "5000"), link("isp-b", "35", "0", "0")]);
    const now = reading(13_000, [link("isp-a", "130", "4000", "5000"), link("isp-b", "45", "375", "0")]);
    const rates = linkRates(now, before);
    expect(rates.get("isp-a")).toEqual({ newPerSecond: 10, liveShare: 75, outBitsPerSecond: 8000, inBitsPerSecond: 0 });
    expect(rates.get("isp-b")).toEqual({ newPerSecond: expect.closeTo(3.33, 2), liveShare: 25, outBitsPerSecond: 1000, inBitsPerSecond: 0 });
  });

  it("has no rate or share until there are two readings", () => {
    const rates = linkRates(reading(10_000, [link("isp-a", "100", "1", "1")]), null);
    expect(rates.get("isp-a")).toEqual({ newPerSecond: null, liveShare: null, outBitsPerSecond: null, inBitsPerSecond: null });
    expect(ruleRates(reading(10_000, []), null).get("mangle:pcc:isp-a:0")).toEqual({ packetsPerSecond: null, bitsPerSecond: null });
  });

  it("shows a link counter that went backwards (reset) as no rate, never a negative, and withholds the interval's shares", () => {
    const before = reading(10_000, [link("isp-a", "500", "9000", "9000"), link("isp-b", "100", "0", "0")], "800");
    const now = reading(13_000, [link("isp-a", "20", "100", "12000"), link("isp-b", "110", "0", "0")], "5");
    const rates = linkRates(now, before);
    expect(rates.get("isp-a")).toMatchObject({ newPerSecond: null, liveShare: null, outBitsPerSecond: null, inBitsPerSecond: 8000 });
    expect(rates.get("isp-b")).toMatchObject({ newPerSecond: expect.closeTo(3.33, 2), liveShare: null });
    // A rule counter that went down was reset and counts from zero: 5 packets (and bytes) in 3 s, not −795.
    expect(ruleRates(now, before).get("mangle:pcc:isp-a:0")).toEqual({ packetsPerSecond: expect.closeTo(1.67, 2), bitsPerSecond: expect.closeTo(13.33, 2) });
    expect(backendRates(now, before).get("web/web-1")).toBeNull();
  });

  it("has no share in an interval without new connections, and leaves links the device does not count out of it", () => {
    const still = linkRates(reading(13_000, [link("isp-a", "7", "0", "0")]), reading(10_000, [link("isp-a", "7", "0", "0")]));
    expect(still.get("isp-a")).toMatchObject({ newPerSecond: 0, liveShare: null });
    const partly = linkRates(
      reading(12_000, [link("isp-a", "20", "0", "0"), link("lte", null, "0", "0")]),
      reading(10_000, [link("isp-a", "10", "0", "0"), link("lte", null, "0", "0")]),
    );
    expect(partly.get("isp-a")?.liveShare).toBe(100);
    expect(partly.get("lte")?.liveShare).toBeNull();
  });

  it("counts past 2^53 exactly", () => {
    expect(counterGrowth("18446744073709551615", "18446744073709551610")).toBe(5n);
    expect(ruleRates(reading(11_000, [], "9007199254740993"), reading(10_000, [], "9007199254740992")).get("mangle:pcc:isp-a:0")).toEqual({
      packetsPerSecond: 1,
      bitsPerSecond: 8,
    });
  });
});
