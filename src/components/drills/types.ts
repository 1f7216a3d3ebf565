import type { DrillView } from "@/lib/domain/drill";

// A drill as GET /api/v1/devices/{id}/drills and /drills/{id} answer (the contract is src/lib/http/api/drills.ts).
export type DrillRecord = DrillView;

/** A link the admin may drill, with what its probe should detect in (from the policy). */
export type DrillableLink = { name: string; interface: string; detection: { minMs: number; maxMs: number }; flushOnFailover: boolean };
