import type { DeviceLive } from "../monitor/live";
import type { Transition } from "../monitor/transitions";
import type { SiteTransition } from "../site/transitions";
import type { AlertEvent, AlertSubject } from "./events";

// The alert engine's input: each transition (domain/monitor/transitions.ts) judged once as bad (opens an incident),
// good (closes it) or neither (degraded, unknown: kept in the timeline only), plus a push that ended rolled back.

export type AlertChange = {
  subject: AlertSubject;
  name: string;
  state: string;
  previous: string | null;
  atMs: number;
  detail: string;
  verdict: "bad" | "good" | "neutral";
};

/** The events that open and close an incident of a subject (drift: one event both ways; a push: one notice). */
export function subjectEvents(change: Pick<AlertChange, "subject" | "name">): { opens: AlertEvent; closes: AlertEvent | null } {
  switch (change.subject) {
    case "link":
      return { opens: "link_down", closes: "link_up" };
    case "backend":
      return { opens: "backend_down", closes: "backend_up" };
    case "push":
      return { opens: "push_rolled_back", closes: null };
    case "device":
      return change.name === "drift" ? { opens: "drift", closes: "drift" } : { opens: "device_unreachable", closes: "device_reachable" };
    case "node":
      return { opens: "site_node_dead", closes: "site_node_alive" };
    case "route":
      return { opens: "anycast_route_withdrawn", closes: "anycast_route_announced" };
    case "bgp":
      return { opens: "bgp_session_down", closes: "bgp_session_up" };
  }
}

const ANSWERING = new Set(["ok", "not_pushed"]);

function verdictOf(t: Transition): AlertChange["verdict"] {
  if (t.subject === "device") {
    if (t.name === "drift") return t.state === "drifted" ? "bad" : "good";
    return ANSWERING.has(t.state) ? "good" : "bad";
  }
  if (t.state === "down") return "bad";
  if (t.state === "up") return "good";
  return "neutral";
}

const measured = (t: Transition): string => {
  const parts = [t.lossPercent === null ? null : `probe loss ${t.lossPercent} %`, t.rttMs === null ? null : `round trip ${t.rttMs} ms`];
  return parts.filter((p) => p !== null).join(", ");
};

export function changesFrom(transitions: Transition[]): AlertChange[] {
  return transitions.map((t) => ({
    subject: t.subject,
    name: t.name,
    state: t.state,
    previous: t.previous,
    atMs: t.atMs,
    detail: [t.detail, measured(t)].filter((p) => p !== "").join("; "),
    verdict: verdictOf(t),
  }));
}

/**
 * A push that ended rolled back since the previous update. DeviceLive carries the device's last push, so this
 * costs no query; the first update after a start is not news (as with transitions()).
 */
export function rolledBackPush(previous: DeviceLive | null, update: DeviceLive): AlertChange[] {
  const push = update.lastPush;
  if (!previous || !push || push.status !== "rolled_back") return [];
  if (previous.lastPush?.id === push.id && previous.lastPush.status === "rolled_back") return [];
  const at = Date.parse(push.at);
  return [
    {
      subject: "push",
      name: push.id,
      state: "rolled_back",
      previous: previous.lastPush?.id === push.id ? previous.lastPush.status : null,
      atMs: Number.isFinite(at) ? at : update.at,
      detail: "the push did not pass its health gate, and the device went back to the configuration it had before",
      verdict: "bad",
    },
  ];
}

const SITE_BAD = new Set(["dead", "withdrawn", "down"]);

/** A site member's node, route and BGP changes (domain/site/transitions.ts) as the engine's input for its device. */
export function siteChangesFrom(transitions: readonly SiteTransition[]): AlertChange[] {
  return transitions.map((t) => ({
    subject: t.subject,
    name: t.name,
    state: t.state,
    previous: t.previous,
    atMs: t.atMs,
    detail: t.detail,
    verdict: SITE_BAD.has(t.state) ? "bad" : "good",
  }));
}
