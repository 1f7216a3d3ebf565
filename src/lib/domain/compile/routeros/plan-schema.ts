import { z } from "zod";
import { ZPlanWarning } from "../../plan";
import { sameType } from "../../same-type";
import type { RouterOsConnectionRemoval, RouterOsMenu, RouterOsObject, RouterOsPlan } from "./types";

// A RouterOS plan as stored with its push, read back through this schema (never cast). Keys are in the order
// compileRouterOs writes them, so a stored plan parses back to the bytes its hashes were taken of; the compile-time
// checks below keep the schema and types.ts describing the same data.

const MENUS = [
  "/routing/table",
  "/interface/list",
  "/interface/list/member",
  "/ip/firewall/address-list",
  "/ip/route",
  "/ip/firewall/mangle",
  "/ip/firewall/nat",
  "/tool/netwatch",
] as const satisfies readonly RouterOsMenu[];

const ZRouterOsObject = z.strictObject({
  menu: z.enum(MENUS),
  properties: z.record(z.string(), z.string()),
  comment: z.string(),
  switchedBy: z.strictObject({ netwatch: z.string(), enabledWhen: z.enum(["up", "down"]) }).optional(),
});

const ZRouterOsConnectionRemoval = z.strictObject({ reason: z.string(), where: z.record(z.string(), z.string()) });

export const ZRouterOsPlan = z.strictObject({
  target: z.literal("routeros"),
  version: z.enum(["6", "7"]),
  balancer: z.enum(["pcc", "ecmp"]),
  objects: z.array(ZRouterOsObject),
  removeConnections: z.array(ZRouterOsConnectionRemoval),
  warnings: z.array(ZPlanWarning),
  script: z.string(),
  backends: z
    .array(
      z.strictObject({
        pool: z.string(),
        name: z.string(),
        at: z.string(),
        protocol: z.enum(["tcp", "udp"]),
        state: z.enum(["active", "drain", "disabled"]),
      }),
    )
    .optional(),
});

sameType<z.infer<typeof ZRouterOsObject>["menu"], RouterOsMenu>(
  (m) => m,
  (m) => m,
  true,
);
sameType<z.infer<typeof ZRouterOsObject>, RouterOsObject>(
  (o) => o,
  (o) => o,
  true,
);
sameType<z.infer<typeof ZRouterOsConnectionRemoval>, RouterOsConnectionRemoval>(
  (r) => r,
  (r) => r,
  true,
);
sameType<z.infer<typeof ZRouterOsPlan>, RouterOsPlan>(
  (p) => p,
  (p) => p,
  true,
);
