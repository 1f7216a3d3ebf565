import "server-only";
import { siteChangesFrom } from "@/lib/domain/alerts/changes";
import { type EngineState, judge, newEngineState, restoreOpenAlerts } from "@/lib/domain/alerts/engine";
import type { EngineRule } from "@/lib/domain/alerts/rule";
import { type SiteStates, type SiteTransition, siteTransitions } from "@/lib/domain/site/transitions";
import { newId } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { enabledRules, openAlertRecords, recordAlerts } from "@/lib/services/alerts";
import type { SiteObserver } from "../sites/site-observers";

// The alert engine after each poll of a site, on the instance that polls it: the members' node, route and BGP
// changes (domain/site/transitions.ts) judged per member device, as a device's own changes are (./observer.ts), so
// a rule's "shared VIP node dead" or "BGP session down" opens an incident on the member's device and its return
// closes it. The engine state per device is this observer's own, restored from the device's open alerts.

const RULES_TTL_MS = 2_000;

export function siteAlertObserver(db: Db, options: { now?: () => number } = {}): SiteObserver {
  const now = options.now ?? Date.now;
  const states = new Map<string, EngineState>();
  const known = new Map<string, SiteStates>();
  let rules: { at: number; list: EngineRule[] } | null = null;

  const stateOf = async (deviceId: string, at: number): Promise<EngineState> => {
    let state = states.get(deviceId);
    if (!state) {
      state = newEngineState();
      restoreOpenAlerts(state, await openAlertRecords(db, deviceId), at);
      states.set(deviceId, state);
    }
    return state;
  };

  return {
    name: "alerts",
    observe: async (update, _previous, plans) => {
      const { changes, known: next } = siteTransitions(known.get(update.siteId) ?? new Map(), update, plans);
      known.set(update.siteId, next);
      if (changes.length === 0) return;
      const at = now();
      if (!rules || at - rules.at > RULES_TTL_MS) rules = { at, list: await enabledRules(db) };
      if (rules.list.length === 0) return;
      const byDevice = new Map<string, SiteTransition[]>();
      for (const c of changes) byDevice.set(c.device, [...(byDevice.get(c.device) ?? []), c]);
      for (const [deviceId, list] of byDevice) {
        const name = update.members.find((m) => m.device === deviceId)?.deviceName ?? deviceId;
        const out = judge(await stateOf(deviceId, at), { device: { id: deviceId, name }, rules: rules.list, changes: siteChangesFrom(list), nowMs: at, newId });
        await recordAlerts(db, out);
      }
    },
  };
}
