import { z } from "zod";
import { ZPlanWarning } from "../plan";

// What one member device of a site is given: everything the device-side push writes, already rendered (the nft
// table, the heartbeat or health-check daemon's configuration, BIRD's configuration), so the preview shows the
// exact files and the push only validates, arms, applies, gates and confirms them. Compiled by vip/compile.ts and
// anycast/compile.ts; services store and hash it but never look inside.

/** A file the push writes on the device, shown as is in the preview. */
export const ZMemberFile = z.strictObject({
  /** Where it goes on the device, e.g. /etc/waymark/vip/web.conf. */
  path: z.string(),
  /** What it is in the admin's words: "nftables table ip waymark_vip_web", "BIRD configuration". */
  what: z.string(),
  content: z.string(),
});
export type MemberFile = z.infer<typeof ZMemberFile>;

export const ZVipNodePlan = z.strictObject({
  role: z.literal("vip-node"),
  site: z.string(),
  interface: z.string(),
  vip: z.string(),
  prefixLength: z.number().int(),
  /** 01:00:5e:… derived from the virtual IP. */
  multicastMac: z.string(),
  nodeId: z.number().int(),
  buckets: z.number().int(),
  /** The buckets this node owns while every node is alive (the preview's "node 2 answers 21 of 64 buckets"). */
  ownedWhenAllAlive: z.array(z.number().int()),
  files: z.array(ZMemberFile),
});
export type VipNodePlan = z.infer<typeof ZVipNodePlan>;

export const ZAnycastServerPlan = z.strictObject({
  role: z.literal("anycast-server"),
  site: z.string(),
  address: z.string(),
  /** BIRD's configuration path and control socket on this device. */
  bird: z.strictObject({ configFile: z.string(), controlSocket: z.string() }),
  files: z.array(ZMemberFile),
});
export type AnycastServerPlan = z.infer<typeof ZAnycastServerPlan>;

export const ZAnycastEdgePlan = z.strictObject({
  role: z.literal("anycast-edge"),
  site: z.string(),
  address: z.string(),
  bird: z.strictObject({ configFile: z.string(), controlSocket: z.string() }),
  /** Each server as the edge peers with it: its BGP protocol name in BIRD, address, and whether it is standby. */
  servers: z.array(z.strictObject({ device: z.string(), protocol: z.string(), address: z.string(), standby: z.boolean() })),
  files: z.array(ZMemberFile),
});
export type AnycastEdgePlan = z.infer<typeof ZAnycastEdgePlan>;

export const ZMemberPlan = z.discriminatedUnion("role", [ZVipNodePlan, ZAnycastServerPlan, ZAnycastEdgePlan]);
export type MemberPlan = z.infer<typeof ZMemberPlan>;

/** The site compiled: one plan per member device, or the reasons it cannot have one. */
export const ZSitePlan = z.strictObject({
  site: z.string(),
  kind: z.enum(["shared-vip", "anycast"]),
  members: z.array(
    z.strictObject({
      device: z.string(),
      role: z.enum(["vip-node", "anycast-server", "anycast-edge"]),
      plan: ZMemberPlan.nullable(),
      warnings: z.array(ZPlanWarning),
    }),
  ),
  /** The site as a whole in plain words: "3 nodes share 192.0.2.10; node 1 answers 22 of 64 buckets, …". */
  meaning: z.array(z.string()),
});
export type SitePlan = z.infer<typeof ZSitePlan>;
