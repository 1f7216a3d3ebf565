import Link from "next/link";
import { DeviceStatePanel } from "./device-state/device-state-panel";

// The overview's view of load balancing: what the device does now. Editing, review and push live on the Policy tab.
export function LiveStateCard({ deviceId, onDevice }: { deviceId: string; onDevice: boolean }) {
  return (
    <section className="card min-w-0 space-y-3">
      {onDevice ? (
        <>
          <h2 className="font-semibold">Live state</h2>
          <DeviceStatePanel deviceId={deviceId} />
        </>
      ) : (
        <>
          <h2 className="font-semibold">Load balancing</h2>
          <p className="text-sm text-slate-600" data-testid="no-policy-on-device">
            Waymark has not pushed a policy to this device yet.{" "}
            <Link href={`/devices/${deviceId}/policy`} className="text-sky-700 underline">
              Build and push one on the Policy tab
            </Link>
            .
          </p>
        </>
      )}
    </section>
  );
}
