// /system/scheduler on the simulator's clock. start-time is `startup` (3 s after boot, for entries present at boot;
// an entry added later with an interval starts one interval from now) or HH:MM:SS on start-date (default: the
// day it was first seen); interval 0 runs once, and a one-time start in the past never runs. on-event is a script
// name (run as /system script run, so the script's run-count moves) or script source. run-count and next-run are
// runtime properties.

import type { SimClock, TimerId } from "../clock";
import type { ConfigItem, RouterConfig } from "../config";
import { parseDuration } from "../duration";
import { isTrue } from "../dataplane/topology";

export const SCHEDULER_PATH = "system/scheduler";

const STARTUP_DELAY_MS = 3_000;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

export type SchedulerDeps = {
  config: RouterConfig;
  clock: SimClock;
  formatDate: (ms: number) => string;
  /** Runs on-event: a script by name when one exists, else the text as source. */
  runEvent: (onEvent: string, origin: string) => Promise<void>;
};

type Entry = { item: ConfigItem; signature: string; timer: TimerId | undefined; firstSeen: number; atBoot: boolean };

/** "jan/02/2024" (v6, ≤7.9) or "2024-01-02" (7.10+), local midnight; null when neither. */
export const parseRouterDate = (text: string): Date | null => {
  const old = /^([a-z]{3})\/(\d{2})\/(\d{4})$/i.exec(text);
  if (old) {
    const month = MONTHS.indexOf(old[1]!.toLowerCase());
    return month < 0 ? null : new Date(Number(old[3]), month, Number(old[2]));
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);

  return iso ? new Date(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])) : null;
};

const firstRun = (entry: Entry, now: number, bootedAt: number): number | undefined => {
  const { props } = entry.item;
  const intervalMs = parseDuration(props.interval ?? "0s") ?? 0;
  const startTime = props["start-time"] ?? "startup";
  if (startTime === "startup") {
    if (entry.atBoot && now <= bootedAt + STARTUP_DELAY_MS) return bootedAt + STARTUP_DELAY_MS;
    return intervalMs > 0 ? now + intervalMs : undefined;
  }
  const time = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(startTime);
  const day = props["start-date"] ? parseRouterDate(props["start-date"]) : new Date(new Date(entry.firstSeen).setHours(0, 0, 0, 0));
  if (!time || !day) return undefined;
  const start = day.getTime() + ((Number(time[1]) * 60 + Number(time[2])) * 60 + Number(time[3])) * 1000;
  if (start > now) return start;

  return intervalMs > 0 ? start + (Math.floor((now - start) / intervalMs) + 1) * intervalMs : undefined;
};

export const startScheduler = (deps: SchedulerDeps) => {
  const { config, clock } = deps;
  const bootedAt = clock.now();
  const entries = new Map<string, Entry>();
  let booting = true;

  const arm = (entry: Entry, at: number | undefined) => {
    if (entry.timer !== undefined) clock.cancel(entry.timer);
    entry.timer = undefined;
    if (at === undefined) {
      delete entry.item.runtime["next-run"];
      return;
    }
    entry.item.runtime["next-run"] = deps.formatDate(at);
    entry.timer = clock.after(Math.max(0, at - clock.now()), () => fire(entry, at));
  };

  const fire = async (entry: Entry, at: number) => {
    entry.timer = undefined;
    const { props, runtime } = entry.item;
    runtime["run-count"] = String(Number(runtime["run-count"] ?? "0") + 1);
    const intervalMs = parseDuration(props.interval ?? "0s") ?? 0;
    arm(entry, intervalMs > 0 ? at + intervalMs : undefined);
    await deps.runEvent(props["on-event"] ?? "", `scheduler:${props.name ?? entry.item.id}`).catch(() => undefined);
  };

  const sync = () => {
    const items = config.hasTable(SCHEDULER_PATH) ? config.table(SCHEDULER_PATH).items : [];
    const wanted = new Map(items.filter((item) => !isTrue(item.props.disabled)).map((item) => [item.id, item]));
    for (const [id, entry] of entries) {
      const item = wanted.get(id);
      if (item === entry.item && JSON.stringify(item.props) === entry.signature) continue;
      arm(entry, undefined);
      entries.delete(id);
      if (item) entries.set(id, { ...entry, item, signature: JSON.stringify(item.props), timer: undefined });
    }
    for (const [id, item] of wanted) {
      const entry = entries.get(id) ?? { item, signature: JSON.stringify(item.props), timer: undefined, firstSeen: clock.now(), atBoot: booting };
      entries.set(id, entry);
      if (entry.timer === undefined) arm(entry, firstRun(entry, clock.now(), bootedAt));
    }
  };

  let pending = false;
  const unsubscribe = config.onChange((path) => {
    if ((path !== SCHEDULER_PATH && path !== "") || pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      sync();
    });
  });
  sync();
  booting = false;

  return {
    dispose: () => {
      unsubscribe();
      for (const entry of entries.values()) arm(entry, undefined);
      entries.clear();
    },
  };
};
