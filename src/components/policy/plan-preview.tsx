"use client";
import { useState } from "react";
import { api, ApiCallError } from "../api";
import { BalancerChoice } from "./routeros/balancer-choice";

type Warning = { code: string; severity: string; message: string };
type Preview = { target: "linux" | "routeros"; plan: { warnings: Warning[]; script: string } };
type Kind = "linux" | "routeros";

// The exact change a push would send, compiled on the server without contacting the device.
export function PlanPreview({ deviceId, kind, balancer, canEdit }: { deviceId: string; kind: Kind; balancer: "pcc" | "ecmp"; canEdit: boolean }) {
  const [flavour, setFlavour] = useState<"nftables" | "iptables">("nftables");
  const [version, setVersion] = useState<"" | "6" | "7">("");
  const [dialect, setDialect] = useState<"spaced" | "slashed">("spaced");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load() {
    setError(null);
    const body = kind === "linux" ? { flavour } : { dialect, ...(version ? { routerosVersion: version } : {}) };
    try {
      setPreview(await api<Preview>("POST", `/devices/${deviceId}/plan`, body));
    } catch (e) {
      setError(e instanceof ApiCallError ? e.failure.message : String(e));
    }
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        {kind === "linux" ? (
          <select aria-label="Flavour" className="input w-48" value={flavour} onChange={(e) => setFlavour(e.target.value as "nftables" | "iptables")}>
            <option value="nftables">nftables</option>
            <option value="iptables">iptables (older gateways)</option>
          </select>
        ) : (
          <>
            <BalancerChoice deviceId={deviceId} initial={balancer} canEdit={canEdit} />
            <select aria-label="RouterOS version" className="input w-56" value={version} onChange={(e) => setVersion(e.target.value as "" | "6" | "7")}>
              <option value="">version the router reported</option>
              <option value="7">RouterOS v7</option>
              <option value="6">RouterOS v6</option>
            </select>
            <select aria-label="Script style" className="input w-56" value={dialect} onChange={(e) => setDialect(e.target.value as "spaced" | "slashed")}>
              <option value="spaced">/ip firewall mangle (v6 and v7)</option>
              <option value="slashed">/ip/firewall/mangle (v7 only)</option>
            </select>
          </>
        )}
        <button className="btn-secondary" onClick={load}>Preview plan</button>
      </div>
      {error && <p role="alert" className="text-sm text-rose-700">{error}</p>}
      {preview && (
        <>
          <ul className="space-y-1 text-sm" data-testid="plan-warnings">
            {preview.plan.warnings.map((w) => (
              <li key={`${w.code}-${w.message}`} className={w.severity === "warning" ? "text-amber-800" : "text-slate-600"}>
                {w.severity === "warning" ? "⚠ " : "ℹ "}{w.message}
              </li>
            ))}
          </ul>
          {preview.target === "routeros" && (
            <p className="text-xs text-slate-500">
              A push sends only the difference between this plan and what the router holds, and never touches objects without a waymark: comment.
              Paste the script below instead if you prefer: <a className="underline" download="waymark-plan.rsc" href={`data:text/plain;charset=utf-8,${encodeURIComponent(preview.plan.script)}`}>download .rsc</a>.
            </p>
          )}
          <pre className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100" data-testid="plan-script">{preview.plan.script}</pre>
        </>
      )}
    </div>
  );
}
