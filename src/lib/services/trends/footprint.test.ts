// What one device's history costs on disk, measured on the stored form itself: a dual-WAN device with one pool
// of three backends polled every 2 s, its blocks encoded and deflated as compaction writes them. The benchmark
// (bench/RESULTS.md) quotes these figures at 1,000 devices.
import { describe, expect, it } from "vitest";
import { historyFootprint } from "@/lib/domain/monitor/history/plan";
import { rollup } from "@/lib/domain/monitor/history/rollup";
import { mergeBlocks, sampleFromLive } from "@/lib/domain/monitor/history/series";
import { dualWanLive } from "@tests/support/history/dual-wan";
import { packBlock, packSample } from "./stored-blocks";

// The SampleBlock row around the data: device id (~25), resolution, start, end, points, and the index entries.
const ROW_OVERHEAD = 120;

describe("history footprint", () => {
  it("keeps a dual-WAN device with a 3-backend pool in under 4 MiB (raw 6 h, minutes 14 days, hours 400 days)", () => {
    const t0 = Date.parse("2026-12-01T00:00:00Z");
    const samples = Array.from({ length: 1800 }, (_, seq) => sampleFromLive(dualWanLive({ deviceId: "d", atMs: t0 + seq * 2000, seq }))!);
    const hour = mergeBlocks(samples);
    const minuteBlocks = Array.from({ length: 60 }, (_, m) => mergeBlocks(samples.slice(m * 30, m * 30 + 30)));
    const rawBlockBytes = minuteBlocks.reduce((sum, b) => sum + packBlock(b).length, 0) / 60 + ROW_OVERHEAD;
    const minutePoints = rollup(hour, 60_000);
    const minuteBlockBytes = packBlock(minutePoints).length + ROW_OVERHEAD;
    const hourPoints = rollup(
      mergeBlocks(Array.from({ length: 24 }, (_, h) => ({ ...minutePoints, times: minutePoints.times.map((t) => t + h * 3_600_000) }))),
      3_600_000,
    );
    const hourBlockBytes = packBlock(hourPoints).length + ROW_OVERHEAD;
    const sampleBytes = packSample(samples[1]!).length;
    const retention = { rawHours: 6, minuteDays: 14, hourDays: 400, eventDays: 400 };
    const footprint = historyFootprint({ rawBlockBytes, minuteBlockBytes, hourBlockBytes }, retention);
    console.log(
      `history footprint (dual WAN, 3 backends, 2 s): raw sample row ${sampleBytes} B before compaction; ` +
        `raw block ${Math.round(rawBlockBytes)} B/min (${Math.round(rawBlockBytes / 30)} B per sample), minute block ${minuteBlockBytes} B/h, ` +
        `hour block ${hourBlockBytes} B/day → written ${Math.round(footprint.writtenPerDay / 1024)} KiB/day, ` +
        `held at steady state ${Math.round(footprint.storedAtSteadyState / 1024)} KiB (×1,000 devices: ${Math.round(footprint.storedAtSteadyState / 1024 / 1024)} GiB)`,
    );
    expect(rawBlockBytes / 30).toBeLessThan(120);
    expect(footprint.storedAtSteadyState).toBeLessThan(4 * 1024 * 1024);
  });
});
