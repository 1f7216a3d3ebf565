"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ChannelView } from "@/lib/domain/alerts/channel";
import { notify } from "@/stores/notice-store";
import { ApiCallError, api } from "../api";
import { ConfirmButton } from "../confirm-button";
import { ChannelForm } from "./channel-form";

// The channels: where each sends, whether its secret is set, "Send test" with the server's own answer, change and
// delete (confirmed in an in-app dialog). Admins only see the buttons; the page decides.

function where(channel: ChannelView): string {
  const s = channel.settings;
  if (s.kind === "webhook") return s.webhook.url;
  return `${s.email.to.join(", ")} via ${s.email.host}:${s.email.port} (${s.email.security === "none" ? "no TLS" : s.email.security === "tls" ? "TLS" : "STARTTLS"})`;
}

function SendTest({ channel }: { channel: ChannelView }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; detail: string } | null>(null);
  return (
    <div className="space-y-1">
      <button
        type="button"
        className="btn-secondary py-1"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setOutcome(null);
          try {
            setOutcome(await api<{ ok: boolean; detail: string }>("POST", `/alerts/channels/${channel.id}/test`));
          } catch (e) {
            setOutcome({ ok: false, detail: e instanceof ApiCallError ? e.failure.message : String(e) });
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? "Sending…" : "Send test"}
      </button>
      <p aria-live="polite" className={`text-xs ${outcome?.ok ? "text-emerald-700" : "text-rose-700"}`} data-testid="test-outcome">
        {outcome && (outcome.ok ? `Sent: ${outcome.detail}` : `Not sent: ${outcome.detail}`)}
      </p>
    </div>
  );
}

function ChannelItem({ channel, admin }: { channel: ChannelView; admin: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  if (editing) return <ChannelForm channel={channel} onDone={() => setEditing(false)} />;
  return (
    <li className="card flex flex-wrap items-start justify-between gap-3" data-testid="channel">
      <div className="min-w-0 space-y-1">
        <p className="font-medium">
          {channel.name} <span className="text-xs font-normal text-slate-500">{channel.settings.kind === "email" ? "e-mail" : "webhook"}</span>
          {!channel.enabled && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">off</span>}
        </p>
        <p className="text-sm break-all text-slate-600">{where(channel)}</p>
        <p className="text-xs text-slate-500">
          {channel.settings.kind === "email" ? "Password" : "Signing secret"}: {channel.secretSet ? "set" : "not set"}
        </p>
      </div>
      {admin && (
        <div className="flex flex-wrap items-start gap-2">
          <SendTest channel={channel} />
          <button type="button" className="btn-secondary py-1" onClick={() => setEditing(true)}>
            Change
          </button>
          <ConfirmButton
            label="Delete"
            title={`Delete channel ${channel.name}?`}
            confirmLabel="Delete channel"
            run={async () => {
              await api("DELETE", `/alerts/channels/${channel.id}`);
              notify("ok", "Channel deleted");
              router.refresh();
            }}
          >
            Alerts stop going to {channel.name}. Rules that send only here are turned off; past alerts stay in the list.
          </ConfirmButton>
        </div>
      )}
    </li>
  );
}

export function ChannelList({ channels, admin }: { channels: ChannelView[]; admin: boolean }) {
  if (channels.length === 0) return <p className="text-sm text-slate-600">No channels yet{admin ? ": add one below." : "."}</p>;
  return (
    <ul className="space-y-3" aria-label="Channels">
      {channels.map((c) => (
        <ChannelItem key={c.id} channel={c} admin={admin} />
      ))}
    </ul>
  );
}
