import { z } from "zod";
import { ZDeviceInterface } from "@/lib/domain/device/capabilities";
import { ZIntent } from "@/lib/domain/intent";
import { ZTargetOptions } from "@/lib/domain/target-options";
import { defineEndpoint } from "../endpoint";
import { ZIdParams } from "./common";

const ZProposedLink = z.object({
  name: z.string(),
  interface: z.string(),
  gateway: z.string().nullable(),
  addressing: ZDeviceInterface.shape.addressing,
  up: z.boolean(),
  probeTargets: z.tuple([z.string(), z.string()]),
  /** Why this interface is proposed as a WAN link: "ether1: default route via 198.51.100.1, DHCP client". */
  why: z.string(),
});

export const getProposal = defineEndpoint({
  method: "GET",
  path: "/devices/{id}/wizard/proposal",
  operationId: "wizard.proposal",
  tag: "policies",
  access: "operator",
  summary: "Read the device and propose a dual-WAN setup: WAN links with gateways and probe targets, LAN interfaces and sources, each with its reason",
  params: ZIdParams,
  response: z.object({
    device: z.object({ id: z.string(), name: z.string(), kind: z.enum(["routeros", "linux"]) }),
    summary: z.string(),
    capabilities: z.object({
      softwareVersion: z.string(),
      firewall: z.enum(["nftables", "iptables", "routeros"]),
      probeTypes: z.array(z.enum(["icmp", "tcp"])),
      minProbeIntervalMs: z.number().int(),
    }),
    interfaces: z.array(ZDeviceInterface),
    proposal: z.object({
      links: z.array(ZProposedLink),
      lan: z.array(z.object({ interface: z.string(), sources: z.array(z.string()), why: z.string() })),
      ignored: z.array(z.object({ interface: z.string(), why: z.string() })),
    }),
    existing: z
      .object({
        deviceId: z.string(),
        intent: ZIntent,
        targetOptions: ZTargetOptions,
        revision: z.number().int(),
        updatedAt: z.string(),
        updatedBy: z.string(),
      })
      .nullable(),
  }),
});
