"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { api, ApiCallError } from "@/components/api";
import { ConfirmButton } from "@/components/confirm-button";
import { formatDateTime } from "@/components/format-time";
import type { SitePushView, SiteView } from "@/lib/domain/site";
import { SiteLivePanel } from "./live/site-live";
import { SiteTrends } from "./site-trends";
import { MembersTable } from "./members-table";
import { SitePushHistory } from "./push-progress";
import { SitePushPanel } from "./push-panel";
import { TakeOffDialog } from "./take-off-dialog";
import { KIND_WORDS } from "./words";

/** GET /sites/{id}/pushes answers a list (or the list in `pushes`). */
const listOf = (answer: SitePushView[] | { pushes: SitePushView[] }) => (Array.isArray(answer) ? answer : answer.pushes);

// A site's page: what it is, its members and their applied state, the live view, "Preview and push", the push
// history and the ways to take it off its devices or delete it.
export function SiteScreen({ site, canOperate }: { site: SiteView; canOperate: boolean }) {
  const router = useRouter();
  const [pushes, setPushes] = useState<SitePushView[] | null>(null);
  const [historyError, setHistoryError] = useState<string | null>(null);

  const loadHistory = useCallback(() => {
    api<SitePushView[] | { pushes: SitePushView[] }>("GET", `/sites/${site.id}/pushes`)
      .then((answer) => {
        setPushes(listOf(answer));
        setHistoryError(null);
      })
      .catch((e) => setHistoryError(e instanceof ApiCallError ? e.failure.message : String(e)));
  }, [site.id]);

  useEffect(loadHistory, [loadHistory]);

  const applied = site.members.filter((m) => m.applied).map((m) => m.deviceName);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-sm text-slate-600">
            <Link href="/sites" className="text-sky-800 hover:underline">
              Sites
            </Link>{" "}
            / {KIND_WORDS[site.kind]}
          </p>
          <h1 className="text-2xl font-semibold break-words">{site.name}</h1>
          {site.description && <p className="text-sm text-slate-700">{site.description}</p>}
          <p className="text-sm text-slate-600">
            Revision {site.revision}, saved {formatDateTime(site.updatedAt)} by {site.updatedBy}.{" "}
            {site.intent.kind === "shared-vip" ? `Virtual IP ${site.intent.vip}/${site.intent.prefixLength}` : `Service address ${site.intent.address}`}.
          </p>
        </div>
        {canOperate && (
          <div className="flex flex-wrap gap-2">
            <Link href={`/sites/${site.id}/edit`} className="btn-secondary">
              Edit site
            </Link>
            <TakeOffDialog siteId={site.id} siteName={site.name} applied={applied} onEnded={loadHistory} />
            <ConfirmButton
              label="Delete site"
              title={`Delete site ${site.name}?`}
              confirmLabel="Delete site"
              className="btn-secondary"
              run={async () => {
                await api("DELETE", `/sites/${site.id}`);
                router.push("/sites");
                router.refresh();
              }}
            >
              The site and its history are forgotten. A site still on a device cannot be deleted: take it off its devices first.
            </ConfirmButton>
          </div>
        )}
      </div>

      <section aria-labelledby="site-members-title" className="space-y-2">
        <h2 id="site-members-title" className="text-lg font-semibold">
          Members
        </h2>
        <MembersTable site={site} />
      </section>

      <SiteLivePanel site={site} />

      <SiteTrends siteId={site.id} />

      {canOperate ? (
        <SitePushPanel siteId={site.id} revision={site.revision} onPushed={loadHistory} />
      ) : (
        <p className="card text-sm text-slate-700">Operators preview and push sites; you can see everything here.</p>
      )}

      <section aria-labelledby="site-history-title" className="space-y-2">
        <h2 id="site-history-title" className="text-lg font-semibold">
          Push history
        </h2>
        {historyError ? (
          <p role="alert" className="text-sm text-rose-700">
            Could not load the pushes: {historyError}
          </p>
        ) : pushes === null ? (
          <p className="text-sm text-slate-600" role="status">
            Loading the pushes…
          </p>
        ) : (
          <SitePushHistory pushes={pushes} />
        )}
      </section>
    </div>
  );
}
