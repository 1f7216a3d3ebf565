"use client";
import { NEW_CHECK } from "@/stores/site-draft-checks";
import { checkDetection } from "../words";
import { useSiteForm } from "./context";
import { NumberField, SelectField, TextField, useValue } from "./fields";

// The service check a node or server runs against itself. Shared VIP: optional (a checkbox); anycast: required.
export function CheckFields({ optional }: { optional: boolean }) {
  const form = useSiteForm();
  const check = useValue(["check"]) as Record<string, unknown> | undefined;
  const on = Boolean(check);
  return (
    <fieldset className="card space-y-3">
      <legend className="px-1 font-semibold">Service check</legend>
      <p className="text-sm text-slate-600">
        {optional
          ? "A node whose check fails stops sending heartbeats, so its peers take over its buckets."
          : "A server whose check fails withdraws its route, so the edge stops sending it new flows."}
      </p>
      {optional && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={on} onChange={(e) => form.set(["check"], e.target.checked ? { ...NEW_CHECK } : undefined)} />
          Check the service on each node
        </label>
      )}
      {on && (
        <>
          <div className="grid gap-3 sm:grid-cols-3">
            <SelectField
              path={["check", "type"]}
              label="Check"
              options={[
                { value: "tcp", label: "TCP: a connection opens" },
                { value: "http", label: "HTTP: GET answers a status" },
              ]}
            />
            <NumberField path={["check", "port"]} label="Port on 127.0.0.1" min={1} max={65535} />
            {check?.type === "http" && (
              <>
                <TextField path={["check", "path"]} label="Path" hint="such as /healthz" />
                <NumberField path={["check", "expectStatus"]} label="Expected status" min={100} max={599} />
              </>
            )}
            <NumberField path={["check", "intervalMs"]} label="Every" unit="ms" min={100} max={60_000} />
            <NumberField path={["check", "timeoutMs"]} label="Timeout" unit="ms" min={50} max={10_000} hint="at most the interval" />
            <NumberField path={["check", "downCount"]} label="Failures before out" min={1} max={10} />
            <NumberField path={["check", "upCount"]} label="Successes before back" min={1} max={10} />
          </div>
          <p className="text-sm text-slate-700" aria-live="polite" data-testid="check-detection">
            {checkDetection(check as { intervalMs?: number; downCount?: number; upCount?: number })}
          </p>
        </>
      )}
    </fieldset>
  );
}
