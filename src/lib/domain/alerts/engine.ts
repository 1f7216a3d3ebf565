import { type AlertChange, subjectEvents } from "./changes";
import type { AlertSubject } from "./events";
import type { Notice, TimelineEntry } from "./notice";
import type { EngineRule } from "./rule";
import { changeText, changeTitle, flappingText, flappingTitle, stableText, stableTitle } from "./words";

// The alert engine: pure, one state per device, fed each poll's changes and the time. Per rule and subject it keeps
// at most one open incident: a bad change opens it (one notice per channel), a good one closes it (one more);
// within the cooldown after a notice a new incident is recorded quietly. A subject that changes flapCount times in
// flapWindowMin minutes becomes one "flapping" alert that gathers every further change without a notice, until it
// has been stable for the window: then one "stable again". While the device itself is unreachable its links' and
// backends' bad news is its own alert's, not one alert per link.

export type AlertRecord = {
  id: string;
  deviceId: string;
  ruleId: string;
  subject: AlertSubject;
  name: string;
  kind: string;
  message: string;
  timeline: TimelineEntry[];
  flapping: boolean;
  quiet: boolean;
  openedAtMs: number;
};

type OpenAlert = AlertRecord & { notified: boolean };

type Track = {
  subject: AlertSubject;
  name: string;
  open: OpenAlert | null;
  /** The changes within the flap window, by the engine's clock. */
  recent: { nowMs: number; entry: TimelineEntry }[];
  lastSentMs: number | null;
  state: string | null;
  verdict: AlertChange["verdict"];
  sinceMs: number;
  lastChangeMs: number;
};

export type EngineState = { deviceUnreachable: boolean; tracks: Map<string, Track> };

export type EngineInput = {
  device: { id: string; name: string };
  rules: EngineRule[];
  changes: AlertChange[];
  nowMs: number;
  newId: () => string;
};

export type Outgoing = { ruleId: string; channelIds: string[]; notice: Notice };

export type EngineOutput = {
  opened: AlertRecord[];
  updated: { id: string; message: string; timeline: TimelineEntry[] }[];
  resolved: { id: string; resolvedAtMs: number; timeline: TimelineEntry[] }[];
  notices: Outgoing[];
};

export function newEngineState(): EngineState {
  return { deviceUnreachable: false, tracks: new Map() };
}

/** After a restart: the open alerts from the database, so their recovery closes them. */
export function restoreOpenAlerts(state: EngineState, alerts: AlertRecord[], nowMs: number): void {
  for (const alert of alerts) {
    const track = trackOf(state, alert.ruleId, alert);
    track.open = { ...alert, notified: !alert.quiet };
    track.lastChangeMs = nowMs;
    const last = alert.timeline.at(-1);
    if (last) {
      track.state = last.state;
      track.sinceMs = last.atMs;
    }
    if (alert.subject === "device" && alert.name === "polling") state.deviceUnreachable = true;
  }
}

const keyOf = (ruleId: string, c: { subject: string; name: string }) => `${ruleId}|${c.subject}|${c.name}`;

function trackOf(state: EngineState, ruleId: string, c: { subject: AlertSubject; name: string }): Track {
  const key = keyOf(ruleId, c);
  let track = state.tracks.get(key);
  if (!track) {
    track = { subject: c.subject, name: c.name, open: null, recent: [], lastSentMs: null, state: null, verdict: "neutral", sinceMs: 0, lastChangeMs: 0 };
    state.tracks.set(key, track);
  }
  return track;
}

const entryOf = (c: AlertChange): TimelineEntry => ({ atMs: c.atMs, state: c.state, previous: c.previous, detail: c.detail });

const appliesTo = (rule: EngineRule, deviceId: string) => rule.deviceIds === null || rule.deviceIds.includes(deviceId);

/** Drops a link's or backend's bad or unknown news while the device itself is unreachable. */
function visible(state: EngineState, c: AlertChange): boolean {
  if (c.subject === "device" && c.name === "polling") {
    state.deviceUnreachable = c.verdict === "bad";
    return true;
  }
  const hidden = (c.subject === "link" || c.subject === "backend") && (c.verdict === "bad" || c.state === "unknown");
  return !(state.deviceUnreachable && hidden);
}

export function judge(state: EngineState, input: EngineInput): EngineOutput {
  const out: EngineOutput = { opened: [], updated: [], resolved: [], notices: [] };
  const rules = input.rules.filter((r) => appliesTo(r, input.device.id));
  // The device's own reachability first: it decides whether its links' news in the same poll is heard.
  const ordered = [...input.changes].sort((a, b) => Number(b.subject === "device") - Number(a.subject === "device"));
  for (const change of ordered) {
    if (!visible(state, change)) continue;
    for (const rule of rules) {
      const events = subjectEvents(change);
      if (!rule.events.includes(events.opens) && !(events.closes && rule.events.includes(events.closes))) continue;
      onChange(state, rule, change, input, out);
    }
  }
  for (const rule of rules) settleFlapping(state, rule, input, out);
  return out;
}

function notice(
  input: EngineInput,
  alert: AlertRecord,
  phase: Notice["phase"],
  state: string,
  title: string,
  text: string,
  detectedAtMs: number,
  resolvedAtMs: number | null,
): Notice {
  return {
    alertId: alert.id,
    phase,
    device: input.device,
    subject: alert.subject,
    name: alert.name,
    kind: alert.kind,
    state,
    title,
    text,
    detectedAtMs,
    openedAtMs: alert.openedAtMs,
    resolvedAtMs,
    timeline: alert.timeline,
    flapping: alert.flapping,
  };
}

function send(out: EngineOutput, rule: EngineRule, n: Notice): void {
  if (rule.channelIds.length > 0) out.notices.push({ ruleId: rule.id, channelIds: rule.channelIds, notice: n });
}

function open(
  track: Track,
  rule: EngineRule,
  input: EngineInput,
  out: EngineOutput,
  fields: Pick<AlertRecord, "kind" | "message" | "timeline" | "flapping" | "quiet">,
  notified: boolean,
): OpenAlert {
  const alert: OpenAlert = {
    id: input.newId(),
    deviceId: input.device.id,
    ruleId: rule.id,
    subject: track.subject,
    name: track.name,
    openedAtMs: input.nowMs,
    ...fields,
    notified,
  };
  track.open = alert;
  const { notified: _, ...record } = alert;
  out.opened.push(record);
  return alert;
}

function close(track: Track, input: EngineInput, out: EngineOutput): OpenAlert | null {
  const alert = track.open;
  if (!alert) return null;
  track.open = null;
  out.resolved.push({ id: alert.id, resolvedAtMs: input.nowMs, timeline: alert.timeline });
  return alert;
}

function onChange(state: EngineState, rule: EngineRule, c: AlertChange, input: EngineInput, out: EngineOutput): void {
  const track = trackOf(state, rule.id, c);
  const entry = entryOf(c);
  const windowMs = rule.flapWindowMin * 60_000;
  track.state = c.state;
  track.verdict = c.verdict;
  track.sinceMs = c.atMs;
  track.lastChangeMs = input.nowMs;
  if (c.subject === "push") {
    pushRolledBack(track, rule, c, input, out);
    return;
  }
  if (c.state !== "unknown" && c.previous !== "unknown") track.recent.push({ nowMs: input.nowMs, entry });
  track.recent = track.recent.filter((r) => input.nowMs - r.nowMs < windowMs);

  if (track.open?.flapping) {
    track.open.timeline.push(entry);
    out.updated.push({ id: track.open.id, message: flappingTitle(c, track.recent.length, rule.flapWindowMin), timeline: track.open.timeline });
    return;
  }
  if (track.recent.length >= rule.flapCount) {
    startFlapping(track, rule, c, input, out);
    return;
  }

  const events = subjectEvents(c);
  if (c.verdict === "bad" && track.open) {
    track.open.timeline.push(entry);
    out.updated.push({ id: track.open.id, message: track.open.message, timeline: track.open.timeline });
  } else if (c.verdict === "bad") {
    const quiet = track.lastSentMs !== null && input.nowMs - track.lastSentMs < rule.cooldownSec * 1000;
    const sends = !quiet && rule.events.includes(events.opens);
    const title = changeTitle(c);
    const alert = open(track, rule, input, out, { kind: events.opens, message: title, timeline: [entry], flapping: false, quiet }, sends);
    if (sends) {
      track.lastSentMs = input.nowMs;
      send(out, rule, notice(input, alert, "open", c.state, title, changeText(input.device.name, c), c.atMs, null));
    }
  } else if (c.verdict === "good" && track.open) {
    track.open.timeline.push(entry);
    const alert = close(track, input, out);
    if (alert?.notified && events.closes && rule.events.includes(events.closes)) {
      send(out, rule, notice(input, alert, "resolve", c.state, changeTitle(c), changeText(input.device.name, c), c.atMs, input.nowMs));
    }
  } else if (track.open) {
    track.open.timeline.push(entry);
    out.updated.push({ id: track.open.id, message: track.open.message, timeline: track.open.timeline });
  }
}

function pushRolledBack(track: Track, rule: EngineRule, c: AlertChange, input: EngineInput, out: EngineOutput): void {
  const title = changeTitle(c);
  const alert = open(track, rule, input, out, { kind: "push_rolled_back", message: title, timeline: [entryOf(c)], flapping: false, quiet: false }, true);
  close(track, input, out);
  send(out, rule, notice(input, alert, "open", c.state, title, changeText(input.device.name, c), c.atMs, input.nowMs));
}

function startFlapping(track: Track, rule: EngineRule, c: AlertChange, input: EngineInput, out: EngineOutput): void {
  // The incident it was in is folded into the flapping alert: closed without a recovery notice.
  close(track, input, out);
  const count = track.recent.length;
  const title = flappingTitle(c, count, rule.flapWindowMin);
  const timeline = track.recent.map((r) => r.entry);
  const alert = open(track, rule, input, out, { kind: "flapping", message: title, timeline, flapping: true, quiet: false }, true);
  track.lastSentMs = input.nowMs;
  send(out, rule, notice(input, alert, "open", c.state, title, flappingText(input.device.name, c, count, rule.flapWindowMin), c.atMs, null));
}

/** A flapping subject quiet for the whole window: one "stable again"; if it rests in a bad state, that stays open. */
function settleFlapping(state: EngineState, rule: EngineRule, input: EngineInput, out: EngineOutput): void {
  const windowMs = rule.flapWindowMin * 60_000;
  for (const [key, track] of state.tracks) {
    if (!key.startsWith(`${rule.id}|`) || !track.open?.flapping || input.nowMs - track.lastChangeMs < windowMs) continue;
    const changes = track.open.timeline.length;
    const alert = close(track, input, out);
    track.recent = [];
    if (!alert) continue;
    const restState = track.state ?? "unknown";
    const title = stableTitle(track, restState, track.sinceMs);
    send(
      out,
      rule,
      notice(input, alert, "resolve", restState, title, stableText(input.device.name, track, restState, track.sinceMs, changes), track.sinceMs, input.nowMs),
    );
    if (track.verdict === "bad") {
      const kind = subjectEvents(track).opens;
      open(
        track,
        rule,
        input,
        out,
        { kind, message: changeTitle({ ...track, state: restState, verdict: "bad" }), timeline: [], flapping: false, quiet: false },
        true,
      );
    }
  }
}
