import type { SiteLive } from "@/lib/domain/site";
import type { SiteLiveView } from "./use-site-live";

// How a site's live view is doing, in words: "live", "reconnecting…", "web-2 unreachable: …", "last update 12 s ago".
// `announce` changes only with the situation, so screen readers are not read a ticking clock.

export type Tone = "ok" | "wait" | "bad";
export type SiteLiveWords = { text: string; announce: string; tone: Tone };

const secondsAgo = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

/** Members the monitor cannot read, in words: "web-2: device unreachable: connection refused, next try in 4 s". */
export function unreadMembers(live: SiteLive): string[] {
  return live.members.filter((m) => m.status !== "ok" && m.status !== "not_pushed").map((m) => `${m.deviceName}: ${m.problem ?? m.status.replace(/_/g, " ")}`);
}

export function siteLiveWords(view: SiteLiveView, nowMs: number): SiteLiveWords {
  if (view.stream === "reconnecting") return { text: "reconnecting…", announce: "reconnecting", tone: "wait" };
  if (!view.received) return { text: "connecting to the live view…", announce: "connecting", tone: "wait" };
  const live = view.live;
  if (!live) {
    return {
      text: "nothing to watch yet: the monitor reads a site once it has been pushed to a device",
      announce: "nothing to watch yet",
      tone: "wait",
    };
  }
  const unread = unreadMembers(live);
  const interval = live.intervalMs;
  const age = nowMs - live.atMs;
  const stale = age > Math.max(3 * interval, 10_000);
  if (unread.length > 0) {
    const head = unread.length === 1 ? `1 member not read: ${unread[0]}` : `${unread.length} members not read: ${unread.join("; ")}`;
    return { text: `live, ${head}`, announce: head, tone: "bad" };
  }
  if (stale) return { text: `last update ${secondsAgo(age)} ago`, announce: "updates stopped", tone: "wait" };
  return { text: "live", announce: "live", tone: "ok" };
}
