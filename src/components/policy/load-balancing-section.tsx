import type { ReactNode } from "react";
import { PlanPreview } from "./plan-preview";
import { PolicyEditor } from "./policy-editor";
import { PushHistory, type PushRow } from "./push-history";
import { PushPanel } from "./push-panel";

type Props = {
  deviceId: string;
  deviceName: string;
  kind: "linux" | "routeros";
  balancer: "pcc" | "ecmp";
  intentJson: string;
  /** The saved policy's revision; null when none is saved. */
  revision: number | null;
  /** Waymark's objects are on the device: there is something to read back and to remove. */
  onDevice: boolean;
  canOperate: boolean;
  pushes: PushRow[];
};

// A device's load balancing on its Policy tab: the intent, the exact plan, push with progress, and the history
// of pushes (what the device does now is on the overview). The same for both kinds of device.
export function LoadBalancingSection(props: Props) {
  return (
    <div className="space-y-6">
      <Card title="Load-balancing policy">
        <PolicyEditor deviceId={props.deviceId} initial={props.intentJson} canEdit={props.canOperate} />
      </Card>
      {props.revision !== null && (
        <Card title="Plan">
          <PlanPreview deviceId={props.deviceId} kind={props.kind} balancer={props.balancer} canEdit={props.canOperate} />
        </Card>
      )}
      {props.revision !== null && props.canOperate && (
        <Card title="Push">
          <PushPanel deviceId={props.deviceId} deviceName={props.deviceName} revision={props.revision} onDevice={props.onDevice} />
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
