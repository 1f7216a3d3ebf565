import { z } from "zod";

// How a device realises the intent, as opposed to what the intent asks for. Kept beside the intent in the saved
// policy: the intent is the same for a MikroTik and a Linux gateway, these choices are not.
// routeros.balancer: "pcc" marks connections by per-connection-classifier (weights exact up to the PCC cap, the
// intent's stickiness honoured); "ecmp" uses equal-cost default routes (fewer rules, coarser weights).
export const ZTargetOptions = z.strictObject({
  routeros: z.strictObject({ balancer: z.enum(["pcc", "ecmp"]).default("pcc") }).default({ balancer: "pcc" }),
});

export type TargetOptions = z.infer<typeof ZTargetOptions>;
export type TargetOptionsInput = z.input<typeof ZTargetOptions>;

/** RouterOS major version from what /system/resource reports ("7.16.2 (stable)", "6.49.10 (long-term)"). */
export function routerOsMajor(version: string | null | undefined): "6" | "7" | null {
  const major = /^(\d+)\./.exec(version?.trim() ?? "")?.[1];
  return major === "6" || major === "7" ? major : null;
}

/** The minor version ("7.16.2" → 16); 0 when there is none. */
export function routerOsMinor(version: string | null | undefined): number {
  return Number(/^\d+\.(\d+)/.exec(version?.trim() ?? "")?.[1] ?? 0);
}
