import { z } from "zod";
import { ZIntent } from "@/lib/domain/intent";
import { defineEndpoint } from "../endpoint";
import { ZIdParams } from "./common";

const ZPolicyView = z.object({
  deviceId: z.string(),
  intent: ZIntent,
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
