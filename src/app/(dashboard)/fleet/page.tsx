// The fleet: every device at a glance, worst first, live (the rows come from GET /api/v1/fleet/live).
import type { Metadata } from "next";
import Link from "next/link";
import { FleetScreen } from "@/components/fleet/fleet-screen";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { listDevices } from "@/lib/services/devices";

export const metadata: Metadata = { title: "Fleet" };

export default async function FleetPage() {
  const session = await requirePageSession();
  const devices = await listDevices(session.ctx);
  const canAdd = hasRole(session, "admin");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Fleet</h1>
          <p className="text-sm text-slate-600">Every device at a glance, the ones that need you first. It updates as the dashboard reads each device.</p>
        </div>
        {canAdd && devices.length > 0 && (
          <Link href="/devices/new" className="btn-secondary">
            Add device
          </Link>
        )}
      </div>
      {devices.length === 0 ? (
        <div className="card space-y-3" data-testid="fleet-empty">
          <h2 className="font-semibold">No devices yet</h2>
          <p className="text-sm text-slate-600">
            Add a MikroTik router or a Linux gateway: Waymark reads it every few seconds and lists it here with its links, drift, last push and alerts.
          </p>
          {canAdd ? (
            <Link href="/devices/new" className="btn-primary inline-block">
              Add a device
            </Link>
          ) : (
            <p className="text-sm text-slate-600">An admin adds devices; ask yours.</p>
          )}
        </div>
      ) : (
        <FleetScreen />
      )}
    </div>
  );
}
