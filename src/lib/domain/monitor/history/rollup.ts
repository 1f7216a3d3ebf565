import { baseMetric, LINK_STATE_CODES, type SeriesBlock, type SeriesColumn, type SeriesSubject } from "./series";

// Rollups: the points of one bucket (a minute, an hour) summarised as one point at the bucket's start. The same
// function rolls raw samples into minutes and minutes into hours: each input point weighs the samples it stands for
// (its `n`, 1 for a raw sample), so an hour's average is that of its samples, not of its minutes (a minute's samples without a value, a
// first reading's rates, count at the minute's average: close enough for a chart, and one count per point, not per column).
//   rates and open connections → average and `.max`; RTT → `.min`, average, `.max`; loss → average;
//   a state → `up`, the fraction of samples in which it was up; `n` (device) → how many samples the point covers.

type Group = { subject: SeriesSubject; name: string; base: string; columns: Map<string, (number | null)[]> };

function groups(block: SeriesBlock): Group[] {
  const found = new Map<string, Group>();
  for (const c of block.columns) {
    if (c.subject === "device" && c.metric === "n") continue;
    const base = baseMetric(c.metric);
    const key = `${c.subject}\u0000${c.name}\u0000${base}`;
    let group = found.get(key);
    if (!group) {
      group = { subject: c.subject, name: c.name, base, columns: new Map() };
      found.set(key, group);
    }
    group.columns.set(c.metric, c.values);
  }
  return [...found.values()];
}

type Acc = { sum: number; weight: number; min: number; max: number };

function accumulate(values: (number | null)[] | undefined, weights: number[], index: number[], map = (v: number) => v): Acc | null {
  if (!values) return null;
  const acc: Acc = { sum: 0, weight: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
  for (const i of index) {
    const raw = values[i];
    if (raw === null || raw === undefined) continue;
    const v = map(raw);
    acc.sum += v * weights[i]!;
    acc.weight += weights[i]!;
    acc.min = Math.min(acc.min, v);
    acc.max = Math.max(acc.max, v);
  }
  return acc.weight > 0 ? acc : null;
}

const extreme = (values: (number | null)[] | undefined, index: number[], pick: (a: number, b: number) => number): number | null => {
  let best: number | null = null;
  for (const i of index) {
    const v = values?.[i];
    if (v !== null && v !== undefined) best = best === null ? v : pick(best, v);
  }
  return best;
};

function summarise(group: Group, weights: number[], index: number[]): [string, number | null][] {
  const own = group.columns.get(group.base);
  if (group.base === "state") {
    // Link and backend codes both say "up" with 1.
    const up = accumulate(own, weights, index, (v) => (v === LINK_STATE_CODES.up ? 1 : 0));
    return [["up", up ? up.sum / up.weight : null]];
  }
  const avg = accumulate(own, weights, index);
  const mean = avg ? avg.sum / avg.weight : null;
  if (group.base === "up" || group.base === "lossPercent") return [[group.base, mean]];
  const max = extreme(group.columns.get(`${group.base}.max`) ?? own, index, Math.max);
  if (group.base !== "rttMs")
    return [
      [group.base, mean],
      [`${group.base}.max`, max],
    ];
  const min = extreme(group.columns.get(`${group.base}.min`) ?? own, index, Math.min);
  return [
    [`${group.base}.min`, min],
    [group.base, mean],
    [`${group.base}.max`, max],
  ];
}

/** One point per bucket of `resolutionMs` (aligned on the epoch) that holds any input point. */
export function rollup(block: SeriesBlock, resolutionMs: number): SeriesBlock {
  const nColumn = block.columns.find((c) => c.subject === "device" && c.metric === "n");
  const weights = block.times.map((_, i) => nColumn?.values[i] ?? 1);
  const buckets = new Map<number, number[]>();
  block.times.forEach((t, i) => {
    const start = Math.floor(t / resolutionMs) * resolutionMs;
    const list = buckets.get(start) ?? [];
    list.push(i);
    buckets.set(start, list);
  });
  const times = [...buckets.keys()].sort((a, b) => a - b);
  const out = new Map<string, SeriesColumn>();
  const n: SeriesColumn = { subject: "device", name: "", metric: "n", values: [] };
  for (const t of times) {
    const index = buckets.get(t)!;
    n.values.push(index.reduce((sum, i) => sum + weights[i]!, 0));
  }
  for (const group of groups(block)) {
    times.forEach((t, p) => {
      for (const [metric, value] of summarise(group, weights, buckets.get(t)!)) {
        const key = `${group.subject}\u0000${group.name}\u0000${metric}`;
        let c = out.get(key);
        if (!c) {
          c = { subject: group.subject, name: group.name, metric, values: times.map(() => null) };
          out.set(key, c);
        }
        c.values[p] = value;
      }
    });
  }
  return { times, columns: [n, ...out.values()] };
}
