// Sites: intents that span devices (a shared virtual IP over a group of servers, BGP anycast with its edge router),
// each with its members, last push and health now.
import type { Metadata } from "next";
import Link from "next/link";
import { SiteList } from "@/components/sites/site-list";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { listSites } from "@/lib/services/sites";

export const metadata: Metadata = { title: "Sites" };

export default async function SitesPage() {
  const session = await requirePageSession();
  const sites = await listSites(session.ctx);
  const canCreate = hasRole(session, "operator");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Sites</h1>
          <p className="text-sm text-slate-600">
            Services that span devices: each site is one intent, with one plan per device, previewed and pushed together.
          </p>
        </div>
        {canCreate && sites.length > 0 && (
          <Link href="/sites/new" className="btn-secondary">
            New site
          </Link>
        )}
      </div>
      {sites.length === 0 ? (
        <div className="card space-y-3" data-testid="sites-empty">
          <h2 className="font-semibold">No sites yet</h2>
          <p className="text-sm text-slate-600">
            A site is a service several devices provide together. With a <strong>shared virtual IP</strong>, a group of Linux servers answers one address
            without a balancer in front: each answers its share of clients and takes over a failed peer&apos;s share within the heartbeat&apos;s detection time.
            With <strong>BGP anycast</strong>, servers running BIRD announce one address to an edge router while their health check passes, and the edge spreads
            flows across them.
          </p>
          <p className="text-sm text-slate-600">
            Waymark writes every device&apos;s part, pushes each one with its own health gate and rollback, and shows the site live.
          </p>
          {canCreate ? (
            <Link href="/sites/new" className="btn-primary inline-block">
              Create a site
            </Link>
          ) : (
            <p className="text-sm text-slate-600">Operators create sites; ask yours.</p>
          )}
        </div>
      ) : (
        <SiteList sites={sites} />
      )}
    </div>
  );
}
