import { z } from "zod";
import { ZIntent } from "@/lib/domain/intent";
import { ZTargetOptions } from "@/lib/domain/target-options";
import { ZDevicePlan } from "@/lib/domain/compile/plan-schema";
import { ZDeviceChanges } from "@/lib/domain/device/changes";
import { ZDeviceReading } from "@/lib/domain/device/reading";
import { SavePolicyInput, SaveTargetOptionsInput } from "@/lib/services/policies";
import { PreviewPlanInput, PUSH_STATUSES, RemovePolicyInput, StartPushInput, StepRecords } from "@/lib/services/pushes";
import { defineEndpoint } from "../endpoint";
import { ZIdParams } from "./common";

const ZPolicyView = z.object({
  deviceId: z.string(),
  intent: ZIntent,
  targetOptions: ZTargetOptions,
  revision: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const getPolicy = defineEndpoint({
  method: "GET",
  path: "/devices/{id}/policy",
  operationId: "policy.get",
  tag: "policies",
  access: "viewer",
  summary: "The load-balancing intent saved for a device (null when none)",
  params: ZIdParams,
  response: ZPolicyView.nullable(),
});

export const savePolicy = defineEndpoint({
  method: "PUT",
  path: "/devices/{id}/policy",
  operationId: "policy.save",
  tag: "policies",
  access: "operator",
  summary: "Save a device's load-balancing intent (links, probes, outbound policy) as a new revision, with an optional reason; nothing is pushed",
  params: ZIdParams,
  body: SavePolicyInput,
  response: ZPolicyView,
  auditDetail: (body) => {
    const intent = body as z.infer<typeof SavePolicyInput>;
    return {
      links: intent.links.map((l) => `${l.name}:${l.interface}:w${l.weight}:t${l.tier}`),
      method: intent.outbound.method,
      reason: intent.reason ?? "",
    };
  },
});

export const saveTargetOptions = defineEndpoint({
  method: "PUT",
  path: "/devices/{id}/policy/target-options",
  operationId: "policy.targetOptions",
  tag: "policies",
  access: "operator",
  summary: "Choose how the saved intent is realised on this device (MikroTik: PCC or ECMP), as a new revision; nothing is pushed",
  params: ZIdParams,
  body: SaveTargetOptionsInput,
  response: ZPolicyView,
  auditDetail: (body) => {
    const options = body as z.infer<typeof SaveTargetOptionsInput>;
    return { balancer: options.routeros.balancer, reason: options.reason ?? "" };
  },
});

const ZIntentChange = z.object({ subject: z.string(), text: z.string() });

export const listRevisions = defineEndpoint({
  method: "GET",
  path: "/devices/{id}/policy/revisions",
  operationId: "policy.revisions",
  tag: "policies",
  access: "viewer",
  summary: "Every saved revision of a device's policy, newest first, with who, when, why and what it changed",
  params: ZIdParams,
  response: z.array(z.object({ revision: z.number().int(), savedBy: z.string(), savedAt: z.string(), reason: z.string(), changes: z.array(ZIntentChange) })),
});

export const getRevision = defineEndpoint({
  method: "GET",
  path: "/devices/{id}/policy/revisions/{revision}",
  operationId: "policy.revision",
  tag: "policies",
  access: "viewer",
  summary: "One saved revision as it was (what 'Revert to this revision' loads as a draft)",
  params: ZIdParams.extend({ revision: z.coerce.number<string>().int().min(1).max(2_147_483_647) }),
  response: z.object({
    deviceId: z.string(),
    revision: z.number().int(),
    intent: ZIntent,
    targetOptions: ZTargetOptions,
    savedBy: z.string(),
    savedAt: z.string(),
    reason: z.string(),
  }),
});

export const getRunningPolicy = defineEndpoint({
  method: "GET",
  path: "/devices/{id}/policy/running",
  operationId: "policy.running",
  tag: "policies",
  access: "viewer",
  summary: "What the device runs: the last push it confirmed or found unchanged (never a rolled-back one); null before any",
  params: ZIdParams,
  response: z
    .object({
      revision: z.number().int().nullable(),
      intent: ZIntent.nullable(),
      targetOptions: ZTargetOptions.nullable(),
      pushId: z.string(),
      status: z.enum(["confirmed", "unchanged"]),
      at: z.string(),
    })
    .nullable(),
});

const ZPushView = z.object({
  id: z.string(),
  deviceId: z.string(),
  status: z.enum(PUSH_STATUSES),
  reason: z.string(),
  error: z.string().nullable(),
  planHash: z.string(),
  revision: z.number().int().nullable(),
  steps: StepRecords,
  actorName: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

const ZPreviewCommon = {
  /** What the plan was compiled for: "RouterOS v7 · PCC", "Linux · nftables". */
  label: z.string(),
  /** The device was inspected and the intent checked against its interfaces and networks. */
  checkedAgainstDevice: z.boolean(),
  warnings: z.array(z.object({ code: z.string(), severity: z.enum(["info", "warning", "error"]), message: z.string(), link: z.string().optional() })),
  /** The exact change: RouterOS objects and .rsc script, or the Linux ruleset, routes, rules and monitor file. */
  plan: ZDevicePlan,
  /** What a push would add, change and remove on the device now (null: not asked, an offline or what-if preview). */
  changes: ZDeviceChanges.nullable(),
  /** The plan in plain language: shares per tier, what failover does and how long detection takes. */
  meaning: z.array(z.string()),
};

const ZWaitQuery = z.strictObject({
  /** Wait up to this many seconds for the push to end before answering (long poll); 0 answers at once. */
  wait: z.coerce.number<string>().int().min(0).max(120).default(0),
});

export const previewPlan = defineEndpoint({
  method: "POST",
  path: "/devices/{id}/plan",
  operationId: "plan.preview",
  tag: "policies",
  access: "viewer",
  summary:
    "Compile the saved intent, or an unsaved draft, into the exact change a push would send, what it changes on the device now and what it means (nothing is sent or saved)",
  params: ZIdParams,
  body: PreviewPlanInput,
  response: z.discriminatedUnion("target", [
    z.object({ target: z.literal("linux"), flavour: z.enum(["nftables", "iptables"]), ...ZPreviewCommon }),
    z.object({ target: z.literal("routeros"), version: z.enum(["6", "7"]), balancer: z.enum(["pcc", "ecmp"]), ...ZPreviewCommon }),
  ]),
});

export const startPush = defineEndpoint({
  method: "POST",
  path: "/devices/{id}/push",
  operationId: "push.start",
  tag: "policies",
  access: "operator",
  summary: "Push the saved intent: check, snapshot, arm rollback, apply, health gate over a new connection, confirm",
  params: ZIdParams,
  query: ZWaitQuery,
  body: StartPushInput,
  response: ZPushView,
  successStatus: 201,
  auditDetail: (body) => ({ reason: (body as { reason: string }).reason }),
});

export const removePolicy = defineEndpoint({
  method: "POST",
  path: "/devices/{id}/policy/removal",
  operationId: "policy.remove",
  tag: "policies",
  access: "operator",
  summary: "Remove every object Waymark created on the device (an empty plan, with the same gate and rollback as a push)",
  params: ZIdParams,
  query: ZWaitQuery,
  body: RemovePolicyInput,
  response: ZPushView,
  successStatus: 201,
  auditDetail: (body) => ({ reason: (body as { reason: string }).reason }),
});

export const listPushes = defineEndpoint({
  method: "GET",
  path: "/devices/{id}/pushes",
  operationId: "push.list",
  tag: "policies",
  access: "viewer",
  summary: "A device's push history, newest first",
  params: ZIdParams,
  response: z.array(ZPushView),
});

export const getPush = defineEndpoint({
  method: "GET",
  path: "/pushes/{id}",
  operationId: "push.get",
  tag: "policies",
  access: "viewer",
  summary: "One push with its steps; ?wait=N waits up to N seconds for it to end",
  params: ZIdParams,
  query: ZWaitQuery,
  response: ZPushView,
});

const ZDeviceState = ZDeviceReading.extend({ lastPush: z.object({ id: z.string(), status: z.string(), at: z.string() }) });

export const readState = defineEndpoint({
  method: "GET",
  path: "/devices/{id}/state",
  operationId: "device.state",
  tag: "policies",
  access: "viewer",
  summary: "Read back what the device does: link/netwatch states, rule and link counters, connections, drift",
  params: ZIdParams,
  response: ZDeviceState,
});
