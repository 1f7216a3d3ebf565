"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiCallError, api } from "@/components/api";
import { PRESETS, type PresetId, RESOLUTION_WORDS } from "./words";

// The range of a history view (a device's Trends tab, a site's History): the chosen preset, the reply with the range
// it answers (so a range being loaded never labels the previous range's points), loading and the refusal in the
// API's words; and the bar that picks it (a radio group: arrow keys move between presets), Refresh and the status line.

type Preset = (typeof PRESETS)[number];
type Answer = { from: string; to: string; resolution: string; times: number[] };

/** `subject` (a device or site id) and the preset are what load again; `path` is asked afresh at each load. */
export function useTrendRange<T extends Answer>(subject: string, path: (subject: string, chosen: Preset) => string, failure: string) {
  const [preset, setPreset] = useState<PresetId>("1h");
  const [trends, setTrends] = useState<{ data: T; span: string } | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const chosen = PRESETS.find((p) => p.id === preset)!;
  // A device's path asks "now − range" when it is built, so it is built at each load, not kept.
  const pathRef = useRef(path);
  pathRef.current = path;

  const load = useCallback(async () => {
    setLoading(true);
    setProblem(null);
    try {
      const data = await api<T>("GET", pathRef.current(subject, chosen));
      setTrends({ data, span: `the last ${chosen.label}` });
    } catch (error) {
      setProblem(error instanceof ApiCallError ? error.failure.message : failure);
    } finally {
      setLoading(false);
    }
  }, [subject, chosen, failure]);

  useEffect(() => {
    void load();
  }, [load]);

  const view = useMemo(() => (trends ? { ...trends.data, fromMs: Date.parse(trends.data.from), toMs: Date.parse(trends.data.to) } : null), [trends]);
  return { preset, setPreset, chosen, view, span: trends?.span ?? `the last ${chosen.label}`, loading, problem, load };
}

type RangeState = Pick<ReturnType<typeof useTrendRange<Answer>>, "preset" | "setPreset" | "chosen" | "loading" | "load" | "span"> & {
  view: (Answer & { fromMs: number; toMs: number }) | null;
};

/** The range picker, Refresh and "Showing the last 1 h, every poll: 120 points." */
export function TrendRangeBar({ range, name, testIds = false }: { range: RangeState; name: string; testIds?: boolean }) {
  const { preset, setPreset, chosen, loading, load, view, span } = range;
  return (
    <>
      <div className="flex flex-wrap items-end gap-3">
        <fieldset className="min-w-0">
          <legend className="label mb-1">Range</legend>
          <div className="flex flex-wrap gap-1" data-testid={testIds ? "trend-range" : undefined}>
            {PRESETS.map((p) => (
              <label
                key={p.id}
                className="btn-secondary cursor-pointer has-checked:border-sky-700 has-checked:bg-sky-50 has-checked:text-sky-900 has-focus-visible:ring-2 has-focus-visible:ring-sky-600"
              >
                <input type="radio" name={name} value={p.id} checked={preset === p.id} onChange={() => setPreset(p.id)} className="sr-only" />
                {p.label}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="button" className="btn-secondary" onClick={() => void load()} disabled={loading}>
          Refresh
        </button>
      </div>
      <p className="text-sm text-slate-600" aria-live="polite" data-testid={testIds ? "trend-status" : undefined}>
        {loading
          ? `Loading the last ${chosen.label}…`
          : view
            ? `Showing ${span}, ${RESOLUTION_WORDS[view.resolution] ?? view.resolution}: ${view.times.length.toLocaleString("en-US")} points.`
            : ""}
      </p>
    </>
  );
}
