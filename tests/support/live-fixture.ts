// A DeviceLive as the monitor would publish it, with as many rules as a test needs (a big router's mangle and nat
// tables run to hundreds), for the live bus bridge and /metrics tests. Counters are distinct 64-bit values, so a
// test can tell them apart and see that none was rounded on the way.
import type { DeviceReading } from "@/lib/domain/device/reading";
import type { DeviceLive } from "@/lib/domain/monitor/live";

export function liveFixture(options: { deviceId?: string; seq?: number; at?: number; polledBy?: string; rules?: number } = {}): DeviceLive {
  const at = options.at ?? 1_765_000_000_000;
  const reading: DeviceReading = {
    readAtMs: at,
    device: { identity: "edge-1", softwareVersion: "7.16.2" },
    watcher: { running: true, detail: "netwatch: 4 entries" },
    links: [
      {
        name: "isp-a",
        state: "up",
        since: "2026-12-06T01:00:00.000Z",
        lossPercent: 2.5,
        rttMs: 14.2,
        newConnections: "18446744073709551000",
        shareOfNew: 60,
        out: { packets: "9007199254740993", bytes: "123456789012345678" },
        in: { packets: "4000", bytes: "5000000" },
        openConnections: 42,
      },
      {
        name: "isp-b",
        state: "down",
        since: "2026-12-06T01:02:00.000Z",
        lossPercent: 100,
        rttMs: null,
        newConnections: "7",
        shareOfNew: 40,
        out: null,
        in: null,
        openConnections: 0,
      },
    ],
    backends: [
      {
        pool: "web",
        name: "app-1",
        address: "10.0.0.11",
        port: 443,
        state: "up",
        since: null,
        probe: "up",
        newConnections: "1234",
        openConnections: 17,
        traffic: { packets: "1234", bytes: "74040" },
      },
      {
        pool: "web",
        name: 'app "2"',
        address: "10.0.0.12",
        port: 443,
        state: "drain",
        since: null,
        probe: "down",
        newConnections: "99",
        openConnections: 0,
        traffic: null,
      },
    ],
    rules: Array.from({ length: options.rules ?? 3 }, (_, i) => ({
      key: `mangle:${i}:${(i * 2654435761) % 4294967296}`,
      table: i % 3 === 2 ? "nat" : "mangle",
      chain: i % 3 === 2 ? "srcnat" : "prerouting",
      number: i,
      ownedByWaymark: i % 5 !== 0,
      what: `new LAN connections, share ${(i % 4) + 1} of 4 → isp-${i % 2 ? "b" : "a"} (rule ${i})`,
      match: `tcp to 203.0.113.${i % 250}:${1000 + i} from LAN, new connections`,
      action: `mark connection to-isp-${i % 2 ? "b" : "a"}`,
      link: i % 2 ? "isp-b" : "isp-a",
      packets: String(1_000_003n * BigInt(i + 1) + 9_007_199_254_740_000n),
      bytes: String(1_500_000_017n * BigInt(i + 1)),
      disabled: i === 1,
    })),
    drift: { drifted: false, entries: [] },
  };
  return {
    deviceId: options.deviceId ?? "dev-1",
    seq: options.seq ?? 1,
    at,
    intervalMs: 2000,
    state: "ok",
    problem: null,
    nextAttemptAt: null,
    pollMs: 37,
    polledBy: options.polledBy ?? "instance-a",
    reading,
    rates: null,
    lastPush: null,
  };
}
