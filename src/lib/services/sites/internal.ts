import "server-only";
import { z } from "zod";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import { ZMemberPlan, ZSiteIntent, type MemberPlan, type SiteIntent, type SitePushView, type SiteView } from "@/lib/domain/site";
import { NotFoundError } from "../errors";
import { StepRecords } from "../pushes/internal";
import type { Tx } from "../serializable";

export const SITE_PUSH_STATUSES = ["running", "confirmed", "unchanged", "partial", "rolled_back", "failed", "refused"] as const;
export const MEMBER_PUSH_STATUSES = ["running", "confirmed", "unchanged", "rolled_back", "failed", "refused"] as const;
export const ZRole = z.enum(["vip-node", "anycast-server", "anycast-edge"]);

export const SITE_INCLUDE = { members: { include: { device: { select: { id: true, name: true, kind: true } } } } } as const;

export type SiteRow = Prisma.SiteGetPayload<{ include: typeof SITE_INCLUDE }>;
export type SitePushRow = Prisma.SitePushGetPayload<{ include: { members: true } }>;
export type MemberRow = SiteRow["members"][number];

/** Why a push or a removal is made, as the device pushes take it. */
export const ZPushReason = z.string().max(500).default("");

export async function getSiteOrThrow(db: Tx, id: string): Promise<SiteRow> {
  const site = await db.site.findUnique({ where: { id }, include: SITE_INCLUDE });
  if (!site) throw new NotFoundError("site", id);
  return site;
}

// Stored JSON is read back through its schema: a row written by an older or broken version fails loudly here.
export const storedIntent = (site: { intent: string }): SiteIntent => ZSiteIntent.parse(JSON.parse(site.intent));

/** The member plan a confirmed push left on the device, or null when none did. */
export const appliedPlanOf = (member: { appliedPlan: string | null }): MemberPlan | null =>
  member.appliedPlan === null ? null : ZMemberPlan.parse(JSON.parse(member.appliedPlan));

/** Members in the intent's order, then those that left the site but still have its plan. */
export function orderedMembers(site: SiteRow, intent: SiteIntent): { row: MemberRow; leaving: boolean }[] {
  const inIntent = intent.members.map((m) => m.device);
  return inSiteOrder(inIntent, site.members).map((row) => ({ row, leaving: !inIntent.includes(row.deviceId) }));
}

const rank = (order: string[], id: string) => (order.includes(id) ? order.indexOf(id) : order.length);

export function toSiteView(site: SiteRow, lastPush: SitePushView | null): SiteView {
  const intent = storedIntent(site);
  return {
    id: site.id,
    name: site.name,
    kind: intent.kind,
    description: site.description,
    revision: site.revision,
    intent,
    members: orderedMembers(site, intent).map(({ row, leaving }) => ({
      device: row.deviceId,
      deviceName: row.device.name,
      deviceKind: row.device.kind === "linux" ? "linux" : "routeros",
      role: ZRole.parse(row.role),
      applied: row.appliedHash && row.confirmedAt ? { hash: row.appliedHash, confirmedAt: row.confirmedAt.toISOString() } : null,
      leaving,
    })),
    lastPush,
    updatedAt: site.updatedAt.toISOString(),
    updatedBy: site.updatedBy,
  };
}

export function toSitePushView(push: SitePushRow, deviceNames: ReadonlyMap<string, string>): SitePushView {
  return {
    id: push.id,
    siteId: push.siteId,
    revision: push.revision,
    actor: push.actor,
    reason: push.reason,
    status: z.enum(SITE_PUSH_STATUSES).parse(push.status),
    detail: push.detail,
    startedAt: push.startedAt.toISOString(),
    finishedAt: push.finishedAt?.toISOString() ?? null,
    members: push.members.map((m) => ({
      device: m.deviceId,
      deviceName: deviceNames.get(m.deviceId) ?? `${m.deviceId} (deleted)`,
      role: ZRole.parse(m.role),
      status: z.enum(MEMBER_PUSH_STATUSES).parse(m.status),
      reason: m.reason,
      steps: StepRecords.parse(JSON.parse(m.steps)).map(({ step, status, detail, at }) => ({
        step,
        status,
        ...(detail === undefined ? {} : { detail }),
        atMs: Date.parse(at),
      })),
    })),
  };
}

/** The site pushes as views, with their devices' names read once, members in the site's order (those gone last). */
export async function sitePushViews(db: Tx, pushes: SitePushRow[]): Promise<SitePushView[]> {
  const ids = [...new Set(pushes.flatMap((p) => p.members.map((m) => m.deviceId)))];
  const devices = await db.device.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const names = new Map(devices.map((d) => [d.id, d.name]));
  const sites = await db.site.findMany({ where: { id: { in: [...new Set(pushes.map((p) => p.siteId))] } }, select: { id: true, intent: true } });
  const orders = new Map(sites.map((site) => [site.id, storedIntent(site).members.map((m) => m.device)]));
  return pushes.map((push) => toSitePushView({ ...push, members: inSiteOrder(orders.get(push.siteId) ?? [], push.members) }, names));
}

/** Rows of a site's devices in the intent's order, then the others by id. */
export function inSiteOrder<T extends { deviceId: string }>(order: string[], rows: T[]): T[] {
  return [...rows].sort((a, b) => rank(order, a.deviceId) - rank(order, b.deviceId) || a.deviceId.localeCompare(b.deviceId));
}

export async function lastSitePush(db: Tx, siteId: string): Promise<SitePushView | null> {
  const last = await db.sitePush.findFirst({ where: { siteId }, orderBy: { startedAt: "desc" }, include: { members: true } });
  return last ? ((await sitePushViews(db, [last]))[0] ?? null) : null;
}
