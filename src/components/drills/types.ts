import type { DrillEvent, DrillOutcome } from "@/lib/domain/drill";

// A drill as GET /api/v1/devices/{id}/drills and /drills/{id} answer (the contract is src/lib/http/api/drills.ts).
export type DrillRecord = {
  id: string;
  deviceId: string;
  link: string;
  durationS: number;
  outcome: DrillOutcome;
  events: DrillEvent[];
  detectionMs: number | null;
  switchMs: number | null;
  recoveryMs: number | null;
  detail: string;
  actorName: string;
  startedAt: string;
  endedAt: string | null;
};

/** A link the admin may drill, with what its probe should detect in (from the policy). */
export type DrillableLink = { name: string; interface: string; detection: { minMs: number; maxMs: number }; flushOnFailover: boolean };
