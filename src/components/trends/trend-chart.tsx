"use client";
import "uplot/dist/uPlot.min.css";
import { useEffect, useRef, useState } from "react";
import type uPlot from "uplot";
import { formatDateTime, formatTime } from "@/components/format-time";
import { averageAndPeak, formatValue, type Unit } from "./words";

// One Trends chart (uPlot, loaded when the first chart is on screen). The canvas is hidden from screen readers: a
// sentence under it says what it shows (average and peak of each line) and "Show as table" opens the numbers.
// Colours come from the palette's CSS variables, which the dark palette remaps; the chart follows its container's
// width (390 px phones included) and is redrawn when the colour scheme changes.

export type Tone = "sky" | "emerald" | "amber" | "rose";
export type ChartLine = { label: string; values: (number | null)[]; peaks?: (number | null)[]; unit: Unit; tone: Tone; axis?: "left" | "right" };

let loading: Promise<typeof uPlot> | null = null;
const loadUPlot = () => {
  loading ??= import("uplot").then((m) => m.default);
  return loading;
};

const colour = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

function axis(unit: Unit, side: 0 | 1 | 3, scale: string, ink: string, grid: string): uPlot.Axis {
  return {
    scale,
    side,
    stroke: ink,
    size: 86,
    grid: { stroke: grid, width: 1, show: side === 3 },
    ticks: { stroke: grid, width: 1 },
    values: (_u, ticks) => ticks.map((t) => formatValue(unit, t)),
  };
}

/** The x axis in the dashboard's own formats: hours and minutes within a day and a half, else the date. */
function timeTicks(ticks: number[]): string[] {
  const span = (ticks.at(-1) ?? 0) - (ticks[0] ?? 0);
  return ticks.map((t) => (span <= 36 * 3600 ? formatTime(t * 1000).slice(0, 5) : formatDateTime(t * 1000).slice(5, 10)));
}

function options(lines: ChartLine[], range: [number, number], width: number, height: number): uPlot.Options {
  const ink = colour("--color-slate-600", "currentColor");
  const grid = colour("--color-slate-200", "transparent");
  const left = lines.find((l) => l.axis !== "right") ?? lines[0]!;
  const right = lines.find((l) => l.axis === "right");
  return {
    width,
    height,
    pxAlign: false,
    cursor: { drag: { x: false, y: false } },
    // The whole span, data or not, so every chart of the page lines up with the up/down band.
    scales: {
      x: { time: true, range: () => range },
      l: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      r: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      { stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, values: (_u, ticks) => timeTicks(ticks) },
      axis(left.unit, 3, "l", ink, grid),
      ...(right ? [axis(right.unit, 1, "r", ink, grid)] : []),
    ],
    series: [
      { value: (_u, v) => (v === null ? "" : formatDateTime(v * 1000)) },
      ...lines.map((l) => ({
        label: l.label,
        scale: l.axis === "right" ? "r" : "l",
        stroke: colour(`--color-${l.tone}-600`, "currentColor"),
        width: 1.5,
        spanGaps: false,
        points: { show: false },
        value: (_u: uPlot, v: number | null) => formatValue(l.unit, v),
      })),
    ],
  };
}

function Table({ caption, times, lines }: { caption: string; times: number[]; lines: ChartLine[] }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus so a keyboard user can scroll it; the region's name says what it holds
    <section aria-label={caption} tabIndex={0} className="relative max-h-80 overflow-auto">
      <table className="min-w-full text-left text-xs">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-white">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Time
            </th>
            {lines.map((l) => (
              <th key={l.label} scope="col" className="py-1 pr-3 text-right font-medium">
                {l.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {times.map((t, i) => (
            <tr key={t} className="border-t border-slate-100">
              <th scope="row" className="py-0.5 pr-3 font-normal whitespace-nowrap">
                {formatDateTime(t * 1000)}
              </th>
              {lines.map((l) => (
                <td key={l.label} className="py-0.5 pr-3 text-right whitespace-nowrap tabular-nums">
                  {formatValue(l.unit, l.values[i])}
                  {l.peaks ? ` (peak ${formatValue(l.unit, l.peaks[i])})` : ""}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function TrendChart({
  title,
  times,
  lines,
  span,
  fromSec,
  toSec,
  height = 180,
}: {
  title: string;
  times: number[];
  lines: ChartLine[];
  span: string;
  fromSec: number;
  toSec: number;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [tableOpen, setTableOpen] = useState(false);
  const [width, setWidth] = useState(0);
  const measured = lines.some((l) => l.values.some((v) => v !== null));

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (width <= 0 || !measured) return;
    let cancelled = false;
    let plot: uPlot | null = null;
    const scheme = window.matchMedia("(prefers-color-scheme: dark)");
    const draw = async () => {
      const UPlot = await loadUPlot();
      if (cancelled || !box.current) return;
      plot?.destroy();
      plot = new UPlot(options(lines, [fromSec, toSec], width, height), [times, ...lines.map((l) => l.values)], box.current);
    };
    void draw();
    scheme.addEventListener("change", draw);
    return () => {
      cancelled = true;
      scheme.removeEventListener("change", draw);
      plot?.destroy();
    };
  }, [times, lines, width, height, fromSec, toSec, measured]);

  const parts = lines.map((l) => {
    const stats = averageAndPeak(l.values, l.peaks);
    return stats ? `${l.label} averaged ${formatValue(l.unit, stats.average)} (peak ${formatValue(l.unit, stats.peak)})` : `${l.label} not measured`;
  });
  return (
    <figure className="min-w-0 space-y-1" data-testid="trend-chart">
      <figcaption className="text-sm font-medium text-slate-800">{title}</figcaption>
      {/* The box stays (the chart effect holds it) but is empty and flat when there is nothing to draw. */}
      <div ref={box} aria-hidden="true" className="w-full min-w-0 overflow-hidden" style={{ minHeight: measured ? height : 0 }} data-testid="trend-canvas" />
      <p className="text-xs text-slate-600" data-testid="trend-summary">
        {measured ? `Over ${span}: ${parts.join("; ")}.` : `Not measured in ${span}: the device does not report ${lines.map((l) => l.label).join(" or ")}.`}
      </p>
      {measured ? (
        <details className="text-xs" onToggle={(e) => setTableOpen(e.currentTarget.open)}>
          <summary className="cursor-pointer text-sky-700">Show as table</summary>
          {tableOpen ? <Table caption={`${title}, over ${span}`} times={times} lines={lines} /> : null}
        </details>
      ) : null}
    </figure>
  );
}
