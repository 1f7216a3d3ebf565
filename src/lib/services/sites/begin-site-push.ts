import "server-only";
import { newId } from "@/lib/auth/tokens";
import type { SiteIntent } from "@/lib/domain/site";
import { actorName, type ServiceContext } from "../context";
import { ConflictError } from "../errors";
import { serializable } from "../serializable";
import type { SiteRow } from "./internal";
import type { MemberJob } from "./member-run";
import { runSitePush } from "./run-site-push";

type Begin = { site: SiteRow; intent: SiteIntent; reason: string; confirmWindowSec: number; purpose: "push" | "removal"; members: MemberJob[] };

// The site push's records are written before anything runs (SitePush and a SiteMemberPush per device, all
// "running"), so the history has it even if this process stops; one running push per site at a time.
export async function beginSitePush(ctx: ServiceContext, begin: Begin): Promise<{ pushId: string }> {
  const pushId = newId();
  await serializable(ctx.db, async (tx) => {
    const running = await tx.sitePush.findFirst({ where: { siteId: begin.site.id, status: "running" }, select: { id: true } });
    if (running) throw new ConflictError(`a push of site ${JSON.stringify(begin.site.name)} is already running; wait for it to end`);
    await tx.sitePush.create({
      data: { id: pushId, siteId: begin.site.id, revision: begin.site.revision, actor: actorName(ctx.actor), reason: begin.reason, status: "running" },
    });
    await tx.siteMemberPush.createMany({
      data: begin.members.map((m) => ({
        sitePushId: pushId,
        deviceId: m.device.id,
        role: m.role,
        plan: m.action.kind === "remove" ? JSON.stringify(m.action.plan) : "{}",
        planHash: m.action.kind === "remove" ? m.action.hash : "",
        status: "running",
      })),
    });
  });
  void runSitePush(ctx, {
    sitePushId: pushId,
    siteId: begin.site.id,
    siteName: begin.site.name,
    intent: begin.intent,
    members: begin.members,
    confirmWindowSec: begin.confirmWindowSec,
    purpose: begin.purpose,
  });
  return { pushId };
}
