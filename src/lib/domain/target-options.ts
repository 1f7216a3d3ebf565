import { z } from "zod";
import { parseRouterOsVersion } from "./routeros-version";

// How a device realises the intent, as opposed to what the intent asks for. Kept beside the intent in the saved
// policy: the intent is the same for a MikroTik and a Linux gateway, these choices are not.
// routeros.balancer: "pcc" marks connections by per-connection-classifier (weights exact up to the PCC cap, the
// intent's stickiness honoured); "ecmp" uses equal-cost default routes (fewer rules, coarser weights).
export const ZTargetOptions = z.strictObject({
  routeros: z.strictObject({ balancer: z.enum(["pcc", "ecmp"]).default("pcc") }).default({ balancer: "pcc" }),
});

export type TargetOptions = z.infer<typeof ZTargetOptions>;
export type TargetOptionsInput = z.input<typeof ZTargetOptions>;

/** The plan version for what /system/resource reports ("7.16.2 (stable)" → "7"); null for anything else. */
export function routerOsMajor(version: string | null | undefined): "6" | "7" | null {
  const major = parseRouterOsVersion(version ?? "")?.major;
  return major === 6 ? "6" : major === 7 ? "7" : null;
}
