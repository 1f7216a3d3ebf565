"use client";
import type { SiteView } from "@/lib/domain/site";
import { AnycastLive } from "./anycast-live";
import { SiteLiveStatus } from "./site-live-status";
import { useSiteLive } from "./use-site-live";
import { VipLive } from "./vip-live";

// The site as the monitor sees it now (one stream per page): how the stream goes, the site's summary in words,
// then the kind's own picture.
export function SiteLivePanel({ site }: { site: SiteView }) {
  const view = useSiteLive(site.id);
  const names = Object.fromEntries(site.members.map((m) => [m.device, m.deviceName]));
  const live = view.live;
  return (
    <section className="card space-y-4" aria-labelledby="site-live-title" data-testid="site-live">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="site-live-title" className="text-lg font-semibold">
          Live
        </h2>
        <SiteLiveStatus view={view} />
      </div>
      {live && live.summary.length > 0 && (
        <ul className="space-y-1 text-sm" data-testid="site-live-summary" aria-label="The site in a few words">
          {live.summary.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {live &&
        (site.intent.kind === "shared-vip" ? (
          <VipLive intent={site.intent} live={live} recent={view.recent} names={names} />
        ) : (
          <AnycastLive intent={site.intent} live={live} recent={view.recent} names={names} />
        ))}
    </section>
  );
}
