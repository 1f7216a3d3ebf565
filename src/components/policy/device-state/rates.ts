import type { DeviceReading } from "@/lib/domain/device/reading";

// Rates between two readings of one device. Counters are cumulative decimal strings (64-bit on the device); one
// that went backwards was reset (a new push, a reboot) and gives no rate for that interval rather than a negative.

/** Growth of a counter between two readings; null when either side is missing or the counter was reset. */
export function counterGrowth(now: string | null | undefined, before: string | null | undefined): bigint | null {
  if (now === null || now === undefined || before === null || before === undefined) return null;
  const growth = BigInt(now) - BigInt(before);
  return growth < 0n ? null : growth;
}

export function perSecond(growth: bigint | null, elapsedMs: number): number | null {
  if (growth === null || elapsedMs <= 0) return null;
  return (Number(growth) * 1000) / elapsedMs;
}

export type LinkRates = {
  newPerSecond: number | null;
  /** This link's share of the new connections of the interval, 0–100; null without new connections. */
  liveShare: number | null;
  outBitsPerSecond: number | null;
  inBitsPerSecond: number | null;
};

const bitsPerSecond = (now: string | undefined, before: string | undefined, elapsedMs: number): number | null => {
  const bytes = perSecond(counterGrowth(now, before), elapsedMs);
  return bytes === null ? null : bytes * 8;
};

export function linkRates(current: DeviceReading, previous: DeviceReading | null): Map<string, LinkRates> {
  const elapsedMs = previous ? current.readAtMs - previous.readAtMs : 0;
  const before = new Map(previous?.links.map((l) => [l.name, l]) ?? []);
  const rows = current.links.map((link) => {
    const earlier = before.get(link.name);
    const newGrowth = elapsedMs > 0 ? counterGrowth(link.newConnections, earlier?.newConnections) : null;
    return {
      name: link.name,
      counted: link.newConnections !== null,
      newGrowth,
      newPerSecond: perSecond(newGrowth, elapsedMs),
      outBitsPerSecond: bitsPerSecond(link.out?.bytes, earlier?.out?.bytes, elapsedMs),
      inBitsPerSecond: bitsPerSecond(link.in?.bytes, earlier?.in?.bytes, elapsedMs),
    };
  });
  // A share is only honest when every counting link has a growth for the interval: one reset link would
  // otherwise hand its connections to the others.
  const counting = rows.filter((r) => r.counted);
  const complete = counting.length > 0 && counting.every((r) => r.newGrowth !== null);
  const total = complete ? counting.reduce((sum, r) => sum + (r.newGrowth ?? 0n), 0n) : 0n;
  return new Map(
    rows.map((r) => [
      r.name,
      {
        newPerSecond: r.newPerSecond,
        liveShare: total === 0n || r.newGrowth === null ? null : Number((r.newGrowth * 10_000n) / total) / 100,
        outBitsPerSecond: r.outBitsPerSecond,
        inBitsPerSecond: r.inBitsPerSecond,
      },
    ]),
  );
}

/**
 * Growth of a rule counter: one that went down was reset (reset-counters, a new push replacing the rule, a reboot)
 * and has counted from zero since, so its growth is what it shows now; never negative.
 */
export function growthSinceReset(now: string | null | undefined, before: string | null | undefined): bigint | null {
  if (now === null || now === undefined || before === null || before === undefined) return null;
  return counterGrowth(now, before) ?? BigInt(now);
}

export type RuleRates = { packetsPerSecond: number | null; bitsPerSecond: number | null };

/** Packets and bits per second of each rule, by its key. */
export function ruleRates(current: DeviceReading, previous: DeviceReading | null): Map<string, RuleRates> {
  const elapsedMs = previous ? current.readAtMs - previous.readAtMs : 0;
  const before = new Map(previous?.rules.map((r) => [r.key, r]) ?? []);
  return new Map(
    current.rules.map((r) => {
      const earlier = before.get(r.key);
      const bytes = perSecond(growthSinceReset(r.bytes, earlier?.bytes), elapsedMs);
      return [
        r.key,
        { packetsPerSecond: perSecond(growthSinceReset(r.packets, earlier?.packets), elapsedMs), bitsPerSecond: bytes === null ? null : bytes * 8 },
      ];
    }),
  );
}

/** New connections per second of each backend, by pool and name. */
export function backendRates(current: DeviceReading, previous: DeviceReading | null): Map<string, number | null> {
  const elapsedMs = previous ? current.readAtMs - previous.readAtMs : 0;
  const key = (b: { pool: string; name: string }) => `${b.pool}/${b.name}`;
  const before = new Map(previous?.backends.map((b) => [key(b), b.newConnections]) ?? []);
  return new Map(current.backends.map((b) => [key(b), perSecond(counterGrowth(b.newConnections, before.get(key(b))), elapsedMs)]));
}
