import "server-only";
import { z } from "zod";
import { compileLinux, type LinuxPlan } from "@/lib/domain/compile/linux";
import { ZIntent, type Intent } from "@/lib/domain/intent";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { PreconditionFailedError } from "../errors";

export const PreviewPlanInput = z.strictObject({ flavour: z.enum(["nftables", "iptables"]).default("nftables") });

export type PlanPreview = { flavour: "nftables" | "iptables"; plan: LinuxPlan };

// The exact change a push would send, without contacting the device.
export async function previewPlan(ctx: ServiceContext, deviceId: string, input: z.input<typeof PreviewPlanInput>): Promise<PlanPreview> {
  requireRole(ctx, "viewer");
  const { flavour } = PreviewPlanInput.parse(input);
  const intent = await savedIntent(ctx, deviceId);
  return { flavour, plan: compileLinux(intent, { flavour }) };
}

export async function savedIntent(ctx: ServiceContext, deviceId: string): Promise<Intent> {
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  if (device.kind !== "linux") throw new PreconditionFailedError("plans for MikroTik routers are not available yet; this device is a MikroTik router");
  const policy = await ctx.db.devicePolicy.findUnique({ where: { deviceId } });
  if (!policy) throw new PreconditionFailedError("this device has no saved policy yet; save one first");
  return ZIntent.parse(JSON.parse(policy.intent));
}
