import type { BackendReading } from "@/lib/domain/device/reading";
import type { BackendState, PoolListen, PoolProbe } from "@/lib/domain/intent";

// GET /api/v1/devices/{id}/pools as the pools page reads it (the contract is src/lib/http/api/pools.ts).

export type Maintenance = { state: "drain" | "disabled"; reason: string; by: string; since: string; pushId: string; idleSince: string | null };

export type BackendRow = {
  name: string;
  address: string;
  port: number;
  weight: number;
  state: BackendState;
  share: number;
  takeOut: { refusal: string | null; warning: string | null };
  live: BackendReading | null;
  maintenance: Maintenance | null;
};

export type PoolRow = { name: string; listen: PoolListen; sticky: "per-connection" | "source"; probe: PoolProbe; backends: BackendRow[] };

export type PoolsReply = { deviceId: string; revision: number; pools: PoolRow[]; readAtMs: number | null; liveError: string | null };

/** What the admin asked for in a dialog. */
export type BackendAction = { pool: string; backend: BackendRow; to: BackendState };
