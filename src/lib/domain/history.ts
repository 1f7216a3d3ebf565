import type { IntentChange } from "./intent/change-words";

// The change history as the screens and the CSV export show it: one entry per saved revision of a device's policy,
// with what it changed and what became of its pushes. Plain data, built by services/history.

export const HISTORY_OUTCOMES = ["confirmed", "rolled_back", "unchanged", "refused", "failed", "running", "not_pushed"] as const;
export type HistoryOutcome = (typeof HISTORY_OUTCOMES)[number];

export type HistoryPush = {
  id: string;
  status: Exclude<HistoryOutcome, "not_pushed">;
  /** Why it did not take: the push's error. */
  error: string | null;
  /** The step that failed and what it said ("gate": "lan0 is not running"). */
  failedStep: { step: string; detail: string } | null;
  actorName: string;
  reason: string;
  startedAt: string;
};

export type HistoryEntry = {
  deviceId: string;
  deviceName: string;
  revision: number;
  savedBy: string;
  savedAt: string;
  reason: string;
  /** What it changed against the revision before it. */
  changes: IntentChange[];
  /** Every push of this revision, newest first. */
  pushes: HistoryPush[];
  /** What became of it: its newest push's ending, or not pushed. */
  outcome: HistoryOutcome;
};

/** What the history's filters offer: every device, and everyone who ever saved a policy. */
export type HistoryChoices = { devices: { id: string; name: string }[]; users: string[] };

/** The filters as the form and the CSV link carry them; absent = any. */
export type HistoryFilterValues = { device?: string; user?: string; from?: string; to?: string; outcome?: HistoryOutcome };
