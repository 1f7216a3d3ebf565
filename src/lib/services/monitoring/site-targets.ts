import "server-only";
import type { Device } from "@/lib/db/generated/sqlite/client";
import type { MemberRole } from "@/lib/domain/site/intent";
import { type MemberPlan, ZMemberPlan } from "@/lib/domain/site/member-plan";
import type { Tx } from "../serializable";

// What the monitor polls of a site: each member device with the member plan its last confirmed site push left
// there (SiteMember.appliedPlan / appliedHash / confirmedAt, written by services/sites). A site is watched once at
// least one member has an applied plan; a member without one is "not pushed" and gets no session.

export type SiteTargetMember = {
  device: Device;
  role: MemberRole;
  /** null: nothing confirmed on this member yet, or a stored plan that no longer parses (`problem` says). */
  plan: MemberPlan | null;
  appliedHash: string | null;
  /** When the member's plan was confirmed (ms); a newer one re-opens the member's watch. */
  confirmedAt: number | null;
  problem: string | null;
};

export type SiteTarget = { siteId: string; name: string; kind: "shared-vip" | "anycast"; members: SiteTargetMember[] };

const WATCHED = { members: { some: { appliedPlan: { not: null } } } } as const;

/** Sites with a confirmed member whose lease is free, expired or this instance's: the monitor's claim candidates. */
export async function watchedSiteIds(db: Tx, instanceId: string, now: Date): Promise<string[]> {
  const rows = await db.site.findMany({
    where: { ...WATCHED, OR: [{ pollLease: null }, { pollLease: { expiresAt: { lt: now } } }, { pollLease: { instanceId } }] },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => r.id);
}

function parsePlan(json: string | null): { plan: MemberPlan | null; problem: string | null } {
  if (json === null) return { plan: null, problem: "this member has no confirmed push of the site yet" };
  try {
    return { plan: ZMemberPlan.parse(JSON.parse(json)), problem: null };
  } catch {
    // A plan stored by an older Waymark: the admin pushes the site again; the other members are still watched.
    return { plan: null, problem: "the member plan stored for this device no longer reads; push the site again" };
  }
}

/** Where each device stands in the site's intent, so members are shown in the order the admin listed them. */
function intentOrder(intent: string): Map<string, number> {
  try {
    const members: unknown = JSON.parse(intent)?.members;
    if (!Array.isArray(members)) return new Map();
    return new Map(members.map((m, i) => [String((m as { device?: unknown }).device), i]));
  } catch {
    return new Map();
  }
}

/** The sites' members with their devices and confirmed plans (sites without a confirmed member are left out). */
export async function siteTargets(db: Tx, siteIds: readonly string[]): Promise<Map<string, SiteTarget>> {
  if (siteIds.length === 0) return new Map();
  const sites = await db.site.findMany({
    where: { id: { in: [...siteIds] }, ...WATCHED },
    include: { members: { include: { device: true }, orderBy: { deviceId: "asc" } } },
  });
  return new Map(
    sites.map((site) => [
      site.id,
      {
        siteId: site.id,
        name: site.name,
        kind: site.kind === "anycast" ? "anycast" : "shared-vip",
        members: sortMembers(site.members, intentOrder(site.intent)).map((m) => ({
          device: m.device,
          role: m.role as MemberRole,
          ...parsePlan(m.appliedPlan),
          appliedHash: m.appliedHash,
          confirmedAt: m.confirmedAt?.getTime() ?? null,
        })),
      },
    ]),
  );
}

function sortMembers<M extends { deviceId: string; device: { name: string } }>(members: M[], order: Map<string, number>): M[] {
  const at = (m: M) => order.get(m.deviceId) ?? Number.MAX_SAFE_INTEGER;
  return [...members].sort((a, b) => at(a) - at(b) || a.device.name.localeCompare(b.device.name));
}
