"use client";
import { INTENT_LIMITS, poolTimingText } from "@/stores/policy-draft-checks";
import { setAt, useDraftValue, type DraftPath } from "@/stores/policy-draft-store";
import { ChoiceField, NumberField, TextField } from "./fields";
import { POOL_PROBE_WORDS } from "./words";

const P = INTENT_LIMITS.pool;

// How a pool judges its backends: the check (ping, TCP connect, or HTTP GET of a path expecting a status), its pace,
// and how many failed and answered checks move a backend out and back, with what those numbers mean together said
// beside them as they change.
export function PoolProbeFields({ path }: { path: DraftPath }) {
  const probePath = [...path, "probe"];
  const probe = useDraftValue<{ type?: string }>(probePath);
  const timing = poolTimingText(probe ?? {});
  const isHttp = probe?.type === "http";
  // A path and a status belong to HTTP checks only: switching away drops them so the draft stays valid.
  const onType = (type: string) => {
    if (type === "http") return;
    setAt([...probePath, "path"], undefined);
    setAt([...probePath, "expectStatus"], undefined);
  };
  return (
    <fieldset className="min-w-0 space-y-3">
      <legend className="text-sm font-semibold">Backend health check</legend>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <ChoiceField path={[...probePath, "type"]} label="Check" limit={P.probeType} words={POOL_PROBE_WORDS} onChosen={onType} />
        {isHttp && <TextField path={[...probePath, "path"]} label="Path" optional placeholder="/" hint={`optional, / when empty; ${P.probePath.rule}`} />}
        {isHttp && <NumberField path={[...probePath, "expectStatus"]} label="Expected status" limit={P.probeExpectStatus} />}
        <NumberField path={[...probePath, "intervalMs"]} label="Check interval" unit="ms" limit={P.probeIntervalMs} />
        <NumberField path={[...probePath, "timeoutMs"]} label="Check timeout" unit="ms" limit={P.probeTimeoutMs} hint="no longer than the interval" />
        <NumberField path={[...probePath, "downCount"]} label="Failed checks before out" limit={P.probeDownCount} />
        <NumberField path={[...probePath, "upCount"]} label="Answered checks before back" limit={P.probeUpCount} />
      </div>
      <p className="text-sm text-slate-700" aria-live="polite" data-testid="pool-detection-time">
        {timing ? `${timing[0]!.toUpperCase()}${timing.slice(1)}.` : "Detection time: fix the check's fields to see it."}
      </p>
    </fieldset>
  );
}
