import "server-only";
import { z } from "zod";
import type { Device } from "@/lib/db/generated/sqlite/client";
import { compileLinux, type LinuxPlan } from "@/lib/domain/compile/linux";
import { compileRouterOs, type RouterOsPlan } from "@/lib/domain/compile/routeros";
import { ZIntent, type Intent } from "@/lib/domain/intent";
import { routerOsMajor, ZTargetOptions, type TargetOptions } from "@/lib/domain/target-options";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";
import { PreconditionFailedError, ValidationError } from "../errors";

export const PreviewPlanInput = z.strictObject({
  /** Linux only: which firewall the plan is written for (a push detects it on the gateway). */
  flavour: z.enum(["nftables", "iptables"]).default("nftables"),
  /** RouterOS only: the major version to compile for; default the version the router last reported. */
  routerosVersion: z.enum(["6", "7"]).optional(),
  /** RouterOS only: how menus are written in the .rsc ("slashed" is v7 only). */
  dialect: z.enum(["spaced", "slashed"]).default("spaced"),
});

export type PlanPreview =
  | { target: "linux"; flavour: "nftables" | "iptables"; plan: LinuxPlan }
  | { target: "routeros"; version: "6" | "7"; balancer: "pcc" | "ecmp"; plan: RouterOsPlan };

// The exact change a push would send, without contacting the device.
export async function previewPlan(ctx: ServiceContext, deviceId: string, input: z.input<typeof PreviewPlanInput>): Promise<PlanPreview> {
  requireRole(ctx, "viewer");
  const { flavour, routerosVersion, dialect } = PreviewPlanInput.parse(input);
  const policy = await savedPolicy(ctx, deviceId);
  if (policy.device.kind === "linux") return { target: "linux", flavour, plan: compilePlan(() => compileLinux(policy.intent, { flavour })) };
  const version = routerosVersion ?? routerOsMajor(policy.device.version);
  if (version === null) throw new PreconditionFailedError("the router's RouterOS version is not known yet; run Test connection or choose a version");
  if (dialect === "slashed" && version === "6") throw new ValidationError("RouterOS v6 does not accept /ip/firewall/... menu paths; use the spaced dialect");
  const { balancer } = policy.targetOptions.routeros;
  return { target: "routeros", version, balancer, plan: compilePlan(() => compileRouterOs(policy.intent, { version, dialect, balancer })) };
}

export type SavedPolicy = { device: Device; intent: Intent; targetOptions: TargetOptions };

/** The device with its saved policy, parsed; the device row comes along so callers need not read it again. */
export async function savedPolicy(ctx: ServiceContext, deviceId: string): Promise<SavedPolicy> {
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  const policy = await ctx.db.devicePolicy.findUnique({ where: { deviceId } });
  if (!policy) throw new PreconditionFailedError("this device has no saved policy yet; save one first");
  return {
    device,
    intent: ZIntent.parse(JSON.parse(policy.intent)),
    targetOptions: ZTargetOptions.parse(JSON.parse(policy.targetOptions)),
  };
}

/** A valid intent the target cannot express (e.g. server pools on Linux so far) is the admin's to fix: a 412. */
export function compilePlan<P>(compile: () => P): P {
  try {
    return compile();
  } catch (error) {
    if (error instanceof z.ZodError) throw error;
    throw new PreconditionFailedError(error instanceof Error ? error.message : String(error));
  }
}
