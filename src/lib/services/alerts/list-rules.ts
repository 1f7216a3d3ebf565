import "server-only";
import type { RuleView } from "@/lib/domain/alerts/rule";
import { requireRole, type ServiceContext } from "../context";
import { toRuleView } from "./internal";

export async function listRules(ctx: ServiceContext): Promise<RuleView[]> {
  requireRole(ctx, "viewer");
  const rows = await ctx.db.alertRule.findMany({ orderBy: { name: "asc" } });
  return rows.map(toRuleView);
}
