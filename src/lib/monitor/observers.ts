import "server-only";
import type { DeviceLive } from "@/lib/domain/monitor/live";

// What else happens after each poll, on the instance that polls the device only (so an alert is sent once and a
// sample is stored once, however many instances run): the history records it, the alert engine judges it.
// Observers are registered at start (./start-monitor.ts); a failing observer is logged and never stops polling.

export type PollObserver = {
  name: string;
  /** `previous` is this instance's last update of the device (null at first). */
  observe: (update: DeviceLive, previous: DeviceLive | null) => void | Promise<void>;
};

const KEY = Symbol.for("waymark.poll-observers");

function observers(): PollObserver[] {
  const holder = globalThis as { [KEY]?: PollObserver[] };
  holder[KEY] ??= [];
  return holder[KEY];
}

export function addPollObserver(observer: PollObserver): void {
  const list = observers();
  if (!list.some((o) => o.name === observer.name)) list.push(observer);
}

export async function notifyObservers(update: DeviceLive, previous: DeviceLive | null): Promise<void> {
  for (const observer of observers()) {
    try {
      await observer.observe(update, previous);
    } catch (error) {
      console.error(`waymark: monitor observer ${observer.name} failed`, error);
    }
  }
}
