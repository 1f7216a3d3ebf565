// The Policy tab: the device's load-balancing intent staged and edited (the visual builder, or the same draft as
// JSON under "Advanced"), reviewed against what the device runs, saved and pushed; the history of its pushes.
// ?from=<revision> loads an older revision as the draft (history's "Revert to this revision").
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LoadBalancingSection } from "@/components/policy/load-balancing-section";
import { hasWaymarkOnDevice } from "@/components/policy/push-words";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { getDevice } from "@/lib/services/devices";
import { NotFoundError } from "@/lib/services/errors";
import { getPolicy } from "@/lib/services/policies";
import { listPushes } from "@/lib/services/pushes";
import { SavedVsRunning } from "../saved-vs-running";
import { revisionToRevert } from "./revert";

export const metadata: Metadata = { title: "Policy" };

/** A device with nothing saved starts from an empty skeleton: the builder's "Add link" is the first step. */
const EMPTY_INTENT = { links: [], outbound: { lanInterfaces: [], lanSources: [] } };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string | string[] }> };

export default async function DevicePolicyPage({ params, searchParams }: Props) {
  const session = await requirePageSession();
  const device = await getDevice(session.ctx, (await params).id).catch((e) => (e instanceof NotFoundError ? notFound() : Promise.reject(e)));
  const policy = await getPolicy(session.ctx, device.id);
  const pushes = await listPushes(session.ctx, device.id);
  const revert = await revisionToRevert(session.ctx, device.id, (await searchParams).from);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Load-balancing policy</h1>
      <SavedVsRunning ctx={session.ctx} deviceId={device.id} />
      <LoadBalancingSection
        deviceId={device.id}
        deviceName={device.name}
        kind={device.kind}
        balancer={policy?.targetOptions.routeros.balancer ?? "pcc"}
        targetOptions={policy?.targetOptions ?? { routeros: { balancer: "pcc" } }}
        saved={policy ? { intent: policy.intent, revision: policy.revision } : null}
        starter={EMPTY_INTENT}
        from={revert.from}
        fromProblem={revert.problem}
        onDevice={hasWaymarkOnDevice(pushes)}
        canOperate={hasRole(session, "operator")}
        pushes={pushes}
      />
    </div>
  );
}
