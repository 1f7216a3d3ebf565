"use client";
import { useId, useState } from "react";
import type { ChannelView } from "@/lib/domain/alerts/channel";
import { api } from "../api";
import { FormError, SaveButtons, useSave } from "./use-save";

// Add or change a channel. The secret (SMTP password, webhook HMAC key) is write-only: the form shows whether one
// is set, an empty field keeps it, and "remove" clears it.

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

function settingsFrom(form: FormData, kind: "email" | "webhook") {
  if (kind === "webhook") return { kind, webhook: { url: text(form, "url") } };
  return {
    kind,
    email: {
      host: text(form, "host"),
      port: Number(text(form, "port")),
      security: text(form, "security"),
      user: text(form, "user"),
      from: text(form, "from"),
      to: text(form, "to")
        .split(/[\s,;]+/)
        .filter(Boolean),
    },
  };
}

function Input({
  name,
  label,
  defaultValue,
  type = "text",
  hint,
  ...rest
}: {
  name: string;
  label: string;
  defaultValue?: string;
  type?: string;
  hint?: string;
  placeholder?: string;
  autoComplete?: string;
  inputMode?: "numeric";
}) {
  const id = useId();
  return (
    <div>
      <label className="block" htmlFor={id}>
        <span className="label">{label}</span>
      </label>
      <input id={id} className="input" name={name} type={type} defaultValue={defaultValue} aria-describedby={hint ? `${id}-hint` : undefined} {...rest} />
      {hint && (
        <span id={`${id}-hint`} className="mt-1 block text-xs text-slate-500">
          {hint}
        </span>
      )}
    </div>
  );
}

export function ChannelForm({ channel, onDone }: { channel?: ChannelView; onDone?: () => void }) {
  const [kind, setKind] = useState<"email" | "webhook">(channel?.settings.kind ?? "email");
  const [clearSecret, setClearSecret] = useState(false);
  const { save, error, fields, busy } = useSave(onDone);
  const email = channel?.settings.kind === "email" ? channel.settings.email : null;
  const webhook = channel?.settings.kind === "webhook" ? channel.settings.webhook : null;
  const secretLabel = kind === "email" ? "SMTP password" : "Signing secret (HMAC key)";
  const secretState = channel
    ? channel.secretSet
      ? "set: leave empty to keep it"
      : "not set"
    : kind === "email"
      ? "leave empty when the server needs no login"
      : "recommended: receivers check the signature";

  return (
    <form
      className="card grid items-start gap-3 sm:grid-cols-2 lg:grid-cols-3"
      aria-label={channel ? `Change channel ${channel.name}` : "Add a channel"}
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const secret = text(form, "secret");
        const body = {
          name: text(form, "name"),
          enabled: form.get("enabled") === "on",
          settings: settingsFrom(form, kind),
          ...(clearSecret ? { secret: "" } : secret ? { secret } : {}),
        };
        const target = event.currentTarget;
        void save(
          async () => {
            await (channel ? api("PUT", `/alerts/channels/${channel.id}`, body) : api("POST", "/alerts/channels", body));
            if (!channel) target.reset();
          },
          channel ? "Channel saved" : "Channel added",
        );
      }}
    >
      <Input name="name" label="Name" defaultValue={channel?.name} autoComplete="off" placeholder="NOC mail" />
      <label className="block">
        <span className="label">Sends by</span>
        <select className="input" value={kind} disabled={Boolean(channel)} onChange={(e) => setKind(e.currentTarget.value as "email" | "webhook")}>
          <option value="email">E-mail (SMTP)</option>
          <option value="webhook">Webhook (signed JSON POST)</option>
        </select>
      </label>
      <label className="flex items-center gap-2 text-sm sm:mt-7">
        <input type="checkbox" name="enabled" defaultChecked={channel?.enabled ?? true} /> Enabled
      </label>
      {kind === "email" ? (
        <>
          <Input name="host" label="SMTP server" defaultValue={email?.host} placeholder="smtp.example.net" autoComplete="off" />
          <Input name="port" label="Port" defaultValue={String(email?.port ?? 587)} inputMode="numeric" />
          <label className="block">
            <span className="label">Security</span>
            <select name="security" className="input" defaultValue={email?.security ?? "starttls"}>
              <option value="starttls">STARTTLS (usually port 587)</option>
              <option value="tls">TLS from the start (usually port 465)</option>
              <option value="none">None (only on a trusted network)</option>
            </select>
          </label>
          <Input name="user" label="User name (optional)" defaultValue={email?.user} autoComplete="off" />
          <Input name="from" label="From" defaultValue={email?.from} placeholder="waymark@example.net" autoComplete="off" />
          <Input
            name="to"
            label="To"
            defaultValue={email?.to.join(", ")}
            placeholder="noc@example.net, oncall@example.net"
            hint="One or more addresses, separated by commas"
            autoComplete="off"
          />
        </>
      ) : (
        <div className="sm:col-span-2">
          <Input
            name="url"
            label="URL"
            defaultValue={webhook?.url}
            placeholder="https://hooks.example.net/waymark"
            hint="http:// or https://; redirects are not followed"
            autoComplete="off"
          />
        </div>
      )}
      <div className="space-y-1">
        <Input name="secret" label={secretLabel} type="password" autoComplete="new-password" hint={secretState} />
        {channel?.secretSet && (
          <label className="flex items-center gap-2 text-xs text-slate-600">
            <input type="checkbox" checked={clearSecret} onChange={(e) => setClearSecret(e.currentTarget.checked)} /> Remove the stored{" "}
            {kind === "email" ? "password" : "secret"}
          </label>
        )}
      </div>
      <SaveButtons busy={busy} editing={channel !== undefined} noun="channel" onCancel={onDone} className="flex gap-2 sm:mt-7" />
      <FormError error={error} fields={fields} />
    </form>
  );
}
