import "server-only";
import { changesFrom, rolledBackPush } from "@/lib/domain/alerts/changes";
import { type EngineState, judge, newEngineState, restoreOpenAlerts } from "@/lib/domain/alerts/engine";
import type { EngineRule } from "@/lib/domain/alerts/rule";
import type { DeviceLive } from "@/lib/domain/monitor/live";
import { transitions } from "@/lib/domain/monitor/transitions";
import { newId } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { enabledRules, openAlertRecords, recordAlerts } from "@/lib/services/alerts";
import type { PollObserver } from "../observers";

// The alert engine after each poll, on the instance that polls the device: this instance's engine state per device
// (restored from the device's open alerts the first time, so a restart closes what it had opened), the rules
// re-read at most every RULES_TTL_MS, and the engine's decisions written with their deliveries.

const RULES_TTL_MS = 2_000;

type Names = (deviceId: string) => Promise<string | null>;

export function alertObserver(db: Db, options: { now?: () => number } = {}): PollObserver {
  const now = options.now ?? Date.now;
  const states = new Map<string, EngineState>();
  let rules: { at: number; list: EngineRule[] } | null = null;
  const names = new Map<string, string>();
  const nameOf: Names = async (deviceId) => {
    const known = names.get(deviceId);
    if (known) return known;
    const device = await db.device.findUnique({ where: { id: deviceId }, select: { name: true } });
    if (device) names.set(deviceId, device.name);
    return device?.name ?? null;
  };

  return {
    name: "alerts",
    observe: async (update: DeviceLive, previous: DeviceLive | null) => {
      const at = now();
      if (!rules || at - rules.at > RULES_TTL_MS) rules = { at, list: await enabledRules(db) };
      let state = states.get(update.deviceId);
      if (!state) {
        state = newEngineState();
        restoreOpenAlerts(state, await openAlertRecords(db, update.deviceId), at);
        states.set(update.deviceId, state);
      }
      const changes = [...changesFrom(transitions(previous, update)), ...rolledBackPush(previous, update)];
      if (rules.list.length === 0) return;
      const name = await nameOf(update.deviceId);
      if (name === null) return;
      const out = judge(state, { device: { id: update.deviceId, name }, rules: rules.list, changes, nowMs: at, newId });
      await recordAlerts(db, out);
    },
  };
}
