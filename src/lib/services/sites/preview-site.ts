import "server-only";
import { z } from "zod";
import { memberLabel, ZSiteIntent, ZSiteName, type SiteIntent, type SitePreview } from "@/lib/domain/site";
import { requireRole, type ServiceContext } from "../context";
import { planHash } from "../pushes/internal";
import { compileForInspections, memberDevices } from "./compile-members";
import { inspectMembers } from "./inspect-members";
import { getSiteOrThrow, storedIntent, ZRole, type SiteRow } from "./internal";
import { checkMembers } from "./members";

export const PreviewSiteInput = z.strictObject({
  /** Preview this unsaved intent instead of the saved one (the site form's staged edits); nothing is saved. */
  draft: ZSiteIntent.optional(),
});

export const PreviewNewSiteInput = z.strictObject({ name: ZSiteName, intent: ZSiteIntent });

// What a push of the site would put on each device, before anything is sent or saved: every member device is
// inspected at once (one that does not answer is planned offline, saying why), the site compiled for what they
// said, and each plan's hash compared with what the last confirmed push left on that device.
export async function previewSite(ctx: ServiceContext, siteId: string, input: z.input<typeof PreviewSiteInput>): Promise<SitePreview> {
  requireRole(ctx, "operator");
  const { draft } = PreviewSiteInput.parse(input);
  const site = await getSiteOrThrow(ctx.db, siteId);
  return preview(ctx, site, site.name, draft ?? storedIntent(site));
}

/** The same for a site not saved yet: the create form previews before saving. */
export async function previewNewSite(ctx: ServiceContext, input: z.input<typeof PreviewNewSiteInput>): Promise<SitePreview> {
  requireRole(ctx, "operator");
  const { name, intent } = PreviewNewSiteInput.parse(input);
  return preview(ctx, null, name, intent);
}

async function preview(ctx: ServiceContext, site: SiteRow | null, name: string, intent: SiteIntent): Promise<SitePreview> {
  await checkMembers(ctx.db, site?.id ?? null, intent);
  const devices = await memberDevices(ctx.db, intent);
  const inspections = await inspectMembers(devices);
  const plan = compileForInspections(name, intent, devices, inspections);
  const rows = site?.members ?? [];
  const members = intent.members.map((member, index) => {
    const device = devices[index]!;
    const compiled = plan.members.find((m) => m.device === member.device);
    const offline = inspections.get(device.id)?.offline ?? null;
    const applied = rows.find((r) => r.deviceId === member.device)?.appliedHash ?? null;
    const memberPlan = compiled?.plan ?? null;
    return {
      device: device.id,
      deviceName: device.name,
      role: member.role,
      label: memberLabel(device.kind === "linux" ? "linux" : "routeros", member),
      warnings: compiled?.warnings ?? [{ code: "not-compiled", severity: "error" as const, message: "the compiler gave this member no plan" }],
      files: memberPlan?.files ?? [],
      changes:
        memberPlan === null || offline !== null
          ? null
          : applied === null
            ? ("new" as const)
            : applied === planHash(memberPlan)
              ? ("none" as const)
              : ("changes" as const),
      offline,
    };
  });
  return {
    siteId: site?.id ?? null,
    name,
    meaning: plan.meaning,
    pushable: members.every((m) => m.warnings.every((w) => w.severity !== "error")) && plan.members.every((m) => m.plan !== null),
    members,
    leaving: rows
      .filter((r) => r.appliedHash !== null && !intent.members.some((m) => m.device === r.deviceId))
      .map((r) => ({ device: r.deviceId, deviceName: r.device.name, role: ZRole.parse(r.role) })),
  };
}
