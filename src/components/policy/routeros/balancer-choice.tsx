"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { notify } from "@/stores/notice-store";
import { api, ApiCallError } from "../../api";

// PCC or ECMP on a MikroTik: saved with the policy (PUT …/policy/target-options), used by preview and push.
export function BalancerChoice({ deviceId, initial, canEdit }: { deviceId: string; initial: "pcc" | "ecmp"; canEdit: boolean }) {
  const router = useRouter();
  const [balancer, setBalancer] = useState(initial);

  async function choose(value: "pcc" | "ecmp") {
    const before = balancer;
    setBalancer(value);
    try {
      await api("PUT", `/devices/${deviceId}/policy/target-options`, { routeros: { balancer: value } });
      notify("ok", `Balancing by ${value === "pcc" ? "PCC" : "ECMP"} saved; nothing was pushed yet`);
      router.refresh();
    } catch (e) {
      setBalancer(before);
      notify("error", e instanceof ApiCallError ? e.failure.message : String(e));
    }
  }

  return (
    <select
      aria-label="Balancer"
      className="input w-full sm:w-auto"
      value={balancer}
      disabled={!canEdit}
      onChange={(e) => void choose(e.target.value as "pcc" | "ecmp")}
    >
      <option value="pcc">PCC: mark connections (exact weights, stickiness)</option>
      <option value="ecmp">ECMP: equal-cost routes (fewer rules)</option>
    </select>
  );
}
