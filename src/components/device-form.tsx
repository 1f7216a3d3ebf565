"use client";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import type { DeviceView } from "@/lib/domain/device";
import { notify } from "@/stores/notice-store";
import { api, ApiCallError, fieldErrors } from "./api";
import { addressChanged, describeReachable, FailedCheck, type ConnectionCheckReply } from "./device-form-check";
import { Field, TextArea } from "./form-fields";

type Kind = "routeros" | "linux";

// One form for adding and editing. Stored secrets are never sent to the browser, so on edit the secret fields
// start empty and an empty field means "keep the stored one" — unless the address changes: the stored secret is
// never sent to a new address, so the form then asks for it. Adding runs Test connection first; saving a device
// that failed it is an explicit second click.
export function DeviceForm({ device }: { device?: DeviceView }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<Kind>(device?.kind ?? "linux");
  const [authMethod, setAuthMethod] = useState<"password" | "key">(device?.authMethod ?? "password");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failedCheck, setFailedCheck] = useState<ConnectionCheckReply | null>(null);
  const [moved, setMoved] = useState(false);

  // Any edit after a failed check makes "Save anyway" stale: it must apply to the values that were tested.
  function onInput() {
    setFailedCheck(null);
    if (device && formRef.current) setMoved(addressChanged(device, new FormData(formRef.current)));
  }

  async function save(checkFirst: boolean) {
    if (!formRef.current) return;
    setBusy(true);
    setMessage(null);
    setFailedCheck(null);
    try {
      const body = buildBody(new FormData(formRef.current), kind, authMethod, Boolean(device));
      let checked: ConnectionCheckReply | null = null;
      if (checkFirst) {
        checked = await api<ConnectionCheckReply>("POST", "/devices/test-connection", body);
        if (checked.status !== "reachable") {
          setFailedCheck(checked);
          setBusy(false);
          return;
        }
      }
      const saved = device ? await api<DeviceView>("PATCH", `/devices/${device.id}`, body) : await api<DeviceView>("POST", "/devices", body);
      notify("ok", device ? "Device saved" : checked ? `Device added: ${describeReachable(checked)}` : "Device added without a working connection");
      router.push(`/devices/${saved.id}`);
      router.refresh();
    } catch (error) {
      setErrors(fieldErrors(error));
      setMessage(error instanceof ApiCallError ? error.failure.message : String(error));
      setBusy(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void save(!device);
  }

  const keepHint = (secret: string) => (moved ? "required: the address changed" : `leave empty to keep the stored ${secret}`);
  return (
    <form ref={formRef} onSubmit={submit} onInput={onInput} className="card max-w-2xl space-y-4" noValidate>
      {!device && (
        <fieldset className="flex gap-4">
          <legend className="label">Kind</legend>
          <Choice name="kind" value="linux" checked={kind === "linux"} onChange={() => setKind("linux")} label="Linux gateway (SSH)" />
          <Choice name="kind" value="routeros" checked={kind === "routeros"} onChange={() => setKind("routeros")} label="MikroTik router (RouterOS API)" />
        </fieldset>
      )}
      <Field name="name" label="Name" defaultValue={device?.name} error={errors.name} />
      <div className="grid grid-cols-3 gap-4">
        <div className="col-span-2">
          <Field name="host" label="Host (address or DNS name)" defaultValue={device?.host} error={errors.host} />
        </div>
        <Field name="port" label="Port" placeholder={kind === "linux" ? "22" : "8728 / 8729"} defaultValue={device?.port?.toString()} error={errors.port} />
      </div>
      {kind === "routeros" && (
        <label className="block">
          <span className="label">API transport</span>
          <select name="transport" className="input" defaultValue={device?.transport ?? "plain"}>
            <option value="plain">API (8728, unencrypted)</option>
            <option value="tls">API-SSL with certificate (8729)</option>
            <option value="tls-anon">API-SSL without certificate, anonymous DH (8729)</option>
          </select>
        </label>
      )}
      <Field name="username" label="User" autoComplete="off" defaultValue={device?.username} error={errors.username} />
      {kind === "linux" && (
        <fieldset className="flex gap-4">
          <legend className="label">SSH authentication</legend>
          <Choice name="authMethod" value="password" checked={authMethod === "password"} onChange={() => setAuthMethod("password")} label="Password" />
          <Choice name="authMethod" value="key" checked={authMethod === "key"} onChange={() => setAuthMethod("key")} label="Private key" />
        </fieldset>
      )}
      {kind === "linux" && authMethod === "key" ? (
        <>
          <TextArea
            name="privateKey"
            label="Private key"
            placeholder={device ? keepHint("key") : "-----BEGIN OPENSSH PRIVATE KEY-----"}
            error={errors["auth.privateKey"]}
            mono
          />
          <Field name="passphrase" label="Key passphrase (optional)" type="password" autoComplete="off" error={errors["auth.passphrase"]} />
        </>
      ) : (
        <Field
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          placeholder={device ? keepHint("password") : ""}
          error={errors.password ?? errors["auth.password"]}
        />
      )}
      <TextArea name="comment" label="Comment" defaultValue={device?.comment} error={errors.comment} />
      {moved && (
        <p className="text-sm text-amber-800" data-testid="address-changed">
          The address changed: enter the device&apos;s {kind === "linux" && authMethod === "key" ? "private key" : "password"} again. The stored one is never
          sent to a new address.
        </p>
      )}
      {failedCheck && <FailedCheck check={failedCheck} busy={busy} onSaveAnyway={() => void save(false)} />}
      {message && (
        <p role="alert" className="text-sm text-rose-700">
          {message}
        </p>
      )}
      <div className="flex gap-3">
        <button type="submit" className="btn-primary" disabled={busy}>
          {device ? "Save" : busy ? "Testing connection…" : "Add device"}
        </button>
        <button type="button" className="btn-secondary" onClick={() => router.back()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function buildBody(form: FormData, kind: Kind, authMethod: "password" | "key", editing: boolean): Record<string, unknown> {
  const text = (name: string) => String(form.get(name) ?? "");
  const port = text("port").trim();
  const body: Record<string, unknown> = {
    name: text("name"),
    host: text("host").trim(),
    username: text("username").trim(),
    comment: text("comment"),
    ...(port ? { port: Number(port) } : {}),
  };
  if (!editing) body.kind = kind;
  if (kind === "routeros") {
    body.transport = text("transport");
    if (!editing || text("password")) body.password = text("password");
    return body;
  }
  const secret = authMethod === "key" ? text("privateKey") : text("password");
  if (!editing || secret) {
    body.auth =
      authMethod === "key"
        ? { method: "key", privateKey: text("privateKey"), ...(text("passphrase") ? { passphrase: text("passphrase") } : {}) }
        : { method: "password", password: text("password") };
  }
  return body;
}

function Choice(props: { name: string; value: string; checked: boolean; onChange: () => void; label: string }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="radio" name={props.name} value={props.value} checked={props.checked} onChange={props.onChange} />
      {props.label}
    </label>
  );
}
