import { z } from "zod";
import { ZPlanWarning } from "../plan";
import { ZSiteIntent } from "./intent";
import { ZMemberFile } from "./member-plan";

// What the sites API answers and the site screens show. Built by services/sites; no secret, no vendor object.

const ZPushStatus = z.enum(["running", "confirmed", "unchanged", "rolled_back", "failed", "refused"]);

export const ZSiteMemberView = z.object({
  device: z.string(),
  deviceName: z.string(),
  deviceKind: z.enum(["routeros", "linux"]),
  role: z.enum(["vip-node", "anycast-server", "anycast-edge"]),
  /** What the last confirmed push left on the device; null: never pushed. */
  applied: z.object({ hash: z.string(), confirmedAt: z.string() }).nullable(),
  /** No longer in the intent but its plan is still on the device: the next push (or the removal) takes it off. */
  leaving: z.boolean(),
});

export const ZSiteMemberPushView = z.object({
  device: z.string(),
  deviceName: z.string(),
  role: z.enum(["vip-node", "anycast-server", "anycast-edge"]),
  status: ZPushStatus,
  reason: z.string(),
  steps: z.array(z.object({ step: z.string(), status: z.string(), detail: z.string().optional(), atMs: z.number() })),
});

export const ZSitePushView = z.object({
  id: z.string(),
  siteId: z.string(),
  revision: z.number().int(),
  actor: z.string(),
  reason: z.string(),
  /** running; confirmed (every member); partial (some confirmed, the others rolled back, refused or failed); … */
  status: z.enum(["running", "confirmed", "unchanged", "partial", "rolled_back", "failed", "refused"]),
  /** "2 of 3 devices confirmed; web-3 rolled back: …". */
  detail: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  members: z.array(ZSiteMemberPushView),
});
export type SitePushView = z.infer<typeof ZSitePushView>;

export const ZSiteView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(["shared-vip", "anycast"]),
  description: z.string(),
  revision: z.number().int(),
  intent: ZSiteIntent,
  members: z.array(ZSiteMemberView),
  lastPush: ZSitePushView.nullable(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type SiteView = z.infer<typeof ZSiteView>;

export const ZSitePreview = z.object({
  siteId: z.string().nullable(),
  name: z.string(),
  meaning: z.array(z.string()),
  /** Every member can be pushed (no error warning, every device answered or was compiled offline). */
  pushable: z.boolean(),
  members: z.array(
    z.object({
      device: z.string(),
      deviceName: z.string(),
      role: z.enum(["vip-node", "anycast-server", "anycast-edge"]),
      /** "Linux · shared VIP node 2", "Linux · BIRD 2.0.12 edge". */
      label: z.string(),
      warnings: z.array(ZPlanWarning),
      /** The exact files the push writes on this device. */
      files: z.array(ZMemberFile),
      /** Whether pushing would change the device (its applied hash differs), null when it was not asked. */
      changes: z.enum(["none", "changes", "new"]).nullable(),
      /** The device could not be asked (offline preview): why. */
      offline: z.string().nullable(),
    }),
  ),
  /** Devices taken out of the site whose plan is still on them: the push removes it. */
  leaving: z.array(z.object({ device: z.string(), deviceName: z.string(), role: z.enum(["vip-node", "anycast-server", "anycast-edge"]) })),
});
export type SitePreview = z.infer<typeof ZSitePreview>;
