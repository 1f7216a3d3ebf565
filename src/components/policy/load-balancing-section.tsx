import type { ReactNode } from "react";
import { LinkStatePanel } from "./link-state";
import { PlanPreview } from "./plan-preview";
import { PolicyEditor } from "./policy-editor";
import { PushHistory } from "./push-history";
import { PushPanel } from "./push-panel";
import { RouterStatePanel } from "./routeros/router-state";

type Props = {
  deviceId: string;
  kind: "linux" | "routeros";
  balancer: "pcc" | "ecmp";
  intentJson: string;
  hasPolicy: boolean;
  hasConfirmedPush: boolean;
  canOperate: boolean;
  pushes: { id: string; status: string; actorName: string; startedAt: string; reason: string; error: string | null }[];
};

// A device's load balancing on its page: intent, the exact plan, push with progress, what the device reports,
// and the history of pushes. The same for both kinds; only the read-back differs.
export function LoadBalancingSection(props: Props) {
  return (
    <div className="space-y-6">
      {props.hasConfirmedPush && (
        <Card title={props.kind === "linux" ? "Links" : "Live state"}>
          {props.kind === "linux" ? <LinkStatePanel deviceId={props.deviceId} /> : <RouterStatePanel deviceId={props.deviceId} />}
        </Card>
      )}
      <Card title="Load-balancing policy">
        <PolicyEditor deviceId={props.deviceId} initial={props.intentJson} canEdit={props.canOperate} />
      </Card>
      {props.hasPolicy && (
        <Card title="Plan"><PlanPreview deviceId={props.deviceId} kind={props.kind} balancer={props.balancer} canEdit={props.canOperate} /></Card>
      )}
      {props.hasPolicy && props.canOperate && (
        <Card title="Push"><PushPanel deviceId={props.deviceId} /></Card>
      )}
      <Card title="History"><PushHistory pushes={props.pushes} /></Card>
    </div>
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card space-y-3">
      <h2 className="font-semibold">{title}</h2>
      {children}
    </section>
  );
}
