import "server-only";
import { createHash } from "node:crypto";
import type { Push } from "@/lib/db/generated/sqlite/client";

export type PushStepRecord = { step: string; status: string; at: string; detail?: string };

export type PushView = {
  id: string;
  deviceId: string;
  status: "running" | "confirmed" | "unchanged" | "rolled_back" | "failed" | "refused";
  reason: string;
  error: string | null;
  planHash: string;
  steps: PushStepRecord[];
  actorName: string;
  startedAt: string;
  finishedAt: string | null;
};

/** A plan's identity: the same intent compiled for the same target always hashes the same (compilers are pure). */
export function planHash(plan: object): string {
  return createHash("sha256").update(JSON.stringify(plan)).digest("hex");
}

export function toPushView(row: Push): PushView {
  return {
    id: row.id,
    deviceId: row.deviceId,
    status: row.status as PushView["status"],
    reason: row.reason,
    error: row.error,
    planHash: row.planHash,
    steps: JSON.parse(row.steps) as PushStepRecord[],
    actorName: row.actorName,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

// One push per device at a time within this process; the database row (status "running") covers restarts.
const inFlight = new Set<string>();

export function tryLockDevice(deviceId: string): boolean {
  if (inFlight.has(deviceId)) return false;
  inFlight.add(deviceId);
  return true;
}

export function unlockDevice(deviceId: string): void {
  inFlight.delete(deviceId);
}
