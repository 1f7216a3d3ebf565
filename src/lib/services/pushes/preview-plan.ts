import "server-only";
import { z } from "zod";
import type { Device } from "@/lib/db/generated/sqlite/client";
import type { DeviceChanges } from "@/lib/domain/device/changes";
import { intentProblemsOnDevice } from "@/lib/domain/device/fit";
import { describePlanMeaning } from "@/lib/domain/intent/meaning";
import { ZIntent, type Intent } from "@/lib/domain/intent";
import type { PlanWarning } from "@/lib/domain/plan";
import { ZTargetOptions, type TargetOptions } from "@/lib/domain/target-options";
import type { Capabilities } from "@/lib/domain/device/capabilities";
import type { DevicePlan } from "@/lib/devices";
import { requireRole, type ServiceContext } from "../context";
import { talkingToDevice } from "../devices/device-failure";
import { getDeviceOrThrow } from "../devices/internal";
import { PreconditionFailedError } from "../errors";
import { driverForDevice } from "./driver-for-device";

export const PreviewPlanInput = z
  .strictObject({
    /** What-if, Linux: compile for this firewall instead of the one the gateway has (nothing is asked of it). */
    flavour: z.enum(["nftables", "iptables"]).optional(),
    /** What-if, RouterOS: compile for this major version instead of asking the router. */
    routerosVersion: z.enum(["6", "7"]).optional(),
    /** RouterOS: how menus are written in the .rsc ("slashed" is v7 only). */
    dialect: z.enum(["spaced", "slashed"]).default("spaced"),
    /** Compile without asking the device (for the version it last reported); its interfaces are then not checked. */
    offline: z.boolean().default(false),
    /** Preview this unsaved intent instead of the saved one (the wizard, the builder's staged edits); nothing is saved. */
    draft: z.strictObject({ intent: ZIntent, targetOptions: ZTargetOptions.default({ routeros: { balancer: "pcc" } }) }).optional(),
  })
  .refine((input) => !(input.dialect === "slashed" && input.routerosVersion === "6"), {
    message: "RouterOS v6 does not accept /ip/firewall/... menu paths; use the spaced dialect",
    path: ["dialect"],
  });

type PreviewCommon = {
  label: string;
  checkedAgainstDevice: boolean;
  warnings: PlanWarning[];
  plan: DevicePlan;
  /** What a push would add, change and remove on the device now; null when the device was not asked. */
  changes: DeviceChanges | null;
  /** The plan in plain language (domain/intent/meaning.ts). */
  meaning: string[];
};

export type PlanPreview =
  | ({ target: "linux"; flavour: "nftables" | "iptables" } & PreviewCommon)
  | ({ target: "routeros"; version: "6" | "7"; balancer: "pcc" | "ecmp" } & PreviewCommon);

// The exact change a push would send. Unless asked for a what-if or offline preview, the device is inspected first
// and the intent checked against it: an interface, LAN source or gateway it does not have is a clear refusal here,
// not a failed apply later. A draft (an intent not saved yet) is previewed the same way, against the same device.
export async function previewPlan(ctx: ServiceContext, deviceId: string, input: z.input<typeof PreviewPlanInput>): Promise<PlanPreview> {
  requireRole(ctx, "viewer");
  const { flavour, routerosVersion, dialect, offline, draft } = PreviewPlanInput.parse(input);
  const policy = draft ? { device: await getDeviceOrThrow(ctx.db, deviceId), ...draft } : await savedPolicy(ctx, deviceId);
  const driver = driverForDevice(policy.device);
  const whatIf = flavour !== undefined || routerosVersion !== undefined;
  const inspection = offline || whatIf ? null : await talkingToDevice(() => driver.inspect());
  const capabilities = inspection?.capabilities ?? null;
  if (capabilities) assertFits(policy.intent, capabilities);
  const compiled = driver.compile(policy.intent, capabilities, { targetOptions: policy.targetOptions, dialect, assume: { flavour, routerosVersion } });
  const errors = compiled.warnings.filter((w) => w.severity === "error");
  if (compiled.plan === null || errors.length > 0)
    throw new PreconditionFailedError(errors.map((w) => w.message).join("; ") || "the plan could not be compiled");
  const common: PreviewCommon = {
    label: compiled.label,
    checkedAgainstDevice: capabilities !== null,
    warnings: compiled.warnings,
    plan: compiled.plan,
    changes: inspection ? driver.changes(compiled.plan, inspection) : null,
    meaning: describePlanMeaning(policy.intent, policy.targetOptions),
  };
  const plan = compiled.plan;
  return plan.target === "routeros"
    ? { target: "routeros", version: plan.version, balancer: plan.balancer, ...common }
    : { target: "linux", flavour: plan.target === "linux-iptables" ? "iptables" : "nftables", ...common };
}

function assertFits(intent: Intent, capabilities: Capabilities): void {
  const problems = intentProblemsOnDevice(intent, capabilities);
  if (problems.length > 0) throw new PreconditionFailedError(`the policy names what this device does not have: ${problems.join("; ")}`);
}

export type SavedPolicy = { device: Device; intent: Intent; targetOptions: TargetOptions; revision: number };

/** The device with its saved policy, parsed; the device row comes along so callers need not read it again. */
export async function savedPolicy(ctx: ServiceContext, deviceId: string): Promise<SavedPolicy> {
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  const policy = await ctx.db.devicePolicy.findUnique({ where: { deviceId } });
  if (!policy) throw new PreconditionFailedError("this device has no saved policy yet; save one first");
  return {
    device,
    intent: ZIntent.parse(JSON.parse(policy.intent)),
    targetOptions: ZTargetOptions.parse(JSON.parse(policy.targetOptions)),
    revision: policy.revision,
  };
}
