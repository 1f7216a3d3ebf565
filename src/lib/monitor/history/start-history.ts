import "server-only";
import { db } from "@/lib/db/client";
import { historyRetention } from "@/lib/services/trends";
import { addPollObserver } from "../observers";
import { addSiteObserver } from "../sites/site-observers";
import { compactHistory } from "./compact";
import { pruneHistory } from "./prune";
import { HistoryRecorder } from "./recorder";

// The history's part of the monitor: the recorder observes every poll of this instance (devices and sites) and
// writes each second;
// compaction, rollups and retention run each minute (see ./compact.ts for how instances share that work).

const KEY = Symbol.for("waymark.history");

export function startHistory(): HistoryRecorder {
  const holder = globalThis as { [KEY]?: HistoryRecorder };
  if (holder[KEY]) return holder[KEY];
  const recorder = new HistoryRecorder();
  holder[KEY] = recorder;
  addPollObserver(recorder.observer);
  addSiteObserver(recorder.siteObserver);
  recorder.start();
  let running = false;
  const maintain = async () => {
    if (running) return;
    running = true;
    try {
      await compactHistory(db());
      await pruneHistory(db(), historyRetention());
    } catch (error) {
      console.error("waymark: history compaction failed; trying again in a minute", error);
    } finally {
      running = false;
    }
  };
  setInterval(() => void maintain(), 60_000).unref();
  return recorder;
}
