"use client";
import { useState } from "react";
import { api, ApiCallError } from "../api";
import { BalancerChoice } from "./routeros/balancer-choice";

type Severity = "info" | "warning" | "error";
type Warning = { code: string; severity: Severity; message: string; link?: string };
type Preview = { target: "linux" | "routeros"; label: string; checkedAgainstDevice: boolean; warnings: Warning[]; plan: { script?: unknown } };
type Kind = "linux" | "routeros";
type Flavour = "" | "nftables" | "iptables";

const SEVERITY: Record<Severity, { word: string; look: string }> = {
  error: { word: "Error", look: "border-rose-300 bg-rose-50 text-rose-900" },
  warning: { word: "Warning", look: "border-amber-300 bg-amber-50 text-amber-950" },
  info: { word: "Info", look: "border-slate-200 bg-slate-50 text-slate-700" },
};

const ORDER: Severity[] = ["error", "warning", "info"];

// The exact change a push would send. By default the device is inspected first, so an interface, gateway or LAN
// source it lacks is refused here rather than at apply; a what-if (another firewall or RouterOS version) or
// "without contacting the device" compiles without asking it.
export function PlanPreview({ deviceId, kind, balancer, canEdit }: { deviceId: string; kind: Kind; balancer: "pcc" | "ecmp"; canEdit: boolean }) {
  const [flavour, setFlavour] = useState<Flavour>("");
  const [version, setVersion] = useState<"" | "6" | "7">("");
  const [dialect, setDialect] = useState<"spaced" | "slashed">("spaced");
  const [offline, setOffline] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function load() {
    setError(null);
    setBusy(true);
    const body = kind === "linux" ? { offline, ...(flavour ? { flavour } : {}) } : { offline, dialect, ...(version ? { routerosVersion: version } : {}) };
    try {
      setPreview(await api<Preview>("POST", `/devices/${deviceId}/plan`, body));
    } catch (e) {
      setPreview(null);
      setError(e instanceof ApiCallError ? e.failure.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        {kind === "linux" ? (
          <select aria-label="Flavour" className="input w-full sm:w-auto" value={flavour} onChange={(e) => setFlavour(e.target.value as Flavour)}>
            <option value="">the firewall the gateway has</option>
            <option value="nftables">what if: nftables</option>
            <option value="iptables">what if: iptables (older gateways)</option>
          </select>
        ) : (
          <>
            <BalancerChoice deviceId={deviceId} initial={balancer} canEdit={canEdit} />
            <select
              aria-label="RouterOS version"
              className="input w-full sm:w-auto"
              value={version}
              onChange={(e) => setVersion(e.target.value as "" | "6" | "7")}
            >
              <option value="">the version the router reports</option>
              <option value="7">what if: RouterOS v7</option>
              <option value="6">what if: RouterOS v6</option>
            </select>
            <select
              aria-label="Script style"
              className="input w-full sm:w-auto"
              value={dialect}
              onChange={(e) => setDialect(e.target.value as "spaced" | "slashed")}
            >
              <option value="spaced">/ip firewall mangle (v6 and v7)</option>
              <option value="slashed">/ip/firewall/mangle (v7 only)</option>
            </select>
          </>
        )}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={offline} onChange={(e) => setOffline(e.target.checked)} />
          without contacting the device
        </label>
        <button type="button" className="btn-secondary" onClick={load} disabled={busy}>
          {busy ? "Previewing…" : "Preview plan"}
        </button>
      </div>
      {error && (
        <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="plan-error">
          {error}
        </p>
      )}
      {preview && <PreviewView preview={preview} />}
    </div>
  );
}

function PreviewView({ preview }: { preview: Preview }) {
  const script = typeof preview.plan.script === "string" ? preview.plan.script : "";
  const warnings = [...preview.warnings].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
  return (
    <>
      <p className="text-sm" data-testid="plan-label">
        <span className="font-medium">{preview.label}</span>
        <span className="text-slate-600">
          {" · "}
          {preview.checkedAgainstDevice
            ? "checked against the device's interfaces and networks"
            : "not checked against the device: its interfaces and networks were not read"}
        </span>
      </p>
      {warnings.length > 0 && (
        <ul className="space-y-1 text-sm" data-testid="plan-warnings" aria-label="Plan warnings">
          {warnings.map((w) => (
            <li key={`${w.code}-${w.message}`} className={`rounded-md border px-3 py-1.5 ${SEVERITY[w.severity].look}`} data-severity={w.severity}>
              <span className="font-semibold">{SEVERITY[w.severity].word}:</span> {w.message}
            </li>
          ))}
        </ul>
      )}
      {preview.target === "routeros" && (
        <p className="text-xs text-slate-600">
          A push sends only the difference between this plan and what the router holds, and changes only the objects Waymark created. Paste the script below
          instead if you prefer:{" "}
          <a className="underline" download="waymark-plan.rsc" href={`data:text/plain;charset=utf-8,${encodeURIComponent(script)}`}>
            download .rsc
          </a>
          .
        </p>
      )}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus so a keyboard user can scroll it (WCAG 2.1.1); the section's name makes it a region */}
      <section aria-label="Plan script" tabIndex={0} className="code-block max-h-96 overflow-auto rounded-md p-3">
        <pre className="text-xs" data-testid="plan-script">
          {script}
        </pre>
      </section>
    </>
  );
}
