import "server-only";
import { z } from "zod";
import { newId } from "@/lib/auth/tokens";
import { DRILL_DURATION } from "@/lib/domain/drill";
import { ZIntent } from "@/lib/domain/intent";
import { ZLinkName } from "@/lib/domain/network";
import { actorName, requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { ConflictError, PreconditionFailedError } from "../errors";
import { claimDevice, releaseDevice } from "../pushes/device-lock";
import { driverForDevice } from "../pushes/driver-for-device";
import { runningPlan, toDrillView, type DrillView } from "./internal";
import { runFailoverDrill } from "./run-failover-drill";

export const StartDrillInput = z.strictObject({
  link: ZLinkName,
  durationS: z.number().int().min(DRILL_DURATION.minS).max(DRILL_DURATION.maxS),
});

// Starts a failover drill and returns at once; it runs in the background and writes what happens to its record
// (GET /drills/{id}, which can wait for the end). It claims the device like a push does, so the two never overlap.
export async function startFailoverDrill(ctx: ServiceContext, deviceId: string, input: z.input<typeof StartDrillInput>): Promise<DrillView> {
  requireRole(ctx, "operator");
  const { link, durationS } = StartDrillInput.parse(input);
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  const { plan } = await runningPlan(ctx.db, deviceId);
  const running = await runningLinks(ctx, deviceId);
  const links = running.map((l) => l.name);
  if (!links.includes(link)) throw new PreconditionFailedError(`the policy this device runs has no link ${link} (it has ${links.join(", ")})`);
  if (links.length < 2) throw new PreconditionFailedError(`${link} is the only link: there is nothing to fail over to`);
  const drillId = newId();
  await claimDevice(ctx.db, deviceId, drillId).catch((error: unknown) => {
    throw error instanceof ConflictError ? new ConflictError("a push or another drill is running on this device; wait for it to finish") : error;
  });
  try {
    const row = await ctx.db.failoverDrill.create({
      data: { id: drillId, deviceId, link, durationS, outcome: "running", actorName: actorName(ctx.actor) },
    });
    // A standby link (a tier above the lowest) carries no new connections while the others are up: nothing to move.
    const standby = (running.find((l) => l.name === link)?.tier ?? 1) > Math.min(...running.map((l) => l.tier));
    void runFailoverDrill(ctx, { drillId, deviceId, link, durationS, plan, standby, driver: driverForDevice(device) });
    return toDrillView(row);
  } catch (error) {
    await releaseDevice(ctx.db, deviceId, drillId);
    throw error;
  }
}

/** The links of the policy the device runs (the last confirmed push's intent). */
async function runningLinks(ctx: ServiceContext, deviceId: string): Promise<{ name: string; tier: number }[]> {
  const push = await ctx.db.push.findFirst({ where: { deviceId, status: { in: ["confirmed", "unchanged"] } }, orderBy: { startedAt: "desc" } });
  const intent = ZIntent.safeParse(JSON.parse(push?.intent ?? "null"));
  return intent.success ? intent.data.links.map((l) => ({ name: l.name, tier: l.tier })) : [];
}
