"use client";
import "uplot/dist/uPlot.min.css";
import { useEffect, useRef } from "react";
import type uPlot from "uplot";
import { type Series, spanWords, trendWord } from "./series";

type Tone = "sky" | "emerald" | "amber";

// A tiny chart of one rate over the last minutes (uPlot, loaded only when a sparkline is on screen): no axes, no
// legend, no cursor. The value itself is in the row beside it, so the chart is hidden from screen readers and a short
// label says where it goes ("trend over 5 min: rising"). Colours come from the palette's CSS variables, which the
// dark palette remaps, and the chart is redrawn when the colour scheme changes.

let loading: Promise<typeof uPlot> | null = null;
const loadUPlot = () => {
  loading ??= import("uplot").then((m) => m.default);
  return loading;
};

const colour = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function options(tone: Tone, width: number, height: number): uPlot.Options {
  const stroke = colour(`--color-${tone}-600`) || "currentColor";
  const fill = colour(`--color-${tone}-100`) || "transparent";
  return {
    width,
    height,
    pxAlign: false,
    cursor: { show: false },
    legend: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
    axes: [{ show: false }, { show: false }],
    series: [{}, { stroke, fill, width: 1.5, points: { show: false }, spanGaps: false }],
  };
}

export function Sparkline({
  series,
  label,
  tone = "sky",
  width = 96,
  height = 24,
}: {
  series: Series;
  label: string;
  tone?: Tone;
  width?: number;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(series);
  latest.current = series;

  useEffect(() => {
    let cancelled = false;
    const scheme = window.matchMedia("(prefers-color-scheme: dark)");
    const draw = async () => {
      const UPlot = await loadUPlot();
      if (cancelled || !box.current) return;
      plot.current?.destroy();
      plot.current = new UPlot(options(tone, width, height), [latest.current.times, latest.current.values], box.current);
    };
    void draw();
    scheme.addEventListener("change", draw);
    return () => {
      cancelled = true;
      scheme.removeEventListener("change", draw);
      plot.current?.destroy();
      plot.current = null;
    };
  }, [tone, width, height]);

  useEffect(() => {
    plot.current?.setData([series.times, series.values]);
  }, [series]);

  const trend = trendWord(series.values);
  return (
    <span className="relative inline-flex items-center" data-testid="sparkline">
      <span ref={box} aria-hidden="true" className="inline-block overflow-hidden" style={{ width, height }} />
      <span className="sr-only">{trend ? `${label}, trend over ${spanWords(series.times)}: ${trend}` : ""}</span>
    </span>
  );
}
