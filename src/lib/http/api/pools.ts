import { z } from "zod";
import { ZBackendReading } from "@/lib/domain/device/reading";
import { ZBackendState, ZPoolListen, ZPoolProbe, ZPoolStickiness, ZServerName } from "@/lib/domain/intent";
import { SetBackendStateInput } from "@/lib/services/pools";
import { defineEndpoint } from "../endpoint";
import { ZIdParams } from "./common";

const ZBackendParams = ZIdParams.extend({ pool: ZServerName, backend: ZServerName });

const ZMaintenance = z.object({
  state: z.enum(["drain", "disabled"]),
  reason: z.string(),
  by: z.string(),
  since: z.string(),
  pushId: z.string(),
  /** First reading with no open connection to the backend, ISO 8601; null while it still has some. */
  idleSince: z.string().nullable(),
});

const ZBackendView = z.object({
  name: z.string(),
  address: z.string(),
  port: z.number().int(),
  weight: z.number().int(),
  state: ZBackendState,
  share: z.number(),
  takeOut: z.object({ refusal: z.string().nullable(), warning: z.string().nullable() }),
  live: ZBackendReading.nullable(),
  maintenance: ZMaintenance.nullable(),
});

export const listPools = defineEndpoint({
  method: "GET",
  path: "/devices/{id}/pools",
  operationId: "pools.list",
  tag: "pools",
  access: "viewer",
  summary: "The device's server pools as saved, each backend with its live health, connections and maintenance record",
  params: ZIdParams,
  response: z.object({
    deviceId: z.string(),
    revision: z.number().int(),
    pools: z.array(
      z.object({ name: z.string(), listen: ZPoolListen, sticky: ZPoolStickiness, probe: ZPoolProbe, check: z.string(), backends: z.array(ZBackendView) }),
    ),
    readAtMs: z.number().nullable(),
    liveError: z.string().nullable(),
  }),
});

export const setBackendState = defineEndpoint({
  method: "POST",
  path: "/devices/{id}/pools/{pool}/backends/{backend}/state",
  operationId: "pools.backendState",
  tag: "pools",
  access: "operator",
  summary: "Drain, disable or re-enable one backend: saves the change as a new revision with the reason and starts its push",
  params: ZBackendParams,
  body: SetBackendStateInput,
  response: z.object({ pushId: z.string(), revision: z.number().int(), warning: z.string().nullable() }),
  successStatus: 201,
  auditDetail: (body) => body as Record<string, unknown>,
});
