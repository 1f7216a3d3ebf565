// A dual-WAN device with one pool of three backends, as the monitor would publish it after each poll: the shape
// the history's tests and its footprint measurement record. Traffic wanders like a small office's (a seeded
// random walk), so compression is measured on data that is neither constant nor noise.
import type { DeviceLive } from "@/lib/domain/monitor/live";

export type DualWanOptions = { deviceId: string; atMs: number; seq: number; wan2State?: "up" | "degraded" | "down"; seed?: number };

function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

export function dualWanLive({ deviceId, atMs, seq, wan2State = "up", seed = 7 }: DualWanOptions): DeviceLive {
  const rnd = random(seed * 100_003 + seq);
  const wobble = (base: number, spread: number) => Math.max(0, Math.round(base * (1 + (rnd() - 0.5) * spread)));
  const link = (name: string, state: "up" | "degraded" | "down") => ({
    name,
    state,
    since: null,
    lossPercent: state === "up" ? 0 : state === "degraded" ? 20 : 100,
    rttMs: state === "down" ? null : Math.round((8 + rnd() * 4) * 100) / 100,
    newConnections: String(1000 + seq * 5),
    shareOfNew: 50,
    out: { packets: String(seq * 900), bytes: String(seq * 600_000) },
    in: { packets: String(seq * 1200), bytes: String(seq * 1_500_000) },
    openConnections: wobble(140, 0.2),
  });
  const backend = (name: string, address: string) => ({
    pool: "web",
    name,
    address,
    port: 443,
    state: "up" as const,
    since: null,
    probe: "up" as const,
    newConnections: String(seq * 3),
    openConnections: wobble(12, 0.5),
    traffic: { packets: String(seq * 3), bytes: String(seq * 180) },
  });
  const linkRates = (down: boolean) => ({
    newPerSecond: down ? 0 : wobble(25, 0.6) / 10,
    liveShare: down ? 0 : 50,
    outBitsPerSecond: down ? 0 : wobble(2_400_000, 0.5),
    inBitsPerSecond: down ? 0 : wobble(9_600_000, 0.5),
    outPacketsPerSecond: down ? 0 : wobble(450, 0.5),
    inPacketsPerSecond: down ? 0 : wobble(820, 0.5),
  });
  const backendRates = () => ({ newPerSecond: wobble(15, 0.6) / 10, bitsPerSecond: wobble(720, 0.6) });
  return {
    deviceId,
    seq,
    at: atMs,
    intervalMs: 2000,
    state: "ok",
    problem: null,
    nextAttemptAt: null,
    pollMs: 40,
    polledBy: "test",
    reading: {
      readAtMs: atMs,
      device: { identity: "edge", softwareVersion: "7.16" },
      watcher: { running: true, detail: "" },
      links: [link("wan1", "up"), link("wan2", wan2State)],
      backends: [backend("web1", "10.0.0.11"), backend("web2", "10.0.0.12"), backend("web3", "10.0.0.13")],
      rules: [],
      drift: { drifted: false, entries: [] },
    },
    rates: {
      elapsedMs: seq === 0 ? null : 2000,
      links: { wan1: linkRates(false), wan2: linkRates(wan2State === "down") },
      rules: {},
      backends: { "web/web1": backendRates(), "web/web2": backendRates(), "web/web3": backendRates() },
    },
    lastPush: null,
  };
}
