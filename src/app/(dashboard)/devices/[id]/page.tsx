import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { ConnectionBadge } from "@/components/connection-badge";
import { LinkHealthCard } from "@/components/counters/link-health-card";
import { LatestDrillsCard } from "@/components/drills/latest-drills-card";
import { TopologyCard } from "@/components/topology/topology-card";
import { AcceptHostKeyButton, DeleteDeviceButton, TestConnectionButton } from "@/components/device-actions";
import { formatDateTime } from "@/components/format-time";
import { MonitoringSettings } from "@/components/monitoring-settings";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { LiveStateCard } from "@/components/policy/live-state-card";
import { hasWaymarkOnDevice } from "@/components/policy/push-words";
import { getDevice } from "@/lib/services/devices";
import { listPushes } from "@/lib/services/pushes";
import { NotFoundError } from "@/lib/services/errors";
import { SavedVsRunning } from "./saved-vs-running";

// The [id] layout's title template reaches every tab but this one (Next.js skips a layout's template for the page
// beside it), so the overview spells its title out.
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const session = await requirePageSession();
  const device = await getDevice(session.ctx, (await params).id).catch((e) => (e instanceof NotFoundError ? notFound() : Promise.reject(e)));
  return { title: { absolute: `${device.name} · Overview · Waymark` } };
}

const TRANSPORTS = { plain: "API (unencrypted)", tls: "API-SSL (certificate)", "tls-anon": "API-SSL (anonymous DH)" } as const;

export default async function DevicePage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requirePageSession();
  const device = await getDevice(session.ctx, (await params).id).catch((e) => (e instanceof NotFoundError ? notFound() : Promise.reject(e)));
  const isAdmin = hasRole(session, "admin");
  const pushes = await listPushes(session.ctx, device.id);
  const onDevice = hasWaymarkOnDevice(pushes);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold whitespace-pre-wrap" data-testid="device-name">
            {device.name}
          </h1>
          <div className="mt-1 flex items-center gap-2 text-sm text-slate-600">
            {device.kind === "routeros" ? "MikroTik router" : "Linux gateway"} · <ConnectionBadge status={device.lastCheck?.status ?? null} />
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          {hasRole(session, "operator") && <TestConnectionButton deviceId={device.id} />}
          {isAdmin && (
            <Link href={`/devices/${device.id}/edit`} className="btn-secondary">
              Edit
            </Link>
          )}
          {isAdmin && <DeleteDeviceButton deviceId={device.id} name={device.name} onDevice={onDevice} />}
        </div>
      </div>

      <SavedVsRunning ctx={session.ctx} deviceId={device.id} />

      {device.lastCheck && device.lastCheck.status !== "reachable" && (
        <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-900">
          Last check ({formatDateTime(device.lastCheck.at)}): {device.lastCheck.message}
        </div>
      )}

      <div className="grid gap-6 md:grid-cols-2">
        <section className="card space-y-2">
          <h2 className="font-semibold">Connection</h2>
          <Row label="Address">
            <span className="font-mono break-all">
              {device.host}:{device.port}
            </span>
          </Row>
          {device.transport && <Row label="Transport">{TRANSPORTS[device.transport]}</Row>}
          <Row label="User">
            <span className="font-mono break-all">{device.username}</span>
          </Row>
          {device.authMethod && <Row label="Authentication">{device.authMethod === "key" ? "private key" : "password"}</Row>}
          <Row label="Comment">
            <span className="whitespace-pre-wrap" data-testid="device-comment">
              {device.comment || "—"}
            </span>
          </Row>
        </section>
        <section className="card space-y-2">
          <h2 className="font-semibold">Device</h2>
          <Row label="Identity">
            <span data-testid="device-identity">{device.identity ?? "—"}</span>
          </Row>
          <Row label="Model">
            <span data-testid="device-model">{device.model ?? "—"}</span>
          </Row>
          <Row label="Version">
            <span data-testid="device-version">{device.version ?? "—"}</span>
          </Row>
          <Row label="Last checked">{device.lastCheck ? formatDateTime(device.lastCheck.at) : "never"}</Row>
        </section>
      </div>

      {device.kind === "linux" && (
        <section className="card space-y-3">
          <h2 className="font-semibold">SSH host key</h2>
          {device.hostKey ? (
            <p className="text-sm">
              Pinned{" "}
              <span className="font-mono break-all" data-testid="host-key">
                {device.hostKey.algorithm} {device.hostKey.fingerprint}
              </span>
            </p>
          ) : (
            <p className="text-sm text-slate-600">Not pinned yet: the key the gateway presents on the first successful connection is pinned and shown here.</p>
          )}
          {device.pendingHostKey && (
            <div role="alert" className="space-y-2 rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-900">
              <p>
                The gateway now presents a <b>different</b> host key:{" "}
                <span className="font-mono break-all" data-testid="pending-host-key">
                  {device.pendingHostKey.algorithm} {device.pendingHostKey.fingerprint}
                </span>
                . Waymark refuses to connect until an admin accepts it.
              </p>
              {isAdmin && <AcceptHostKeyButton deviceId={device.id} fingerprint={device.pendingHostKey.fingerprint} />}
            </div>
          )}
        </section>
      )}

      <LinkHealthCard deviceId={device.id} show={onDevice} />

      <LiveStateCard deviceId={device.id} onDevice={onDevice} />

      <TopologyCard deviceId={device.id} deviceName={device.name} show={onDevice} />

      <LatestDrillsCard deviceId={device.id} show={onDevice} />

      <MonitoringSettings deviceId={device.id} initial={device.monitoring} canEdit={hasRole(session, "operator")} />
    </div>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex gap-3 text-sm">
      <span className="w-32 shrink-0 text-slate-500">{label}</span>
      <span className="min-w-0 break-words">{children}</span>
    </div>
  );
}
