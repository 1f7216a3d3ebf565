"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { Intent } from "@/lib/domain/intent";
import { api } from "../api";
import { linkFacts } from "./link-facts";
import { LinkHealthNote, LinkHealthTable, type LinkFacts } from "./link-health";
import { useDeviceReading } from "./use-device-reading";

// The overview's link health (shown once Waymark's policy is on the device), read with the page's other watchers.
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
  const { data, error } = useDeviceReading(deviceId, 3_000);
  if (!data)
    return error ? (
      <p role="alert" className="text-sm text-rose-800">
        {error}
      </p>
    ) : (
      <p className="text-sm text-slate-600" role="status">
        Reading the device…
      </p>
    );
  return (
    <div className="space-y-1">
      <LinkHealthTable reading={data.current} facts={links} />
      <LinkHealthNote reading={data.current} />
    </div>
  );
}
