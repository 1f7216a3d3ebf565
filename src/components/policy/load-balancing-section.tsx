import type { ReactNode } from "react";
import type { SavedPolicy } from "@/stores/policy-draft-store";
import { PolicyWorkspace } from "./builder/policy-workspace";
import { PlanPreview } from "./plan-preview";
import { PushHistory, type PushRow } from "./push-history";
import { PushPanel } from "./push-panel";

type Props = {
  deviceId: string;
  deviceName: string;
  kind: "linux" | "routeros";
  balancer: "pcc" | "ecmp";
  targetOptions: unknown;
  saved: SavedPolicy;
  starter: unknown;
  from: { revision: number; intent: unknown; targetOptions: unknown } | null;
  fromProblem: string | null;
  /** Waymark's objects are on the device: there is something to read back and to remove. */
  onDevice: boolean;
  canOperate: boolean;
  pushes: PushRow[];
};

// A device's load balancing on its Policy tab: the staged draft (builder or JSON) with Review & push; then, for
// what is already saved, the plan with what-ifs, a push of the saved revision (again, after a rollback) or the
// removal of Waymark's objects, and the history of pushes. What the device does now is on the overview.
export function LoadBalancingSection(props: Props) {
  const revision = props.saved?.revision ?? null;
  return (
    <div className="space-y-6">
      <PolicyWorkspace
        deviceId={props.deviceId}
        deviceName={props.deviceName}
        targetOptions={props.targetOptions}
        canEdit={props.canOperate}
        saved={props.saved}
        starter={props.starter}
        from={props.from}
        fromProblem={props.fromProblem}
      />
      {revision !== null && (
        <Card title="Plan">
          <PlanPreview deviceId={props.deviceId} kind={props.kind} balancer={props.balancer} canEdit={props.canOperate} />
        </Card>
      )}
      {revision !== null && props.canOperate && (
        <Card title="Push">
          <PushPanel deviceId={props.deviceId} deviceName={props.deviceName} revision={revision} onDevice={props.onDevice} />
        </Card>
      )}
      <Card title="History">
        <PushHistory pushes={props.pushes} />
      </Card>
    </div>
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card min-w-0 space-y-3">
      <h2 className="font-semibold">{title}</h2>
      {children}
    </section>
  );
}
