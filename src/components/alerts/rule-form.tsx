"use client";
import { useId, useState } from "react";
import type { RuleView } from "@/lib/domain/alerts/rule";
import { api } from "../api";
import { FormError, SaveButtons, useSave } from "./use-save";

// Add or change a rule: which events (checkboxes), which devices (all, or chosen ones), which channels, the cooldown
// and the flap grouping, in words; never JSON.

export type Option = { value: string; label: string };

const num = (form: FormData, name: string) => Number(String(form.get(name) ?? "").trim());

function Checks({ legend, name, options, checked }: { legend: string; name: string; options: Option[]; checked: string[] }) {
  return (
    <fieldset className="space-y-1">
      <legend className="label">{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="flex items-center gap-2 text-sm">
          <input type="checkbox" name={name} value={o.value} defaultChecked={checked.includes(o.value)} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}

function NumberField({ name, label, value, hint }: { name: string; label: string; value: number; hint: string }) {
  const id = useId();
  return (
    <div>
      <label className="block" htmlFor={id}>
        <span className="label">{label}</span>
      </label>
      <input id={id} className="input" name={name} inputMode="numeric" defaultValue={String(value)} aria-describedby={`${id}-hint`} />
      <span id={`${id}-hint`} className="mt-1 block text-xs text-slate-500">
        {hint}
      </span>
    </div>
  );
}

export function RuleForm({
  rule,
  events,
  devices,
  channels,
  onDone,
}: {
  rule?: RuleView;
  events: Option[];
  devices: Option[];
  channels: Option[];
  onDone?: () => void;
}) {
  const [allDevices, setAllDevices] = useState(rule ? rule.deviceIds === null : true);
  const { save, error, fields, busy } = useSave(onDone);
  return (
    <form
      className="card grid gap-4 sm:grid-cols-2"
      aria-label={rule ? `Change rule ${rule.name}` : "Add a rule"}
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const body = {
          name: String(form.get("name") ?? "").trim(),
          enabled: form.get("enabled") === "on",
          events: form.getAll("events").map(String),
          deviceIds: allDevices ? null : form.getAll("devices").map(String),
          channelIds: form.getAll("channels").map(String),
          cooldownSec: num(form, "cooldownSec"),
          flapCount: num(form, "flapCount"),
          flapWindowMin: num(form, "flapWindowMin"),
        };
        const target = event.currentTarget;
        void save(
          async () => {
            await (rule ? api("PUT", `/alerts/rules/${rule.id}`, body) : api("POST", "/alerts/rules", body));
            if (!rule) target.reset();
          },
          rule ? "Rule saved" : "Rule added",
        );
      }}
    >
      <label className="block">
        <span className="label">Name</span>
        <input className="input" name="name" defaultValue={rule?.name} autoComplete="off" placeholder="WAN links to the NOC" />
      </label>
      <label className="flex items-center gap-2 self-end text-sm">
        <input type="checkbox" name="enabled" defaultChecked={rule?.enabled ?? true} /> Enabled
      </label>
      <Checks legend="When" name="events" options={events} checked={rule?.events ?? ["link_down", "link_up", "device_unreachable", "device_reachable"]} />
      <div className="space-y-3">
        <fieldset className="space-y-1">
          <legend className="label">On</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="scope" checked={allDevices} onChange={() => setAllDevices(true)} /> All devices, including ones added later
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="scope" checked={!allDevices} onChange={() => setAllDevices(false)} /> Chosen devices
          </label>
        </fieldset>
        {!allDevices &&
          (devices.length > 0 ? (
            <Checks legend="Devices" name="devices" options={devices} checked={rule?.deviceIds ?? []} />
          ) : (
            <p className="text-sm text-slate-600">No devices yet.</p>
          ))}
        {channels.length > 0 ? (
          <Checks legend="Send to" name="channels" options={channels} checked={rule?.channelIds ?? []} />
        ) : (
          <p className="text-sm text-slate-600">Add a channel first: a rule needs somewhere to send.</p>
        )}
      </div>
      <NumberField
        name="cooldownSec"
        label="Cooldown (seconds)"
        value={rule?.cooldownSec ?? 300}
        hint="After an alert, a new one about the same link within this time is recorded, not sent"
      />
      <div className="grid grid-cols-2 gap-3">
        <NumberField name="flapCount" label="Flapping after (changes)" value={rule?.flapCount ?? 4} hint="This many changes…" />
        <NumberField name="flapWindowMin" label="Within (minutes)" value={rule?.flapWindowMin ?? 10} hint="…make one flapping alert" />
      </div>
      <SaveButtons busy={busy} editing={rule !== undefined} noun="rule" onCancel={onDone} />
      <FormError error={error} fields={fields} />
    </form>
  );
}
