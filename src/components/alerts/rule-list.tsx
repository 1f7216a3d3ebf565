"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { RuleView } from "@/lib/domain/alerts/rule";
import { notify } from "@/stores/notice-store";
import { api } from "../api";
import { ConfirmButton } from "../confirm-button";
import { type Option, RuleForm } from "./rule-form";

const labelOf = (options: Option[], value: string) => options.find((o) => o.value === value)?.label ?? value;

function RuleItem({ rule, admin, events, devices, channels }: { rule: RuleView; admin: boolean; events: Option[]; devices: Option[]; channels: Option[] }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  if (editing) return <RuleForm rule={rule} events={events} devices={devices} channels={channels} onDone={() => setEditing(false)} />;
  return (
    <li className="card flex flex-wrap items-start justify-between gap-3" data-testid="rule">
      <div className="min-w-0 space-y-1 text-sm">
        <p className="font-medium">
          {rule.name}
          {!rule.enabled && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">off</span>}
        </p>
        <p className="text-slate-600">When: {rule.events.map((e) => labelOf(events, e)).join(", ")}</p>
        <p className="text-slate-600">On: {rule.deviceIds === null ? "all devices" : rule.deviceIds.map((d) => labelOf(devices, d)).join(", ")}</p>
        <p className="text-slate-600">
          Send to: {rule.channelIds.length === 0 ? "nowhere (add a channel)" : rule.channelIds.map((c) => labelOf(channels, c)).join(", ")}
        </p>
        <p className="text-xs text-slate-500">
          Cooldown {rule.cooldownSec} s · flapping after {rule.flapCount} changes in {rule.flapWindowMin} min
        </p>
      </div>
      {admin && (
        <div className="flex gap-2">
          <button type="button" className="btn-secondary py-1" onClick={() => setEditing(true)}>
            Change
          </button>
          <ConfirmButton
            label="Delete"
            title={`Delete rule ${rule.name}?`}
            confirmLabel="Delete rule"
            run={async () => {
              await api("DELETE", `/alerts/rules/${rule.id}`);
              notify("ok", "Rule deleted");
              router.refresh();
            }}
          >
            Nothing more is sent for what this rule covers. Its past alerts stay in the list.
          </ConfirmButton>
        </div>
      )}
    </li>
  );
}

export function RuleList(props: { rules: RuleView[]; admin: boolean; events: Option[]; devices: Option[]; channels: Option[] }) {
  if (props.rules.length === 0) return <p className="text-sm text-slate-600">No rules yet: nothing is sent until a rule says what and where.</p>;
  return (
    <ul className="space-y-3" aria-label="Rules">
      {props.rules.map((r) => (
        <RuleItem key={r.id} rule={r} {...props} />
      ))}
    </ul>
  );
}
