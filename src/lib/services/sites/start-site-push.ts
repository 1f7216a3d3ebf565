import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { requireRole, type ServiceContext } from "../context";
import { ConflictError, ValidationError } from "../errors";
import { memberDevices } from "./compile-members";
import { getSiteOrThrow, orderedMembers, storedIntent, ZPushReason } from "./internal";
import { type MemberJob, removalJob } from "./member-run";
import { beginSitePush } from "./begin-site-push";

export const StartSitePushInput = z.strictObject({
  reason: ZPushReason,
  /** How long each device waits for Waymark's confirmation before it rolls back by itself. */
  confirmWindowSec: z.number().int().min(10).max(600).default(30),
  /** The site revision the admin reviewed; a push of any other revision is refused (someone saved since). */
  revision: z.number().int().min(1).optional(),
});

// Starts a push of the saved site and returns at once with its id (GET /sites/{id}/pushes/{pushId} follows it).
// Every member device is given the site's plan for it; a device that left the site since has its old plan taken off.
export async function startSitePush(ctx: ServiceContext, siteId: string, input: z.input<typeof StartSitePushInput>): Promise<{ pushId: string }> {
  requireRole(ctx, "operator");
  const { reason, confirmWindowSec, revision } = StartSitePushInput.parse(input);
  const site = await getSiteOrThrow(ctx.db, siteId);
  if (revision !== undefined && revision !== site.revision)
    throw new ConflictError(
      `the site is at revision ${site.revision}, not ${revision}: someone saved it since you reviewed it; review the newest revision and push again`,
    );
  if (env().WAYMARK_PUSH_REASON_REQUIRED && reason.trim() === "")
    throw new ValidationError("reason: say why you push this change (this dashboard requires a reason)");
  const intent = storedIntent(site);
  const devices = await memberDevices(ctx.db, intent);
  const rows = orderedMembers(site, intent);
  const joining: MemberJob[] = intent.members.map((member, index) => ({
    device: devices[index]!,
    role: member.role,
    action: { kind: "apply", member },
    lastAppliedHash: rows.find((r) => r.row.deviceId === member.device)?.row.appliedHash ?? null,
  }));
  const leaving = await Promise.all(
    rows
      .filter(({ row, leaving }) => leaving && row.appliedHash !== null)
      .map(async ({ row }): Promise<MemberJob> => removalJob(row, await ctx.db.device.findUniqueOrThrow({ where: { id: row.deviceId } }))),
  );
  return beginSitePush(ctx, { site, intent, reason, confirmWindowSec, purpose: "push", members: [...joining, ...leaving] });
}
