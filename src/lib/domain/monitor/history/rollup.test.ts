import { describe, expect, it } from "vitest";
import { chooseResolution, historyFootprint } from "./plan";
import { rollup } from "./rollup";
import type { SeriesBlock } from "./series";
import { linkBands, linkStateAt } from "./trends";

const col = (metric: string, values: (number | null)[]) => ({ subject: "link" as const, name: "wan1", metric, values });
const value = (block: SeriesBlock, metric: string, subject = "link") => block.columns.find((c) => c.metric === metric && c.subject === subject)!.values;

describe("rollups", () => {
  const raw: SeriesBlock = {
    times: [0, 20_000, 40_000, 60_000, 80_000],
    columns: [
      col("state", [1, 1, 3, 1, null]),
      col("rttMs", [10, 20, null, 5, 7]),
      col("inBitsPerSecond", [100, 300, 0, 50, null]),
      col("lossPercent", [0, 0, 100, 0, 0]),
    ],
  };
  const minutes = rollup(raw, 60_000);

  it("makes a point per minute: averages, maxima, RTT minima, loss and the fraction of time up", () => {
    expect(minutes.times).toEqual([0, 60_000]);
    expect(value(minutes, "n", "device")).toEqual([3, 2]);
    expect(value(minutes, "up")).toEqual([2 / 3, 1]);
    expect(value(minutes, "rttMs")).toEqual([15, 6]);
    expect(value(minutes, "rttMs.min")).toEqual([10, 5]);
    expect(value(minutes, "rttMs.max")).toEqual([20, 7]);
    expect(value(minutes, "inBitsPerSecond")).toEqual([400 / 3, 50]);
    expect(value(minutes, "inBitsPerSecond.max")).toEqual([300, 50]);
    expect(value(minutes, "lossPercent")).toEqual([100 / 3, 0]);
  });

  it("rolls minutes into hours weighted by the samples each stands for, so an hour averages its samples", () => {
    const hours = rollup(minutes, 3_600_000);
    expect(value(hours, "n", "device")).toEqual([5]);
    expect(value(hours, "up")[0]).toBeCloseTo(4 / 5);
    // Each minute weighs its n samples, even where some had no rate (a first reading): (133.3 × 3 + 50 × 2) / 5.
    expect(value(hours, "inBitsPerSecond")[0]).toBeCloseTo(100, 5);
    expect(value(hours, "inBitsPerSecond.max")).toEqual([300]);
    expect(value(hours, "rttMs.min")).toEqual([5]);
    expect(value(hours, "rttMs.max")).toEqual([20]);
  });

  it("keeps a metric that was never measured null, not 0", () => {
    const none = rollup({ times: [0, 1000], columns: [col("rttMs", [null, null])] }, 60_000);
    expect(value(none, "rttMs")).toEqual([null]);
    expect(value(none, "rttMs.max")).toEqual([null]);
  });
});

describe("resolution, bands and footprint", () => {
  const retention = { rawHours: 6, minuteDays: 14, hourDays: 400, eventDays: 400 };
  const now = Date.parse("2026-12-06T12:00:00Z");
  const H = 3_600_000;

  it("answers up to 2 h raw, up to 3 days by the minute, beyond by the hour, coarser past a retention", () => {
    expect(chooseResolution(now - 2 * H, now, now, retention)).toBe(0);
    expect(chooseResolution(now - 3 * H, now, now, retention)).toBe(60);
    expect(chooseResolution(now - 72 * H, now, now, retention)).toBe(60);
    expect(chooseResolution(now - 7 * 24 * H, now, now, retention)).toBe(3600);
    expect(chooseResolution(now - 30 * H, now - 29 * H, now, retention)).toBe(60);
    expect(chooseResolution(now - 20 * 24 * H, now - 20 * 24 * H + H, now, retention)).toBe(3600);
  });

  it("draws a link's band from its state before the span and each change in it", () => {
    const bands = linkBands(
      [
        { atMs: 100, state: "down", previous: "up" },
        { atMs: 300, state: "up", previous: "down" },
      ],
      "up",
      null,
      0,
      400,
    );
    expect(bands).toEqual([
      { fromMs: 0, toMs: 100, state: "up" },
      { fromMs: 100, toMs: 300, state: "down" },
      { fromMs: 300, toMs: 400, state: "up" },
    ]);
    expect(linkBands([], null, { atMs: 0, state: "degraded" }, 0, 10)).toEqual([{ fromMs: 0, toMs: 10, state: "degraded" }]);
    // Nothing recorded before the first point: that part of the span is unknown, not assumed up.
    expect(linkBands([{ atMs: 8, state: "down", previous: "up" }], null, { atMs: 4, state: "up" }, 0, 10)).toEqual([
      { fromMs: 0, toMs: 4, state: "unknown" },
      { fromMs: 4, toMs: 8, state: "up" },
      { fromMs: 8, toMs: 10, state: "down" },
    ]);
    expect(linkStateAt({ up: [1, 0, 0.5] }, 2)).toBe("degraded");
    expect(linkStateAt({ state: [3] }, 0)).toBe("down");
  });

  it("counts a device's bytes per day written and held at steady state", () => {
    const f = historyFootprint({ rawBlockBytes: 100, minuteBlockBytes: 1000, hourBlockBytes: 500 }, retention);
    expect(f.writtenPerDay).toBe(1440 * 100 + 24 * 1000 + 500);
    expect(f.storedAtSteadyState).toBe(360 * 100 + 14 * 24 * 1000 + 400 * 500);
  });
});
