"use client";
import type { DeviceView } from "@/lib/domain/device";

// The add form's Test connection (POST /devices/test-connection) and what the edit form must ask again when the
// device moves. Kept beside device-form.tsx so the form itself stays about fields.

/** What the check endpoint answers; the browser only shows it. */
export type ConnectionCheckReply = {
  status: string;
  message?: string;
  identity?: string;
  version?: string;
  hostKey?: { algorithm: string; fingerprint: string };
};

export function describeReachable(check: ConnectionCheckReply): string {
  const what = [check.identity, check.version].filter(Boolean).join(", ");
  return what ? `reachable (${what})` : "reachable";
}

/** Host, port or API transport differ from the stored device: the server then needs the credentials again. */
export function addressChanged(device: DeviceView, form: FormData): boolean {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const port = text("port");
  if (text("host") !== device.host) return true;
  if (port !== "" && Number(port) !== device.port) return true;
  return device.kind === "routeros" && form.has("transport") && text("transport") !== (device.transport ?? "plain");
}

export function FailedCheck({ check, busy, onSaveAnyway }: { check: ConnectionCheckReply; busy: boolean; onSaveAnyway: () => void }) {
  return (
    <div role="alert" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="failed-check">
      <p className="font-medium text-amber-900">Test connection failed: {check.status.replaceAll("_", " ")}</p>
      {check.message && <p className="text-slate-700">{check.message}</p>}
      <p className="text-slate-700">
        Correct the address or credentials and add the device again, or save it as it is: Waymark cannot manage it until Test connection succeeds.
      </p>
      <button type="button" className="btn-secondary" onClick={onSaveAnyway} disabled={busy}>
        Save anyway
      </button>
    </div>
  );
}
