"use client";
import { useState } from "react";
import { api, ApiCallError } from "../api";
import { Dialog } from "../dialog";
import type { DrillableLink, DrillRecord } from "./types";
import { seconds } from "./words";

const MIN_S = 10;
const MAX_S = 300;

// "Test failover of wan1 for 30 s": pick the link and the duration, then a confirmation that says what happens to
// that link's traffic, in the admin's words, before anything is sent.
export function StartDrill({
  deviceId,
  links,
  busy,
  onStarted,
}: {
  deviceId: string;
  links: DrillableLink[];
  busy: boolean;
  onStarted: (drill: DrillRecord) => void;
}) {
  const [link, setLink] = useState(links[0]?.name ?? "");
  const [duration, setDuration] = useState("30");
  const [confirming, setConfirming] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosen = links.find((l) => l.name === link) ?? links[0];
  const durationS = Number(duration);
  const durationProblem =
    Number.isInteger(durationS) && durationS >= MIN_S && durationS <= MAX_S ? null : `a whole number of seconds from ${MIN_S} to ${MAX_S}`;
  const others = links.filter((l) => l.name !== chosen?.name).map((l) => l.name);

  async function start() {
    setStarting(true);
    setError(null);
    try {
      const drill = await api<DrillRecord>("POST", `/devices/${deviceId}/drills`, { link: chosen?.name, durationS });
      setConfirming(false);
      onStarted(drill);
    } catch (e) {
      setError(e instanceof ApiCallError ? e.failure.message : String(e));
    } finally {
      setStarting(false);
    }
  }

  if (!chosen) return null;
  return (
    <section className="card space-y-4" aria-labelledby="start-drill-heading">
      <h2 id="start-drill-heading" className="font-semibold">
        Test failover
      </h2>
      <form
        className="flex flex-wrap items-end gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          setError(null);
          if (!durationProblem) setConfirming(true);
        }}
      >
        <label className="block">
          <span className="label">Link</span>
          <select className="input" value={chosen.name} onChange={(e) => setLink(e.target.value)} data-testid="drill-link">
            {links.map((l) => (
              <option key={l.name} value={l.name}>
                {l.name} ({l.interface})
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="label">For (seconds)</span>
          <input
            className="input w-28"
            type="number"
            min={MIN_S}
            max={MAX_S}
            value={duration}
            onChange={(e) => setDuration(e.target.value)}
            aria-invalid={durationProblem !== null}
            aria-describedby="drill-duration-help"
            data-testid="drill-duration"
          />
        </label>
        <button type="submit" className="btn-primary" disabled={busy || durationProblem !== null}>
          Test failover of {chosen.name}…
        </button>
        <p id="drill-duration-help" className={`w-full text-xs ${durationProblem ? "text-rose-800" : "text-slate-600"}`}>
          {durationProblem ? `Duration: ${durationProblem}.` : `From ${MIN_S} to ${MAX_S} s. ${busy ? "A drill is running: one at a time." : ""}`}
        </p>
      </form>
      <Dialog
        open={confirming}
        onClose={() => !starting && setConfirming(false)}
        locked={starting}
        title={`Test failover of ${chosen.name} for ${durationS} s?`}
      >
        <div className="space-y-2 text-sm text-slate-700">
          <p>
            For {durationS} s the device drops the answers to {chosen.name}&apos;s health probes, so its own monitoring sees {chosen.name} fail (it should
            notice in {seconds(chosen.detection.minMs)} to {seconds(chosen.detection.maxMs)}).
          </p>
          <p>
            Meanwhile new connections go to {others.join(", ") || "the other links"}
            {chosen.flushOnFailover
              ? `, and the connections open on ${chosen.name} are cut (the policy flushes them on failover)`
              : `; connections already open on ${chosen.name} carry on`}
            . Then the answers are let through again and {chosen.name} comes back once its probes pass.
          </p>
          <p>The device lifts the block by itself if this dashboard stops during the drill. No push can run until the drill ends.</p>
        </div>
        {error && (
          <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
            {error}
          </p>
        )}
        <div className="flex flex-wrap justify-end gap-3">
          <button type="button" className="btn-secondary" onClick={() => setConfirming(false)} disabled={starting}>
            Cancel
          </button>
          <button type="button" className="btn-danger" onClick={() => void start()} disabled={starting} data-testid="drill-confirm">
            {starting ? "Starting…" : `Take ${chosen.name} out for ${durationS} s`}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
