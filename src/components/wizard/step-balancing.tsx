"use client";
import type { BalanceMethod } from "@/lib/domain/intent";
import { setBalancing, useWizardStore } from "@/stores/wizard-store";

const METHODS: { value: BalanceMethod; label: string; explain: string }[] = [
  {
    value: "per-connection",
    label: "Per connection",
    explain: "Every new connection draws a link by weight: the closest to the weights, but one host may use several links at once.",
  },
  {
    value: "sticky-source",
    label: "Sticky by source",
    explain: "Each LAN host keeps one link, so banking sites and VPNs that tie a login to an address keep working.",
  },
  {
    value: "sticky-source-destination",
    label: "Sticky by source and destination",
    explain: "A host keeps the same link for each destination: spreads better than by source, still stable per site.",
  },
];

const BALANCERS: { value: "pcc" | "ecmp"; label: string; explain: string }[] = [
  {
    value: "pcc",
    label: "PCC (per-connection classifier)",
    explain: "Mangle rules mark each connection by hash: weights are exact and the stickiness above is honoured.",
  },
  { value: "ecmp", label: "ECMP (equal-cost routes)", explain: "Fewer rules: the router spreads connections over equal routes; weights are approximate." },
];

// Step 3: how new connections are spread (stickiness), and on a MikroTik by which mechanism.
export function StepBalancing() {
  const form = useWizardStore((s) => s.form);
  const kind = useWizardStore((s) => s.view?.device.kind);
  if (!form) return null;
  return (
    <div className="space-y-6">
      <fieldset className="space-y-2">
        <legend className="text-lg font-semibold">Stickiness</legend>
        {METHODS.map((m) => (
          <label key={m.value} className="flex gap-3 rounded-md border border-slate-200 p-3 has-[:checked]:border-sky-600">
            <input type="radio" name="wizard-method" value={m.value} checked={form.method === m.value} onChange={() => setBalancing({ method: m.value })} />
            <span>
              <span className="block font-medium">{m.label}</span>
              <span className="block text-sm text-slate-600">{m.explain}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {kind === "routeros" ? (
        <fieldset className="space-y-2">
          <legend className="text-lg font-semibold">Method on the router</legend>
          {BALANCERS.map((b) => (
            <label key={b.value} className="flex gap-3 rounded-md border border-slate-200 p-3 has-[:checked]:border-sky-600">
              <input
                type="radio"
                name="wizard-balancer"
                value={b.value}
                checked={form.balancer === b.value}
                onChange={() => setBalancing({ balancer: b.value })}
              />
              <span>
                <span className="block font-medium">{b.label}</span>
                <span className="block text-sm text-slate-600">{b.explain}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="text-sm text-slate-600">
          On a Linux gateway Waymark balances with nftables (or iptables) marks and one routing table per link; there is no other method to choose.
        </p>
      )}
    </div>
  );
}
