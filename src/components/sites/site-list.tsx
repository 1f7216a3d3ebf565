"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { api, ApiCallError } from "@/components/api";
import { TableScroll } from "@/components/shell/table-scroll";
import type { SiteLive, SiteView } from "@/lib/domain/site";
import { unreadMembers } from "./live/live-words";
import { KIND_WORDS, lastPushWords, PUSH_STATUS_CLASS, ROLE_WORDS } from "./words";

type Health = { state: "reading" } | { state: "known"; words: string; tone: "ok" | "bad" | "wait" } | { state: "failed"; words: string };

const TONE = { ok: "text-emerald-700", bad: "text-rose-700", wait: "text-slate-600" } as const;

/** The site now in a few words, from GET /sites/{id}/state: the summary's worst line, or who cannot be read. */
export function healthWords(live: SiteLive): { words: string; tone: "ok" | "bad" | "wait" } {
  const unread = unreadMembers(live);
  if (unread.length > 0) return { words: unread.join("; "), tone: "bad" };
  if (live.summary.length > 0)
    return { words: live.summary[0] ?? "", tone: live.summary.length > 1 || /not|dead|down|withdrawn|fail/i.test(live.summary[0] ?? "") ? "bad" : "ok" };
  const read = live.members.filter((m) => m.status === "ok").length;
  return read === 0
    ? { words: "not on any device yet", tone: "wait" }
    : { words: `${read} of ${live.members.length} members read, nothing to report`, tone: "ok" };
}

// Every site: its kind in words, its members with their roles, the last push's outcome and its health now. The
// health is read once when the list opens, only for sites a push has put on a device.
export function SiteList({ sites }: { sites: SiteView[] }) {
  const [health, setHealth] = useState<Record<string, Health>>({});

  useEffect(() => {
    for (const site of sites) {
      if (!site.members.some((m) => m.applied)) continue;
      setHealth((h) => ({ ...h, [site.id]: { state: "reading" } }));
      api<SiteLive>("GET", `/sites/${site.id}/state`)
        .then((live) => setHealth((h) => ({ ...h, [site.id]: { state: "known", ...healthWords(live) } })))
        .catch((e) => setHealth((h) => ({ ...h, [site.id]: { state: "failed", words: e instanceof ApiCallError ? e.failure.message : String(e) } })));
    }
  }, [sites]);

  return (
    <TableScroll label="Sites">
      <table className="w-full text-left text-sm" data-testid="site-list">
        <caption className="sr-only">Every site, its members, its last push and its health</caption>
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">Site</th>
            <th className="px-3 py-2 font-medium">Members</th>
            <th className="px-3 py-2 font-medium">Last push</th>
            <th className="px-3 py-2 font-medium">Now</th>
          </tr>
        </thead>
        <tbody>
          {sites.map((site) => {
            const h = health[site.id];
            return (
              <tr key={site.id} className="border-b border-slate-100 align-top last:border-0" data-testid="site-row" data-site={site.name}>
                <th scope="row" className="px-3 py-2 font-medium">
                  <Link href={`/sites/${site.id}`} className="text-sky-800 underline-offset-2 hover:underline">
                    {site.name}
                  </Link>
                  <span className="block text-xs font-normal text-slate-600">{KIND_WORDS[site.kind]}</span>
                </th>
                <td className="px-3 py-2">
                  <ul>
                    {site.members.map((m) => (
                      <li key={m.device}>
                        {m.deviceName} <span className="text-slate-600">({ROLE_WORDS[m.role]})</span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td className={`px-3 py-2 ${site.lastPush ? PUSH_STATUS_CLASS[site.lastPush.status] : "text-slate-600"}`}>{lastPushWords(site.lastPush)}</td>
                <td className="px-3 py-2" data-testid="site-health">
                  {!h ? (
                    <span className="text-slate-600">not on any device yet</span>
                  ) : h.state === "reading" ? (
                    <span className="text-slate-600">reading…</span>
                  ) : h.state === "failed" ? (
                    <span className="text-rose-700">could not read: {h.words}</span>
                  ) : (
                    <span className={TONE[h.tone]}>{h.words}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
