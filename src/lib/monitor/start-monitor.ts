import "server-only";
import { db } from "@/lib/db/client";
import { defaultInstanceId } from "./lease";
import { Monitor } from "./monitor";

// Started once by src/server-start.ts: the observers first (the history's recorder, which also writes the
// StateEvent timeline, with its compaction and retention; the alert engine registers beside it), then the
// pollers (one per device this instance leases). One monitor per process, on globalThis, since Next.js may
// evaluate this module more than once.

const KEY = Symbol.for("waymark.monitor");

export async function startMonitor(): Promise<Monitor> {
  const holder = globalThis as { [KEY]?: Monitor };
  const { startHistory } = await import("./history/start-history");
  startHistory();
  (await import("./alerts/start-alerts")).startAlerts();
  if (!holder[KEY]) {
    holder[KEY] = new Monitor({ db: db(), instanceId: defaultInstanceId() });
    holder[KEY].start();
  }
  return holder[KEY];
}

/** The process's monitor, if started. */
export function runningMonitor(): Monitor | null {
  return (globalThis as { [KEY]?: Monitor })[KEY] ?? null;
}
