import { describe, expect, it } from "vitest";
import { compileLinux } from "@/lib/domain/compile/linux";
import { liveRates } from "@/lib/domain/monitor/rates";
import { ZIntent, type IntentInput } from "@/lib/domain/intent";
import type { NamedCounter } from "../nft-counters";
import { parsePoolState } from "../pool-state";
import type { GatewayState } from "../read-state";
import { toDeviceReading } from "./reading";

// A Linux pool's backends in the reading (the shape RouterOS pools have), and through the monitor's rates, which
// the history and the live view take them from.

const input: IntentInput = {
  links: [{ name: "isp1", interface: "wan1", gateway: "198.51.100.1", probe: { targets: ["192.0.2.10"] } }],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
  inbound: {
    pools: [
      {
        name: "web",
        listen: { interface: "wan1", protocol: "tcp", port: 80 },
        backends: [
          { name: "b1", address: "192.168.10.11", port: 8080 },
          { name: "b2", address: "192.168.10.12", port: 8080, state: "drain" },
        ],
      },
    ],
  },
};
const plan = compileLinux(ZIntent.parse(input), { flavour: "nftables" });

const counter = (name: string, packets: number, bytes: number): [string, NamedCounter] => [
  name,
  { name, packets: BigInt(packets), bytes: BigInt(bytes) } as NamedCounter,
];

function state(readAtMs: number, b1New: number, b1Bytes: number): GatewayState {
  return {
    readAtMs,
    tableHash: "a".repeat(64),
    monitor: { running: true, updatedAt: readAtMs },
    links: [],
    rules: [],
    counters: new Map([
      counter("pool_web_b0_new", b1New, b1New * 60),
      counter("pool_web_b0_tx", b1New * 5, b1Bytes),
      counter("pool_web_b0_rx", b1New * 4, b1Bytes),
      counter("pool_web_b1_new", 7, 420),
      counter("pool_web_b1_tx", 30, 3000),
      counter("pool_web_b1_rx", 20, 9000),
    ]),
    pools: parsePoolState(
      [
        "pools pid=9 started=1000 updated=2000 format=1 apply=ok",
        "backend 0 0 web b1 up since=1000 fails=0 passes=9",
        "backend 0 1 web b2 down since=1500 fails=2 passes=0",
      ].join("\n"),
    ),
    backendConnections: new Map([["tcp 192.168.10.12:8080", 1]]),
  };
}

describe("[linux] pool backends in the reading", () => {
  it("reads verdicts, counters and open connections, and the monitor's rates take them", () => {
    const before = toDeviceReading(state(10_000, 100, 50_000), plan, null);
    const after = toDeviceReading(state(12_000, 140, 250_000), plan, null);
    expect(after.backends).toEqual([
      {
        pool: "web",
        name: "b1",
        address: "192.168.10.11",
        port: 8080,
        state: "up",
        since: new Date(1000).toISOString(),
        probe: "up",
        newConnections: "140",
        openConnections: 0,
        traffic: { packets: String(140 * 9), bytes: "500000" },
      },
      {
        pool: "web",
        name: "b2",
        address: "192.168.10.12",
        port: 8080,
        state: "drain",
        since: new Date(1500).toISOString(),
        probe: "down",
        newConnections: "7",
        openConnections: 1,
        traffic: { packets: "50", bytes: "12000" },
      },
    ]);
    const rates = liveRates(after, before);
    const b1 = Object.entries(rates.backends).find(([key]) => key.includes("b1"))?.[1];
    expect(b1).toMatchObject({ newPerSecond: 20, bitsPerSecond: 1_600_000 });
  });

  it("says unknown while the checks have not written their state, or the monitor is not running", () => {
    const s = { ...state(10_000, 1, 1), pools: null };
    expect(toDeviceReading(s, plan, null).backends.map((b) => [b.state, b.probe])).toEqual([
      ["unknown", "unknown"],
      ["drain", "unknown"],
    ]);
    const stopped = { ...state(10_000, 1, 1), monitor: { running: false, updatedAt: 1 } };
    expect(toDeviceReading(stopped, plan, null).backends[0]).toMatchObject({ state: "unknown", since: null });
  });
});
