import type { BackendState } from "@/lib/domain/intent";
import type { BackendView, Maintenance, PoolsView, PoolView } from "@/lib/domain/intent/pool-view";

// GET /api/v1/devices/{id}/pools as the pools page reads it (the contract is src/lib/http/api/pools.ts).

export type { Maintenance };
export type BackendRow = BackendView;
export type PoolRow = PoolView;
export type PoolsReply = PoolsView;

/** What the admin asked for in a dialog. */
export type BackendAction = { pool: string; backend: BackendRow; to: BackendState };
