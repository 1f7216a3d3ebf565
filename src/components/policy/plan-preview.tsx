"use client";
import { useState } from "react";
import { api, ApiCallError } from "../api";

type Preview = { flavour: string; plan: { warnings: { code: string; severity: string; message: string }[]; script: string } };

// The exact change a push would send, compiled on the server without contacting the gateway.
export function PlanPreview({ deviceId }: { deviceId: string }) {
  const [flavour, setFlavour] = useState<"nftables" | "iptables">("nftables");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load() {
    setError(null);
    try {
      setPreview(await api<Preview>("POST", `/devices/${deviceId}/plan`, { flavour }));
    } catch (e) {
      setError(e instanceof ApiCallError ? e.failure.message : String(e));
    }
  }

  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3">
        <select aria-label="Flavour" className="input w-48" value={flavour} onChange={(e) => setFlavour(e.target.value as "nftables" | "iptables")}>
          <option value="nftables">nftables</option>
          <option value="iptables">iptables (older gateways)</option>
        </select>
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
          <pre className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100" data-testid="plan-script">{preview.plan.script}</pre>
        </>
      )}
    </div>
  );
}
