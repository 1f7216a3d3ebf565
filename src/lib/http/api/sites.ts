import { z } from "zod";
import { ZSiteLive, ZSitePreview, ZSitePushView, ZSiteView } from "@/lib/domain/site";
import { CreateSiteInput, PreviewNewSiteInput, PreviewSiteInput, RemoveSiteInput, StartSitePushInput, UpdateSiteInput } from "@/lib/services/sites";
import { defineEndpoint } from "../endpoint";
import { ZIdParams, ZOk } from "./common";

// Sites: one intent (a shared virtual IP, an anycast service) applied to several devices; each device gets its own
// plan, pushed with its own gate and rollback (services/sites).

const siteAudit = (body: unknown) => {
  const { name, intent } = body as { name?: string; intent?: { kind?: string; members?: { device: string; role: string }[] } };
  return { name, kind: intent?.kind, members: intent?.members?.map((m) => `${m.device}:${m.role}`) };
};

const ZPushStarted = z.object({ pushId: z.string() });

export const listSites = defineEndpoint({
  method: "GET",
  path: "/sites",
  operationId: "site.list",
  tag: "sites",
  access: "viewer",
  summary: "Every site (shared virtual IP or anycast) with its members and last push",
  response: z.array(ZSiteView),
});

export const createSite = defineEndpoint({
  method: "POST",
  path: "/sites",
  operationId: "site.create",
  tag: "sites",
  access: "operator",
  summary: "Save a new site: its intent and member devices (revision 1); nothing is pushed",
  body: CreateSiteInput,
  response: ZSiteView,
  successStatus: 201,
  auditDetail: siteAudit,
});

export const getSite = defineEndpoint({
  method: "GET",
  path: "/sites/{id}",
  operationId: "site.get",
  tag: "sites",
  access: "viewer",
  summary: "One site",
  params: ZIdParams,
  response: ZSiteView,
});

export const updateSite = defineEndpoint({
  method: "PUT",
  path: "/sites/{id}",
  operationId: "site.update",
  tag: "sites",
  access: "operator",
  summary: "Save a site's intent as a new revision (members follow it; a device taken out keeps its plan until the next push); nothing is pushed",
  params: ZIdParams,
  body: UpdateSiteInput,
  response: ZSiteView,
  auditDetail: siteAudit,
});

export const deleteSite = defineEndpoint({
  method: "DELETE",
  path: "/sites/{id}",
  operationId: "site.delete",
  tag: "sites",
  access: "operator",
  summary: "Forget a site; refused while any device still runs its plan (take the site off its devices first)",
  params: ZIdParams,
  response: ZOk,
});

export const previewSite = defineEndpoint({
  method: "POST",
  path: "/sites/{id}/plan",
  operationId: "site.plan",
  tag: "sites",
  access: "operator",
  summary:
    "Each member device's plan for the saved site or a draft: the exact files, warnings, and whether a push would change the device (nothing is sent or saved)",
  params: ZIdParams,
  body: PreviewSiteInput,
  response: ZSitePreview,
});

export const previewNewSite = defineEndpoint({
  method: "POST",
  path: "/sites/plan",
  operationId: "site.plan-new",
  tag: "sites",
  access: "operator",
  summary: "The same preview for a site not saved yet (the create form previews before saving)",
  body: PreviewNewSiteInput,
  response: ZSitePreview,
});

export const startSitePush = defineEndpoint({
  method: "POST",
  path: "/sites/{id}/pushes",
  operationId: "site.push",
  tag: "sites",
  access: "operator",
  summary: "Push the saved site: every member device validated, armed, applied, health-gated and confirmed or rolled back on its own",
  params: ZIdParams,
  body: StartSitePushInput,
  response: ZPushStarted,
  successStatus: 201,
  auditDetail: (body) => ({ reason: (body as { reason: string }).reason }),
});

export const listSitePushes = defineEndpoint({
  method: "GET",
  path: "/sites/{id}/pushes",
  operationId: "site.pushes",
  tag: "sites",
  access: "viewer",
  summary: "A site's pushes and removals, newest first, each with every device's outcome and steps",
  params: ZIdParams,
  response: z.array(ZSitePushView),
});

export const getSitePush = defineEndpoint({
  method: "GET",
  path: "/sites/{id}/pushes/{pushId}",
  operationId: "site.push-get",
  tag: "sites",
  access: "viewer",
  summary: "One site push with each device's steps; ?wait=N waits up to N seconds for it to end",
  params: ZIdParams.extend({ pushId: ZIdParams.shape.id }),
  query: z.strictObject({ wait: z.coerce.number<string>().int().min(0).max(120).default(0) }),
  response: ZSitePushView,
});

export const removeSite = defineEndpoint({
  method: "POST",
  path: "/sites/{id}/removal",
  operationId: "site.removal",
  tag: "sites",
  access: "operator",
  summary: "Take the site off every device that runs its plan, each with its own gate and rollback; the site stays saved",
  params: ZIdParams,
  body: RemoveSiteInput,
  response: ZPushStarted,
  successStatus: 201,
  auditDetail: (body) => ({ reason: (body as { reason: string }).reason }),
});

export const readSiteState = defineEndpoint({
  method: "GET",
  path: "/sites/{id}/state",
  operationId: "site.state",
  tag: "sites",
  access: "viewer",
  summary: "What each member does now, read from its device (heartbeat and buckets; check, BGP and BFD; the edge's routes)",
  params: ZIdParams,
  response: ZSiteLive,
});
