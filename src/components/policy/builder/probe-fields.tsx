"use client";
import { useState } from "react";
import { detectionText, INTENT_LIMITS, pathKey, useDraftCheck } from "@/stores/policy-draft-checks";
import { setAt, useDraftValue, type DraftPath } from "@/stores/policy-draft-store";
import { ChoiceField, NumberField } from "./fields";
import { TextListField } from "./text-list-field";
import { PROBE_TYPE_WORDS } from "./words";

const P = INTENT_LIMITS.probe;

// How a link is judged alive, with what the numbers mean together: the time from the link dying to it being
// declared down. Folded to one line (type, targets, detection time) once it is valid; a problem inside opens it.
export function ProbeFields({ path, linkName }: { path: DraftPath; linkName: string }) {
  const probe = useDraftValue<{ type?: string; targets?: unknown[] }>(path);
  const detection = detectionText(probe);
  const isTcp = probe?.type === "tcp";
  const prefix = pathKey(path);
  const troubled = [...useDraftCheck().issues.keys()].some((key) => key === prefix || key.startsWith(`${prefix}.`));
  const [open, setOpen] = useState(troubled);
  if (troubled && !open) setOpen(true);
  const targets = probe?.targets?.length ?? 0;
  return (
    <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)} className="min-w-0 rounded-md border border-slate-200">
      <summary className="cursor-pointer px-3 py-2 text-sm">
        <span className="font-semibold">Health probe of {linkName}</span>
        <span className="text-slate-600">
          {" · "}
          {probe?.type === "tcp" ? "TCP" : "ICMP"} to {targets} {targets === 1 ? "target" : "targets"}
          {detection ? ` · down after ${detection}` : ""}
        </span>
      </summary>
      <div className="space-y-3 px-3 pb-3">
        <div className="grid gap-3 sm:grid-cols-2">
          <TypeChoice path={path} />
          {isTcp && <NumberField path={[...path, "port"]} label="Port" limit={P.port} />}
        </div>
        <TextListField
          path={[...path, "targets"]}
          label="Targets (probed through this link)"
          itemLabel="Target"
          limit={P.targets}
          noun="targets"
          rule={P.target.rule}
        />
        <div className="grid gap-3 sm:grid-cols-2">
          <NumberField path={[...path, "intervalMs"]} label="Interval" unit="ms" limit={P.intervalMs} />
          <NumberField path={[...path, "timeoutMs"]} label="Timeout" unit="ms" limit={P.timeoutMs} hint="no longer than the interval" />
          <NumberField path={[...path, "minAnswering"]} label="Targets that must answer" limit={P.minAnswering} hint="at most the number of targets" />
          <NumberField path={[...path, "downCount"]} label="Failed rounds before down" limit={P.downCount} />
          <NumberField path={[...path, "upCount"]} label="Passing rounds before up" limit={P.upCount} />
        </div>
        <p className="text-sm text-slate-700" aria-live="polite" data-testid="detection-time">
          {detection ? `A dead ${linkName} is declared down after ${detection}.` : "Detection time: fix the probe's fields to see it."}
        </p>
      </div>
    </details>
  );
}

/** ICMP probes have no port and TCP ones need one: switching to ICMP drops the port so the draft stays valid. */
function TypeChoice({ path }: { path: DraftPath }) {
  return (
    <ChoiceField
      path={[...path, "type"]}
      label="Probe type"
      limit={P.type}
      words={PROBE_TYPE_WORDS}
      onChosen={(type) => type === "icmp" && setAt([...path, "port"], undefined)}
    />
  );
}
