import "server-only";
import { backendStateRefusal, poolShares, takeOutWarning } from "@/lib/domain/intent/backend-state";
import type { BackendReading } from "@/lib/domain/device/reading";
import type { BackendState, PoolListen, PoolProbe } from "@/lib/domain/intent";
import { requireRole, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { savedPolicy } from "../pushes/preview-plan";
import { readDeviceState } from "../pushes/read-device-state";
import { maintenanceWithReading, type Maintenance } from "./maintenance";

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

export type PoolView = { name: string; listen: PoolListen; sticky: "per-connection" | "source"; probe: PoolProbe; backends: BackendView[] };

export type PoolsView = {
  deviceId: string;
  revision: number;
  pools: PoolView[];
  /** When the device was read (ms since the epoch); null when it could not be, with the reason in `liveError`. */
  readAtMs: number | null;
  liveError: string | null;
};

// The pools page's one poll: the saved pools, each backend with what the device reports for it now and its
// maintenance record. A device that cannot be read still shows the saved pools, with the reason. Reading also
// moves the maintenance records' "idle since" along (a viewer's poll may write it: it is derived, not a change).
export async function getPools(ctx: ServiceContext, deviceId: string): Promise<PoolsView> {
  requireRole(ctx, "viewer");
  const policy = await savedPolicy(ctx, deviceId);
  let reading: Awaited<ReturnType<typeof readDeviceState>> | null = null;
  let liveError: string | null = null;
  try {
    reading = await readDeviceState(ctx, deviceId);
  } catch (error) {
    if (!(error instanceof ServiceError) || error.code === "forbidden") throw error;
    liveError = error.message;
  }
  const maintenance = await maintenanceWithReading(ctx.db, deviceId, reading);
  const pools = (policy.intent.inbound?.pools ?? []).map((pool): PoolView => {
    const shares = poolShares(pool);
    return {
      name: pool.name,
      listen: pool.listen,
      sticky: pool.sticky,
      probe: pool.probe,
      backends: pool.backends.map((b) => ({
        name: b.name,
        address: b.address,
        port: b.port ?? pool.listen.port,
        weight: b.weight,
        state: b.state,
        share: shares.get(b.name) ?? 0,
        takeOut: { refusal: backendStateRefusal(pool, b, "drain"), warning: b.state === "active" ? takeOutWarning(pool, b.name) : null },
        live: reading?.backends.find((r) => r.pool === pool.name && r.name === b.name) ?? null,
        maintenance: maintenance.get(`${pool.name}/${b.name}`) ?? null,
      })),
    };
  });
  return { deviceId, revision: policy.revision, pools, readAtMs: reading?.readAtMs ?? null, liveError };
}
