// Live counters of one device: link health and every rule of the chains Waymark uses, the admin's own too.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { linkFacts } from "@/components/counters/link-facts";
import { LiveCounters } from "@/components/counters/live-counters";
import { hasWaymarkOnDevice } from "@/components/policy/push-words";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { getDevice } from "@/lib/services/devices";
import { NotFoundError } from "@/lib/services/errors";
import { getPolicy } from "@/lib/services/policies";
import { listPushes } from "@/lib/services/pushes";

export const metadata: Metadata = { title: "Live counters" };

export default async function CountersPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requirePageSession();
  const device = await getDevice(session.ctx, (await params).id).catch((e) => (e instanceof NotFoundError ? notFound() : Promise.reject(e)));
  const [policy, pushes] = await Promise.all([getPolicy(session.ctx, device.id), listPushes(session.ctx, device.id)]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">
          Live counters <span className="text-slate-500">·</span> <span className="whitespace-pre-wrap">{device.name}</span>
        </h1>
        <p className="text-sm text-slate-600">
          {device.kind === "routeros"
            ? "The mangle and NAT tables as the router lists them, numbered as in WinBox."
            : "Waymark's nftables table and your own ip and inet tables, chain by chain."}
        </p>
      </div>
      {hasWaymarkOnDevice(pushes) ? (
        <LiveCounters deviceId={device.id} links={linkFacts(policy?.intent)} canReset={hasRole(session, "operator")} />
      ) : (
        <p className="card text-sm text-slate-700" data-testid="counters-nothing-pushed">
          Waymark&apos;s policy is not on this device, so there is nothing to read back yet.{" "}
          <Link href={`/devices/${device.id}`} className="text-sky-700 hover:underline">
            Push a policy from the device page
          </Link>
          .
        </p>
      )}
    </div>
  );
}
