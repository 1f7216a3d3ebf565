// The Drills tab: test failover of one link through the device (its probe answers dropped there, so the device's
// own detection is what is tested), follow the drill live, and read the results and the trend per link.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DrillsScreen } from "@/components/drills/drills-screen";
import type { DrillableLink } from "@/components/drills/types";
import { hasWaymarkOnDevice } from "@/components/policy/push-words";
import { detectionTimeMs } from "@/lib/domain/intent";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { getDevice } from "@/lib/services/devices";
import { listDrills } from "@/lib/services/drills";
import { NotFoundError } from "@/lib/services/errors";
import { getPolicy } from "@/lib/services/policies";
import { listPushes } from "@/lib/services/pushes";

export const metadata: Metadata = { title: "Drills" };

export default async function DrillsPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requirePageSession();
  const device = await getDevice(session.ctx, (await params).id).catch((e) => (e instanceof NotFoundError ? notFound() : Promise.reject(e)));
  const [policy, pushes, drills] = await Promise.all([
    getPolicy(session.ctx, device.id),
    listPushes(session.ctx, device.id),
    listDrills(session.ctx, device.id),
  ]);
  const links: DrillableLink[] = (policy?.intent.links ?? []).map((l) => ({
    name: l.name,
    interface: l.interface,
    detection: detectionTimeMs(l.probe),
    flushOnFailover: l.onFailover === "flush",
  }));
  const onDevice = hasWaymarkOnDevice(pushes);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Failover drills</h1>
        <p className="text-sm text-slate-600">
          A drill takes one link out through the device itself: the answers to its health probes are dropped there, so what is timed is the device&apos;s own
          detection and switch, measured from what it reports.
        </p>
      </div>
      {onDevice && links.length >= 2 ? (
        <DrillsScreen deviceId={device.id} links={links} canStart={hasRole(session, "operator")} initial={drills} />
      ) : (
        <p className="card text-sm text-slate-700" data-testid="drills-nothing-pushed">
          {onDevice
            ? "The policy has a single link: there is nothing to fail over to."
            : "Waymark's policy is not on this device, so there is no failover to test yet."}{" "}
          <Link href={`/devices/${device.id}`} className="text-sky-700 hover:underline">
            Back to the device
          </Link>
          .
        </p>
      )}
    </div>
  );
}
