"use client";
import { useState } from "react";
import { setDeviceInterfaces, usePolicyDraftStore } from "@/stores/policy-draft-store";
import { api, ApiCallError } from "../../api";

type Proposal = { interfaces: { name: string; up: boolean; addresses: string[]; addressing: string }[] };

/** "192.0.2.2/24, DHCP" / "no address, down": what tells two interfaces apart in a select. */
function words(i: Proposal["interfaces"][number]): string {
  const addresses = i.addresses.length > 0 ? i.addresses.join(", ") : "no address";
  const how = i.addressing === "dhcp" ? ", DHCP" : i.addressing === "pppoe" ? ", PPPoE" : "";
  return `${addresses}${how}${i.up ? "" : ", down"}`;
}

// Asks the device which interfaces it has (the wizard's reading), so interface fields become selects of real
// names instead of guesses that only fail at preview.
export function ReadInterfaces({ deviceId }: { deviceId: string }) {
  const known = usePolicyDraftStore((s) => s.interfaces);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function read() {
    setBusy(true);
    setProblem(null);
    try {
      const { interfaces } = await api<Proposal>("GET", `/devices/${deviceId}/wizard/proposal`);
      setDeviceInterfaces(interfaces.map((i) => ({ name: i.name, words: words(i) })));
    } catch (e) {
      setProblem(`The device could not be read: ${e instanceof ApiCallError ? e.failure.message : String(e)}. Type interface names instead.`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-3 pt-1" aria-live="polite">
      <button type="button" className="btn-secondary" onClick={read} disabled={busy}>
        {busy ? "Reading the device…" : known ? "Read interfaces again" : "Read interfaces from the device"}
      </button>
      {known && (
        <span className="text-sm text-slate-600" data-testid="interfaces-read">
          {known.length} interfaces on the device: {known.map((i) => i.name).join(", ")}
        </span>
      )}
      {problem && <span className="text-sm text-rose-700">{problem}</span>}
    </div>
  );
}
