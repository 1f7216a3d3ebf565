// The Trends tab: the device's recorded history (links and backends over time, the up/down timeline), whatever
// the range, from GET /devices/{id}/trends.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TrendsScreen } from "@/components/trends/trends-screen";
import { requirePageSession } from "@/lib/http/page-auth";
import { getDevice } from "@/lib/services/devices";
import { NotFoundError } from "@/lib/services/errors";

export const metadata: Metadata = { title: "Trends" };

export default async function TrendsPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requirePageSession();
  const device = await getDevice(session.ctx, (await params).id).catch((e) => (e instanceof NotFoundError ? notFound() : Promise.reject(e)));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Trends</h1>
        <p className="text-sm text-slate-600">
          What the monitor recorded of each link and backend: every poll for the last hours, then a point per minute and per hour. It records whether or not
          anyone watches.
        </p>
      </div>
      <TrendsScreen deviceId={device.id} />
    </div>
  );
}
