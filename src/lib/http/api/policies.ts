import { z } from "zod";
import { ZIntent } from "@/lib/domain/intent";
import { ZTargetOptions } from "@/lib/domain/target-options";
import { PreviewPlanInput, StartPushInput } from "@/lib/services/pushes";
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
  method: "GET", path: "/devices/{id}/policy", operationId: "policy.get", tag: "policies", access: "viewer",
  summary: "The load-balancing intent saved for a device (null when none)", params: ZIdParams, response: ZPolicyView.nullable(),
});

export const savePolicy = defineEndpoint({
  method: "PUT", path: "/devices/{id}/policy", operationId: "policy.save", tag: "policies", access: "operator",
  summary: "Save a device's load-balancing intent (links, probes, outbound policy); nothing is pushed",
  params: ZIdParams, body: ZIntent, response: ZPolicyView,
  auditDetail: (body) => {
    const intent = body as z.infer<typeof ZIntent>;
    return { links: intent.links.map((l) => `${l.name}:${l.interface}:w${l.weight}:t${l.tier}`), method: intent.outbound.method };
  },
});

export const saveTargetOptions = defineEndpoint({
  method: "PUT", path: "/devices/{id}/policy/target-options", operationId: "policy.targetOptions", tag: "policies", access: "operator",
  summary: "Choose how the saved intent is realised on this device (MikroTik: PCC or ECMP); nothing is pushed",
  params: ZIdParams, body: ZTargetOptions, response: ZPolicyView,
  auditDetail: (body) => ({ balancer: (body as z.infer<typeof ZTargetOptions>).routeros.balancer }),
});

const ZPushView = z.object({
  id: z.string(),
  deviceId: z.string(),
  status: z.enum(["running", "confirmed", "unchanged", "rolled_back", "failed", "refused"]),
  reason: z.string(),
  error: z.string().nullable(),
  planHash: z.string(),
  steps: z.array(z.object({ step: z.string(), status: z.string(), at: z.string(), detail: z.string().optional() })),
  actorName: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

const ZCounterText = z.object({ packets: z.string(), bytes: z.string() }).nullable();

export const previewPlan = defineEndpoint({
  method: "POST", path: "/devices/{id}/plan", operationId: "plan.preview", tag: "policies", access: "viewer",
  summary: "Compile the saved intent into the exact change a push would send (nothing is sent)",
  params: ZIdParams, body: PreviewPlanInput,
  response: z.discriminatedUnion("target", [
    z.object({ target: z.literal("linux"), flavour: z.enum(["nftables", "iptables"]), plan: z.record(z.string(), z.unknown()) }),
    z.object({ target: z.literal("routeros"), version: z.enum(["6", "7"]), balancer: z.enum(["pcc", "ecmp"]), plan: z.record(z.string(), z.unknown()) }),
  ]),
});

export const startPush = defineEndpoint({
  method: "POST", path: "/devices/{id}/push", operationId: "push.start", tag: "policies", access: "operator",
  summary: "Push the saved intent: check, snapshot, arm rollback, apply, health gate over a new connection, confirm",
  params: ZIdParams, body: StartPushInput, response: ZPushView, successStatus: 201,
  auditDetail: (body) => ({ reason: (body as { reason: string }).reason }),
});

export const listPushes = defineEndpoint({
  method: "GET", path: "/devices/{id}/pushes", operationId: "push.list", tag: "policies", access: "viewer",
  summary: "A device's push history, newest first", params: ZIdParams, response: z.array(ZPushView),
});

export const getPush = defineEndpoint({
  method: "GET", path: "/pushes/{id}", operationId: "push.get", tag: "policies", access: "viewer",
  summary: "One push with its steps (poll while running)", params: ZIdParams, response: ZPushView,
});

const ZLastPush = z.object({ id: z.string(), status: z.string(), at: z.string() }).nullable();

const ZLinuxState = z.object({
  kind: z.literal("linux"),
  readAtMs: z.number(),
  tableHash: z.string().nullable(),
  drift: z.boolean(),
  monitor: z.object({ running: z.boolean(), updatedAt: z.number().nullable() }),
  lastPush: ZLastPush,
  links: z.array(z.object({
    name: z.string(), state: z.enum(["up", "down", "unknown"]), since: z.number().nullable(), rttMs: z.number().nullable(),
    lossPercent: z.number().nullable(), newConnections: ZCounterText, tx: ZCounterText, rx: ZCounterText, connections: z.number().nullable(),
  })),
});

const ZRouterOsState = z.object({
  kind: z.literal("routeros"),
  readAtMs: z.number(),
  identity: z.string(),
  version: z.string(),
  drift: z.boolean(),
  lastPush: ZLastPush,
  rules: z.array(z.object({ comment: z.string(), menu: z.string(), chain: z.string(), action: z.string(), bytes: z.string(), packets: z.string(), disabled: z.boolean() })),
  routes: z.array(z.object({ comment: z.string(), gateway: z.string(), table: z.string(), distance: z.number(), active: z.boolean(), disabled: z.boolean() })),
  netwatch: z.array(z.object({ comment: z.string(), host: z.string(), status: z.enum(["up", "down", "unknown"]), since: z.string().nullable() })),
  interfaces: z.array(z.object({ name: z.string(), running: z.boolean(), rxByte: z.string(), txByte: z.string(), rxBitsPerSecond: z.number(), txBitsPerSecond: z.number() })),
  connections: z.array(z.object({ mark: z.string(), count: z.number() })),
  driftEntries: z.array(z.object({ menu: z.string(), comment: z.string(), change: z.enum(["missing", "changed", "moved", "extra"]), detail: z.string() })),
});

export const readState = defineEndpoint({
  method: "GET", path: "/devices/{id}/state", operationId: "device.state", tag: "policies", access: "viewer",
  summary: "Read back what the device does: link/netwatch states, rule and link counters, connections, drift",
  params: ZIdParams,
  response: z.discriminatedUnion("kind", [ZLinuxState, ZRouterOsState]),
});
