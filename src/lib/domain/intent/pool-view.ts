import type { BackendReading } from "../device/reading";
import type { BackendState, PoolListen, PoolProbe, PoolStickiness } from "./inbound";

// A pool as the pools page shows it (GET /api/v1/devices/{id}/pools): the saved pool, each backend with what the
// device reports for it now and its maintenance record. One shape for the service that builds it and the page.

/** A backend taken out on purpose: who, why, the push that did it, and since when it has had no open connection. */
export type Maintenance = { state: "drain" | "disabled"; reason: string; by: string; since: string; pushId: string; idleSince: string | null };

export type BackendView = {
  name: string;
  address: string;
  port: number;
  weight: number;
  /** As saved: what the admin asked for (the device may still be on its way there). */
  state: BackendState;
  /** Share of the pool's new connections by weight, 0–100, as saved. */
  share: number;
  /** What taking it out (drain or disable) would leave, for the confirmation dialog; or why it cannot be taken out. */
  takeOut: { refusal: string | null; warning: string | null };
  live: BackendReading | null;
  maintenance: Maintenance | null;
};

/** `check`: the probe in words with its detection and return times (domain/intent/pool-probe.ts), for the page. */
export type PoolView = { name: string; listen: PoolListen; sticky: PoolStickiness; probe: PoolProbe; check: string; backends: BackendView[] };

export type PoolsView = {
  deviceId: string;
  revision: number;
  pools: PoolView[];
  /** When the device was read (ms since the epoch); null when it could not be, with the reason in `liveError`. */
  readAtMs: number | null;
  liveError: string | null;
};
