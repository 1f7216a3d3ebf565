"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { Intent } from "@/lib/domain/intent";
import { api } from "../api";
import { LiveStatus } from "../live/live-status";
import { useDeviceLive } from "../live/use-device-live";
import { linkFacts } from "./link-facts";
import { LinkHealthNote, LinkHealthTable, type LinkFacts } from "./link-health";

// The overview's link health (shown once Waymark's policy is on the device), live from the page's one stream.
// Gateways and probe targets come from the saved policy.
export function LinkHealthCard({ deviceId, show }: { deviceId: string; show: boolean }) {
  const [links, setLinks] = useState<LinkFacts[]>([]);
  useEffect(() => {
    if (!show) return;
    api<{ intent: Intent } | null>("GET", `/devices/${deviceId}/policy`)
      .then((policy) => setLinks(linkFacts(policy?.intent)))
      .catch(() => setLinks([]));
  }, [deviceId, show]);
  if (!show) return null;
  return (
    <section className="card space-y-3" aria-labelledby="link-health-heading">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="link-health-heading" className="font-semibold">
          Link health
        </h2>
        <Link href={`/devices/${deviceId}/counters`} className="text-sm text-sky-700 hover:underline">
          Live counters →
        </Link>
      </div>
      <LinkHealthBody deviceId={deviceId} links={links} />
    </section>
  );
}

function LinkHealthBody({ deviceId, links }: { deviceId: string; links: LinkFacts[] }) {
  const view = useDeviceLive(deviceId);
  const reading = view.live?.reading;
  if (!reading) return <LiveStatus view={view} />;
  return (
    <div className="space-y-1">
      <LinkHealthTable reading={reading} facts={links} />
      <LinkHealthNote reading={reading} />
    </div>
  );
}
