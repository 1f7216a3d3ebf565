// The Pools tab: each server pool with its backends' health, live connections and traffic, and maintenance
// (drain, disable, re-enable) as one click with a reason, followed until the backend is idle.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PoolsLive } from "@/components/pools/pools-live";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { getDevice } from "@/lib/services/devices";
import { NotFoundError } from "@/lib/services/errors";

export const metadata: Metadata = { title: "Pools" };

export default async function DevicePoolsPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requirePageSession();
  const device = await getDevice(session.ctx, (await params).id).catch((e) => (e instanceof NotFoundError ? notFound() : Promise.reject(e)));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Server pools</h1>
        <p className="text-sm text-slate-600">
          Drain a backend before working on it: it takes no new connections while the ones it has run to their end. Its row says when it is idle.
        </p>
      </div>
      <PoolsLive deviceId={device.id} kind={device.kind} canOperate={hasRole(session, "operator")} />
    </div>
  );
}
