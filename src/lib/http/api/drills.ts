import { z } from "zod";
import { DRILL_OUTCOMES, ZDrillEvents } from "@/lib/domain/drill";
import { StartDrillInput } from "@/lib/services/drills";
import { defineEndpoint } from "../endpoint";
import { ZIdParams } from "./common";

const ZDrillView = z.object({
  id: z.string(),
  deviceId: z.string(),
  link: z.string(),
  durationS: z.number().int(),
  outcome: z.enum(DRILL_OUTCOMES),
  /** What happened when: started, blocked, detected, switched (or no-traffic), restored, recovered. */
  events: ZDrillEvents,
  /** From the block to the device reporting the link down. */
  detectionMs: z.number().int().nullable(),
  /** From the block to the first reading with new connections on another link and none on the drilled one. */
  switchMs: z.number().int().nullable(),
  /** From the restore to the device reporting the link up again. */
  recoveryMs: z.number().int().nullable(),
  detail: z.string(),
  actorName: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
});

const ZWaitQuery = z.strictObject({
  /** Wait up to this many seconds for the drill to end before answering (long poll); 0 answers at once. */
  wait: z.coerce.number<string>().int().min(0).max(400).default(0),
});

export const startDrill = defineEndpoint({
  method: "POST",
  path: "/devices/{id}/drills",
  operationId: "drill.start",
  tag: "drills",
  access: "operator",
  summary:
    "Test failover of one link: its probe answers are dropped on the device for durationS, the device's detection and switch are timed, then the link is restored",
  params: ZIdParams,
  query: ZWaitQuery,
  body: StartDrillInput,
  response: ZDrillView,
  successStatus: 201,
  auditDetail: (body) => body as z.infer<typeof StartDrillInput>,
});

export const listDrills = defineEndpoint({
  method: "GET",
  path: "/devices/{id}/drills",
  operationId: "drill.list",
  tag: "drills",
  access: "viewer",
  summary: "A device's failover drills with their timings, newest first",
  params: ZIdParams,
  response: z.array(ZDrillView),
});

export const getDrill = defineEndpoint({
  method: "GET",
  path: "/drills/{id}",
  operationId: "drill.get",
  tag: "drills",
  access: "viewer",
  summary: "One failover drill as it stands; ?wait=N waits up to N seconds for it to end",
  params: ZIdParams,
  query: ZWaitQuery,
  response: ZDrillView,
});
