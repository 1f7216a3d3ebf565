import type { DeviceReading } from "../device/reading";
import { backendKey, type BackendRates, type LinkRates, type LiveRates, type RuleRates } from "./live";

// Rates between two readings of one device, computed on the server so every browser, /metrics and the history see
// the same numbers. Counters are cumulative decimal strings, 64-bit on the device: growth is exact in BigInt and
// only the per-second figure becomes a float. A counter that went down was reset (a reboot, reset-counters, a new
// push replacing a rule): a link's traffic then has no rate for that interval, a rule (and a backend, counted by
// its rules) has counted from zero since, so its growth is what it shows now. Never a negative, never a spike.

/** Growth of a counter between two readings; null when either side is missing or the counter went down. */
export function counterGrowth(now: string | null | undefined, before: string | null | undefined): bigint | null {
  if (now === null || now === undefined || before === null || before === undefined) return null;
  const growth = BigInt(now) - BigInt(before);
  return growth < 0n ? null : growth;
}

/** Growth of a rule's counter: one that went down has counted from zero since its reset. */
export function growthSinceReset(now: string | null | undefined, before: string | null | undefined): bigint | null {
  if (now === null || now === undefined || before === null || before === undefined) return null;
  return counterGrowth(now, before) ?? BigInt(now);
}

export function perSecond(growth: bigint | null, elapsedMs: number): number | null {
  if (growth === null || elapsedMs <= 0) return null;
  return Number(growth * 1000n) / elapsedMs;
}

const bits = (bytesPerSecond: number | null): number | null => (bytesPerSecond === null ? null : bytesPerSecond * 8);

type Growth = (now: string | null | undefined, before: string | null | undefined) => bigint | null;

type Counted = { packets: string | null; bytes: string | null };

function trafficRates(now: Counted | null, before: Counted | null | undefined, elapsedMs: number, growth: Growth) {
  return {
    packetsPerSecond: perSecond(growth(now?.packets, before?.packets), elapsedMs),
    bitsPerSecond: bits(perSecond(growth(now?.bytes, before?.bytes), elapsedMs)),
  };
}

function linkRates(current: DeviceReading, previous: DeviceReading | null, elapsedMs: number): Record<string, LinkRates> {
  const before = new Map(previous?.links.map((l) => [l.name, l]) ?? []);
  const rows = current.links.map((link) => {
    const earlier = before.get(link.name);
    const newGrowth = elapsedMs > 0 ? counterGrowth(link.newConnections, earlier?.newConnections) : null;
    const out = trafficRates(link.out, earlier?.out, elapsedMs, counterGrowth);
    const inbound = trafficRates(link.in, earlier?.in, elapsedMs, counterGrowth);
    return { name: link.name, counted: link.newConnections !== null, newGrowth, out, inbound };
  });
  // A share is only honest when every counting link has a growth for the interval: one reset link would
  // otherwise hand its connections to the others.
  const counting = rows.filter((r) => r.counted);
  const complete = counting.length > 0 && counting.every((r) => r.newGrowth !== null);
  const total = complete ? counting.reduce((sum, r) => sum + (r.newGrowth ?? 0n), 0n) : 0n;
  return Object.fromEntries(
    rows.map((r) => [
      r.name,
      {
        newPerSecond: perSecond(r.newGrowth, elapsedMs),
        liveShare: total === 0n || r.newGrowth === null ? null : Number((r.newGrowth * 10_000n) / total) / 100,
        outBitsPerSecond: r.out.bitsPerSecond,
        inBitsPerSecond: r.inbound.bitsPerSecond,
        outPacketsPerSecond: r.out.packetsPerSecond,
        inPacketsPerSecond: r.inbound.packetsPerSecond,
      },
    ]),
  );
}

function ruleRates(current: DeviceReading, previous: DeviceReading | null, elapsedMs: number): Record<string, RuleRates> {
  const before = new Map(previous?.rules.map((r) => [r.key, r]) ?? []);
  return Object.fromEntries(
    current.rules.map((r) => {
      const earlier = before.get(r.key);
      return [r.key, trafficRates(r, earlier, elapsedMs, growthSinceReset)];
    }),
  );
}

function backendRates(current: DeviceReading, previous: DeviceReading | null, elapsedMs: number): Record<string, BackendRates> {
  const before = new Map(previous?.backends.map((b) => [backendKey(b), b]) ?? []);
  return Object.fromEntries(
    current.backends.map((b) => {
      const earlier = before.get(backendKey(b));
      return [
        backendKey(b),
        {
          newPerSecond: perSecond(growthSinceReset(b.newConnections, earlier?.newConnections), elapsedMs),
          bitsPerSecond: bits(perSecond(growthSinceReset(b.traffic?.bytes, earlier?.traffic?.bytes), elapsedMs)),
        },
      ];
    }),
  );
}

/** Every rate of a device between its previous reading and this one; all null for a first reading. */
export function liveRates(current: DeviceReading, previous: DeviceReading | null): LiveRates {
  const elapsedMs = previous ? current.readAtMs - previous.readAtMs : 0;
  const usable = previous && elapsedMs > 0 ? previous : null;
  return {
    elapsedMs: previous ? elapsedMs : null,
    links: linkRates(current, usable, elapsedMs),
    rules: ruleRates(current, usable, elapsedMs),
    backends: backendRates(current, usable, elapsedMs),
  };
}
