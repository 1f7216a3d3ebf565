import "server-only";
import { poolCheckWords } from "@/lib/domain/intent";
import { backendStateRefusal, poolShares, takeOutWarning } from "@/lib/domain/intent/backend-state";
import type { BackendView, PoolsView, PoolView } from "@/lib/domain/intent/pool-view";
import { requireRole, type ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { savedPolicy } from "../pushes/preview-plan";
import { readDeviceState } from "../pushes/read-device-state";
import { maintenanceWithReading } from "./maintenance";

export type { BackendView, PoolView, PoolsView };

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
      check: poolCheckWords(pool.probe),
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
