import "server-only";
import type { z } from "zod";
import { newId } from "@/lib/auth/tokens";
import { type RuleInput, type RuleView, ZRuleInput } from "@/lib/domain/alerts/rule";
import { requireRole, type ServiceContext } from "../context";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { serializable, type Tx } from "../serializable";
import { missingChannels, toRuleView } from "./internal";

const taken = (name: string) => `a rule named ${JSON.stringify(name)} already exists`;

async function check(tx: Tx, rule: RuleInput, id: string | null): Promise<void> {
  const other = await tx.alertRule.findUnique({ where: { name: rule.name } });
  if (other && other.id !== id) throw new ConflictError(taken(rule.name));
  const missing = await missingChannels(tx, rule.channelIds);
  if (missing.length > 0) throw new ValidationError(`no such channel: ${missing.join(", ")}`);
  if (rule.deviceIds) {
    const found = await tx.device.count({ where: { id: { in: rule.deviceIds } } });
    if (found !== new Set(rule.deviceIds).size) throw new ValidationError("one of the chosen devices no longer exists");
  }
}

const data = (rule: RuleInput) => ({
  name: rule.name,
  enabled: rule.enabled,
  events: JSON.stringify([...new Set(rule.events)]),
  deviceIds: rule.deviceIds === null ? null : JSON.stringify([...new Set(rule.deviceIds)]),
  channelIds: JSON.stringify([...new Set(rule.channelIds)]),
  cooldownSec: rule.cooldownSec,
  flapCount: rule.flapCount,
  flapWindowMin: rule.flapWindowMin,
});

export async function createRule(ctx: ServiceContext, input: z.input<typeof ZRuleInput>): Promise<RuleView> {
  requireRole(ctx, "admin");
  const rule = ZRuleInput.parse(input);
  return serializable(ctx.db, async (tx) => {
    await check(tx, rule, null);
    return toRuleView(await tx.alertRule.create({ data: { id: newId(), ...data(rule) } }));
  });
}

export async function updateRule(ctx: ServiceContext, id: string, input: z.input<typeof ZRuleInput>): Promise<RuleView> {
  requireRole(ctx, "admin");
  const rule = ZRuleInput.parse(input);
  return serializable(ctx.db, async (tx) => {
    if (!(await tx.alertRule.findUnique({ where: { id } }))) throw new NotFoundError("alert rule", id);
    await check(tx, rule, id);
    return toRuleView(await tx.alertRule.update({ where: { id }, data: data(rule) }));
  });
}
