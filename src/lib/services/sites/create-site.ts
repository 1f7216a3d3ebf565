import "server-only";
import { z } from "zod";
import { newId } from "@/lib/auth/tokens";
import { ZSiteIntent, ZSiteName, type SiteView } from "@/lib/domain/site";
import { actorName, requireRole, type ServiceContext } from "../context";
import { conflictOnDuplicate } from "../errors";
import { serializable } from "../serializable";
import { getSiteOrThrow, toSiteView } from "./internal";
import { checkMembers, syncMembers } from "./members";

export const ZSiteDescription = z.string().max(500);

export const CreateSiteInput = z.strictObject({
  name: ZSiteName,
  description: ZSiteDescription.default(""),
  intent: ZSiteIntent,
});

export const siteNameTaken = (name: string) => `a site named ${JSON.stringify(name)} already exists`;

// A site is saved like a device's policy (operator): what the admin wants, nothing sent until a push. The stored
// intent is the parsed one (defaults filled in), and its members become SiteMember rows in the same transaction.
export async function createSite(ctx: ServiceContext, input: z.input<typeof CreateSiteInput>): Promise<SiteView> {
  requireRole(ctx, "operator");
  const { name, description, intent } = CreateSiteInput.parse(input);
  const id = newId();
  await serializable(ctx.db, async (tx) => {
    await checkMembers(tx, null, intent);
    await tx.site.create({ data: { id, name, kind: intent.kind, description, intent: JSON.stringify(intent), updatedBy: actorName(ctx.actor) } });
    await syncMembers(tx, id, intent);
  }).catch(conflictOnDuplicate(siteNameTaken(name)));
  return toSiteView(await getSiteOrThrow(ctx.db, id), null);
}
