import { z } from "zod";
import { ZDisplayName } from "../grammar";
import { ZAlertEvent } from "./events";

// An alert rule: which changes, on which devices, go to which channels, how quiet after one (cooldown), and when a
// subject that keeps changing becomes one "flapping" alert instead of a mail per change.

export const ZRuleInput = z.strictObject({
  name: ZDisplayName,
  enabled: z.boolean().default(true),
  events: z.array(ZAlertEvent).min(1, "pick at least one event").max(20),
  /** null: every device, today's and tomorrow's. */
  deviceIds: z.array(z.string().min(1).max(64)).min(1, "pick a device, or all devices").max(1000).nullable(),
  channelIds: z.array(z.string().min(1).max(64)).min(1, "pick at least one channel").max(20),
  /** After an incident was sent, a new one of the same subject within this many seconds is recorded, not sent. */
  cooldownSec: z.number().int().min(0).max(86_400).default(300),
  /** This many changes of one subject within flapWindowMin minutes make it flapping. */
  flapCount: z.number().int().min(2).max(100).default(4),
  flapWindowMin: z.number().int().min(1).max(1440).default(10),
});
export type RuleInput = z.infer<typeof ZRuleInput>;

export const ZRuleView = ZRuleInput.extend({ id: z.string(), createdAt: z.string(), updatedAt: z.string() });
export type RuleView = z.infer<typeof ZRuleView>;

/** What the engine needs of a rule. */
export type EngineRule = Pick<RuleView, "id" | "name" | "events" | "deviceIds" | "channelIds" | "cooldownSec" | "flapCount" | "flapWindowMin">;
