import "server-only";
import { db } from "@/lib/db/client";
import { defaultInstanceId } from "./lease";
import { Monitor } from "./monitor";
import { addPollObserver } from "./observers";
import { timelineObserver } from "./timeline";

// Started once by src/server-start.ts: the pollers (one per device this instance leases) and the timeline
// observer; the history and alert slices register their own observers beside it. One monitor per process, on
// globalThis, since Next.js may evaluate this module more than once.

const KEY = Symbol.for("waymark.monitor");

export async function startMonitor(): Promise<Monitor> {
  const holder = globalThis as { [KEY]?: Monitor };
  addPollObserver(timelineObserver);
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
