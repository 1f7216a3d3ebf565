import "server-only";
import { z } from "zod";
import { poolProbeWords, ZBackendState, type ServerPool } from "@/lib/domain/intent";
import { backendStateRefusal, takeOutWarning, withBackendState } from "@/lib/domain/intent/backend-state";
import { actorName, requireRole, type ServiceContext } from "../context";
import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from "../errors";
import { savePolicy } from "../policies/save-policy";
import type { PushView } from "../pushes/internal";
import { savedPolicy } from "../pushes/preview-plan";
import { readDeviceState } from "../pushes/read-device-state";
import { startPush } from "../pushes/start-push";
import { endMaintenance, recordMaintenance } from "./maintenance";

export const SetBackendStateInput = z.strictObject({
  state: ZBackendState,
  /** Why: kept with the revision, the push and the maintenance record. Required to take a backend out. */
  reason: z.string().trim().max(500).default(""),
});

export type BackendStateChange = { push: PushView; revision: number; warning: string | null };

// Maintenance as one job: change one backend's state in the saved policy (a new revision, with the reason), then
// push it. Refused with nothing changed when it would leave the pool nothing to send to, when a backend is put back
// while its health check fails, or while another push runs.
export async function setBackendState(
  ctx: ServiceContext,
  deviceId: string,
  poolName: string,
  backendName: string,
  input: z.input<typeof SetBackendStateInput>,
): Promise<BackendStateChange> {
  requireRole(ctx, "operator");
  const { state, reason } = SetBackendStateInput.parse(input);
  const policy = await savedPolicy(ctx, deviceId);
  const pool = policy.intent.inbound?.pools.find((p) => p.name === poolName);
  if (!pool) throw new NotFoundError("pool", poolName);
  const backend = pool.backends.find((b) => b.name === backendName);
  if (!backend) throw new NotFoundError("backend", `${poolName}/${backendName}`);
  const refusal = backendStateRefusal(pool, backend, state);
  if (refusal) throw new ConflictError(refusal);
  if (state !== "active" && reason === "") throw new ValidationError(`reason: say why ${backendName} goes out of service`);
  if (await ctx.db.deviceLock.findUnique({ where: { deviceId } }))
    throw new ConflictError("another push to this device is running; try again when it has ended");
  if (state === "active") await requireHealthy(ctx, deviceId, pool, backendName);

  const warning = state === "active" || backend.state !== "active" ? null : takeOutWarning(pool, backendName);
  const why = reason || `${{ active: "re-enable", drain: "drain", disabled: "disable" }[state]} ${poolName}/${backendName}`;
  // Based on the revision read above: a save in between is refused rather than silently undone.
  const saved = await savePolicy(ctx, deviceId, {
    ...withBackendState(policy.intent, poolName, backendName, state),
    reason: why,
    baseRevision: policy.revision,
  });
  const push = await startPush(ctx, deviceId, { reason: why, revision: saved.revision });
  const key = { deviceId, pool: poolName, backend: backendName };
  if (state === "active") await endMaintenance(ctx.db, key);
  else await recordMaintenance(ctx.db, key, { state, reason, actorName: actorName(ctx.actor), pushId: push.id });
  return { push, revision: saved.revision, warning };
}

/** A backend goes back into the pool only when its probe answers now, as the device reports it. */
async function requireHealthy(ctx: ServiceContext, deviceId: string, pool: ServerPool, name: string): Promise<void> {
  const backend = pool.backends.find((b) => b.name === name)!;
  const at = pool.probe.type === "icmp" ? backend.address : `${backend.address}:${backend.port ?? pool.listen.port}`;
  const check = `${poolProbeWords(pool.probe)} to ${at}`;
  const live = (await readDeviceState(ctx, deviceId)).backends.find((b) => b.pool === pool.name && b.name === name);
  if (live?.probe === "up") return;
  if (live?.probe === "down") throw new PreconditionFailedError(`${name} does not answer its health check (${check}): re-enable it once it answers`);
  throw new PreconditionFailedError(`the device has no verdict yet on ${name}'s health check (${check}): re-enable it once it reports the backend up`);
}
