import type { TargetOptions } from "../target-options";
import { arrow, change, type IntentChange, list } from "./change-words";
import { alertChanges, inboundChanges } from "./changes-inbound";
import { linkChanges } from "./changes-links";
import { outboundChanges } from "./changes-outbound";
import type { Intent } from "./intent";

// The meaning-level diff between two intents: what an admin would say changed ("link wan1 weight 1 → 3",
// "backend web2 drained"), as opposed to the device-level diff of the compiled plans. The history, the review
// before a push and the saved-vs-running banner all show this list; an empty list means the same policy.

export type { IntentChange } from "./change-words";

export function describeIntentChanges(before: Intent | null, after: Intent): IntentChange[] {
  if (before === null) return [firstPolicy(after)];
  return [
    ...linkChanges(before.links, after.links),
    ...outboundChanges(before.outbound, after.outbound),
    ...inboundChanges(before.inbound, after.inbound),
    ...alertChanges(before.alerts, after.alerts),
  ];
}

function firstPolicy(intent: Intent): IntentChange {
  const links = intent.links.map((l) => l.name);
  const pools = intent.inbound?.pools.map((p) => p.name) ?? [];
  const parts = [`links ${list(links)}`, `balancing ${intent.outbound.method}`];
  if (pools.length > 0) parts.push(`pools ${list(pools)}`);
  return change("policy", `first policy: ${parts.join("; ")}`);
}

const balancerWords = { pcc: "PCC", ecmp: "ECMP" } as const;

/** How the device realises the intent (saved beside it); null before = nothing to compare with. */
export function describeTargetOptionChanges(before: TargetOptions | null, after: TargetOptions): IntentChange[] {
  if (before === null) return [];
  const was = before.routeros.balancer;
  const now = after.routeros.balancer;
  return was === now ? [] : [change("RouterOS balancer", `RouterOS balancer ${arrow(balancerWords[was], balancerWords[now])}`)];
}
