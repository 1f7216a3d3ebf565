import { z } from "zod";
import { defineEndpoint } from "../endpoint";
import { ZIdParams } from "./common";

export const resetCounters = defineEndpoint({
  method: "POST",
  path: "/devices/{id}/counters/reset",
  operationId: "device.counters.reset",
  tag: "policies",
  access: "operator",
  summary: "Zero the packet and byte counters of Waymark's rules on the device (the admin's own rules keep theirs)",
  params: ZIdParams,
  response: z.object({ reset: z.number().int(), at: z.string() }),
});
