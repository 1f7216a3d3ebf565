import { z } from "zod";
import { ZInterfaceName, ZIPv4Cidr, ZLinkName } from "../network";

// Which traffic is balanced, and how.
// per-connection: every new connection draws a link by weight.
// sticky-source: one LAN host always uses the same link (banking sites that pin sessions to an address).
// sticky-source-destination: one host talking to one destination keeps its link; spreads better than source.
export const ZBalanceMethod = z.enum(["per-connection", "sticky-source", "sticky-source-destination"]);
export type BalanceMethod = z.infer<typeof ZBalanceMethod>;

export const ZPinnedTraffic = z
  .strictObject({
    source: ZIPv4Cidr.optional(),
    destination: ZIPv4Cidr.optional(),
    link: ZLinkName,
    comment: z
      .string()
      .max(120)
      .regex(/^[\w .,:/()+-]*$/, "letters, digits, spaces and . , : / ( ) + - only")
      .default(""),
  })
  .refine((e) => e.source !== undefined || e.destination !== undefined, "pin by source, destination or both");

export type PinnedTraffic = z.infer<typeof ZPinnedTraffic>;

/**
 * When every link is down: "main-table" lets the gateway's ordinary routing decide; "unreachable" refuses new
 * connections at once (clients fail fast); "blackhole" drops them silently.
 */
export const ZLastResort = z.enum(["main-table", "unreachable", "blackhole"]);

const unique = (values: readonly string[]) => new Set(values).size === values.length;

export const ZOutboundPolicy = z.strictObject({
  // Each becomes one object on the device (a list member, an address-list entry): a repeat would be a duplicate.
  lanInterfaces: z.array(ZInterfaceName).min(1).max(16).refine(unique, "LAN interfaces repeat"),
  lanSources: z.array(ZIPv4Cidr).min(1).max(64).refine(unique, "LAN sources repeat"),
  method: ZBalanceMethod.default("per-connection"),
  pinned: z.array(ZPinnedTraffic).max(256).default([]),
  lastResort: ZLastResort.default("main-table"),
});

export type OutboundPolicy = z.infer<typeof ZOutboundPolicy>;
