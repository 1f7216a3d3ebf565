import { describe, expect, it } from "vitest";
import { decodeBlock, encodeBlock, quantise } from "./codec";
import { METRIC_SCALES, type SeriesBlock, type SeriesColumn } from "./series";

const EDGE = [0, -0, 1, -1, 0.0005, 0.4999, 2 ** 40, 2 ** 52, -(2 ** 52), 1e-9, 123456.789, null, Number.NaN, Number.POSITIVE_INFINITY];
const METRICS = [...Object.keys(METRIC_SCALES), "rttMs.max", "rttMs.min", "inBitsPerSecond.max", "unlisted"];

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

function randomBlock(r: () => number): SeriesBlock {
  const n = Math.floor(r() * 40);
  let t = 1_700_000_000_000 + Math.floor(r() * 1e9);
  const times = Array.from({ length: n }, () => (t += Math.floor(r() * 5000)));
  const columns: SeriesColumn[] = Array.from({ length: Math.floor(r() * 8) }, () => ({
    subject: (["device", "link", "backend"] as const)[Math.floor(r() * 3)]!,
    name: ["wan1", "pool/web-1", "ünïcode ⚡", ""][Math.floor(r() * 4)]!,
    metric: METRICS[Math.floor(r() * METRICS.length)]!,
    values: times.map(() => (r() < 0.4 ? EDGE[Math.floor(r() * EDGE.length)]! : (r() - 0.3) * 10 ** Math.floor(r() * 12))),
  }));
  return { times, columns };
}

describe("history block encoding", () => {
  it("gives back every value quantised to its metric's scale, null as null and 0 as 0, over 500 random blocks", () => {
    const r = rng(42);
    for (let round = 0; round < 500; round++) {
      const block = randomBlock(r);
      const back = decodeBlock(encodeBlock(block));
      expect(back.times).toEqual(block.times);
      expect(back.columns.map((c) => [c.subject, c.name, c.metric])).toEqual(block.columns.map((c) => [c.subject, c.name, c.metric]));
      back.columns.forEach((c, i) => {
        const expected = block.columns[i]!.values.map((v) => quantise(v, c.metric));
        expect(c.values).toEqual(expected);
      });
    }
  });

  it("keeps null distinct from 0 and turns NaN and infinities into null", () => {
    const block: SeriesBlock = {
      times: [1, 2, 3, 4, 5],
      columns: [{ subject: "link", name: "wan1", metric: "lossPercent", values: [0, null, Number.NaN, Number.NEGATIVE_INFINITY, 0.001] }],
    };
    expect(decodeBlock(encodeBlock(block)).columns[0]!.values).toEqual([0, null, null, null, 0.001]);
  });

  it("keeps bits/s of a 100 Gbit/s link exact and packets/s to a hundredth", () => {
    expect(quantise(100_000_000_123, "inBitsPerSecond")).toBe(100_000_000_123);
    expect(quantise(812.345, "inPacketsPerSecond.max")).toBe(812.35);
    expect(quantise(-3.3333, "rttMs")).toBe(-3.333);
  });

  it("refuses times that go backwards, and bytes that are not a block", () => {
    expect(() => encodeBlock({ times: [5, 4], columns: [] })).toThrow(/ascending/);
    expect(() => decodeBlock(Uint8Array.from([9]))).toThrow(/version/);
    const good = encodeBlock({ times: [1], columns: [{ subject: "link", name: "a", metric: "state", values: [1] }] });
    expect(() => decodeBlock(good.subarray(0, good.length - 1))).toThrow(/truncated/);
    expect(() => decodeBlock(Uint8Array.from([...good, 0]))).toThrow(/trailing/);
  });
});
