import "server-only";
import type { SiteLive } from "@/lib/domain/site/live";
import type { MemberPlan } from "@/lib/domain/site/member-plan";

// What else happens after each poll of a site, on the instance that polls it only (as ../observers.ts for
// devices): the history records a sample and the members' state changes. A failing observer is logged and never
// stops polling.

export type SiteObserver = {
  name: string;
  /** `previous` is this instance's last update of the site; `plans` the members' confirmed plans by device id. */
  observe: (update: SiteLive, previous: SiteLive | null, plans: ReadonlyMap<string, MemberPlan>) => void | Promise<void>;
};

const KEY = Symbol.for("waymark.site-observers");

function observers(): SiteObserver[] {
  const holder = globalThis as { [KEY]?: SiteObserver[] };
  holder[KEY] ??= [];
  return holder[KEY];
}

/** Registers an observer once per name; returns its removal (tests that start a monitor per database). */
export function addSiteObserver(observer: SiteObserver): () => void {
  const list = observers();
  if (!list.some((o) => o.name === observer.name)) list.push(observer);
  return () => {
    const at = list.indexOf(observer);
    if (at >= 0) list.splice(at, 1);
  };
}

export async function notifySiteObservers(update: SiteLive, previous: SiteLive | null, plans: ReadonlyMap<string, MemberPlan>): Promise<void> {
  for (const observer of observers()) {
    try {
      await observer.observe(update, previous, plans);
    } catch (error) {
      console.error(`waymark: site observer ${observer.name} failed`, error);
    }
  }
}
