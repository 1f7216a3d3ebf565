// The Policy tab: the device's load-balancing intent staged and edited (the visual builder, or the same draft as
// JSON under "Advanced"), reviewed against what the device runs, saved and pushed; the history of its pushes.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LoadBalancingSection } from "@/components/policy/load-balancing-section";
import { hasWaymarkOnDevice } from "@/components/policy/push-words";
import { DUAL_WAN_EXAMPLE } from "@/lib/domain/intent/examples";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { getDevice } from "@/lib/services/devices";
import { NotFoundError } from "@/lib/services/errors";
import { getPolicy } from "@/lib/services/policies";
import { listPushes } from "@/lib/services/pushes";

export const metadata: Metadata = { title: "Policy" };

export default async function DevicePolicyPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requirePageSession();
  const device = await getDevice(session.ctx, (await params).id).catch((e) => (e instanceof NotFoundError ? notFound() : Promise.reject(e)));
  const policy = await getPolicy(session.ctx, device.id);
  const pushes = await listPushes(session.ctx, device.id);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Load-balancing policy</h1>
      <LoadBalancingSection
        deviceId={device.id}
        deviceName={device.name}
        kind={device.kind}
        balancer={policy?.targetOptions.routeros.balancer ?? "pcc"}
        intentJson={JSON.stringify(policy?.intent ?? DUAL_WAN_EXAMPLE, null, 2)}
        revision={policy?.revision ?? null}
        onDevice={hasWaymarkOnDevice(pushes)}
        canOperate={hasRole(session, "operator")}
        pushes={pushes}
      />
    </div>
  );
}
