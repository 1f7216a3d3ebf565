"use client";
import { detectionText, INTENT_LIMITS } from "@/stores/policy-draft-checks";
import { setAt, useDraftValue, type DraftPath } from "@/stores/policy-draft-store";
import { ChoiceField, NumberField } from "./fields";
import { TextListField } from "./text-list-field";
import { PROBE_TYPE_WORDS } from "./words";

const P = INTENT_LIMITS.probe;

// How a link is judged alive, with what the numbers mean together: the time from the link dying to it being
// declared down.
export function ProbeFields({ path, linkName }: { path: DraftPath; linkName: string }) {
  const probe = useDraftValue<{ type?: string }>(path);
  const detection = detectionText(probe);
  const isTcp = probe?.type === "tcp";
  return (
    <fieldset className="min-w-0 space-y-3 rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-semibold">Health probe of {linkName}</legend>
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
    </fieldset>
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
