import type { DeviceLive, PollState } from "./live";

// What changed between two updates of one device, in the admin's terms: a link or backend changing health, the
// device becoming unreachable or reachable again, drift appearing or going. The monitor stores these as the
// up/down timeline (StateEvent) and the alert engine judges them; both see the same list.

export type TransitionSubject = "link" | "backend" | "device";

export type Transition = {
  subject: TransitionSubject;
  /** Link name, "pool/backend", or the device's own: "polling" (reachability) or "drift". */
  name: string;
  /** The new state: a LinkHealth / BackendHealth word, a PollState, or "drifted" / "in_sync". */
  state: string;
  /** The state before; null when the subject first appeared. */
  previous: string | null;
  /** When it changed: the device's own `since` where it says, else when the monitor saw it (ms). */
  atMs: number;
  lossPercent: number | null;
  rttMs: number | null;
  detail: string;
};

/** Poll states that say the device answers (not_pushed answers too: there is just nothing to read). */
const ANSWERING: ReadonlySet<PollState> = new Set(["ok", "not_pushed"]);

const sinceMs = (since: string | null, fallback: number): number => {
  const at = since === null ? Number.NaN : Date.parse(since);
  return Number.isFinite(at) ? at : fallback;
};

function pollTransition(previous: DeviceLive | null, update: DeviceLive): Transition[] {
  if (update.state === "starting" || update.state === "paused") return [];
  const before = previous && previous.state !== "starting" && previous.state !== "paused" ? previous.state : null;
  if (before === update.state) return [];
  const answers = ANSWERING.has(update.state);
  // A first answer is not news, nor is "answers, nothing pushed" becoming "answers"; a first failure is.
  if (answers && (before === null || ANSWERING.has(before))) return [];
  return [
    {
      subject: "device",
      name: "polling",
      state: update.state,
      previous: before,
      atMs: update.at,
      lossPercent: null,
      rttMs: null,
      detail: update.problem ?? "",
    },
  ];
}

function driftTransition(previous: DeviceLive | null, update: DeviceLive): Transition[] {
  const now = update.reading?.drift;
  const before = previous?.reading?.drift;
  if (!now || !before || now.drifted === before.drifted) return [];
  return [
    {
      subject: "device",
      name: "drift",
      state: now.drifted ? "drifted" : "in_sync",
      previous: before.drifted ? "drifted" : "in_sync",
      atMs: update.reading?.readAtMs ?? update.at,
      lossPercent: null,
      rttMs: null,
      detail: now.entries.map((e) => `${e.what}: ${e.change} (${e.detail})`).join("; "),
    },
  ];
}

function linkTransitions(previous: DeviceLive | null, update: DeviceLive): Transition[] {
  const reading = update.reading;
  if (!reading || reading.readAtMs === previous?.reading?.readAtMs) return [];
  const before = new Map(previous?.reading?.links.map((l) => [l.name, l.state]) ?? []);
  return reading.links
    .filter((l) => before.has(l.name) && before.get(l.name) !== l.state)
    .map((l) => ({
      subject: "link" as const,
      name: l.name,
      state: l.state,
      previous: before.get(l.name) ?? null,
      atMs: sinceMs(l.since, reading.readAtMs),
      lossPercent: l.lossPercent,
      rttMs: l.rttMs,
      detail: "",
    }));
}

function backendTransitions(previous: DeviceLive | null, update: DeviceLive): Transition[] {
  const reading = update.reading;
  if (!reading || reading.readAtMs === previous?.reading?.readAtMs) return [];
  const key = (b: { pool: string; name: string }) => `${b.pool}/${b.name}`;
  const before = new Map(previous?.reading?.backends.map((b) => [key(b), b.state]) ?? []);
  return reading.backends
    .filter((b) => before.has(key(b)) && before.get(key(b)) !== b.state)
    .map((b) => ({
      subject: "backend" as const,
      name: key(b),
      state: b.state,
      previous: before.get(key(b)) ?? null,
      atMs: sinceMs(b.since, reading.readAtMs),
      lossPercent: null,
      rttMs: null,
      detail: `${b.address}${b.port === null ? "" : `:${b.port}`}`,
    }));
}

/**
 * Every change between two consecutive updates of one device. A subject seen for the first time (a new link, the
 * first reading after a start) is not a change: a restart of the dashboard never raises "link up" for every link.
 */
export function transitions(previous: DeviceLive | null, update: DeviceLive): Transition[] {
  return [
    ...pollTransition(previous, update),
    ...driftTransition(previous, update),
    ...linkTransitions(previous, update),
    ...backendTransitions(previous, update),
  ];
}
