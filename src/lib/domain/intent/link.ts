import { z } from "zod";
import { ZInterfaceName, ZIPv4, ZLinkName } from "../network";
import { ZProbe } from "./probe";

// What happens to connections already pinned to a link when traffic moves. "flush" removes their conntrack
// entries so clients reconnect at once through a live link; "keep" leaves them (they may hang until timeout on
// failover, and stay on the backup link after failback — which metered backups want to avoid).
export const ZConnectionHandling = z.enum(["flush", "keep"]);

export const ZLink = z.strictObject({
  name: ZLinkName,
  interface: ZInterfaceName,
  gateway: ZIPv4,
  /** Share of traffic among live links of the same tier. */
  weight: z.number().int().min(1).max(100).default(1),
  /** The lowest tier with a live link carries traffic; higher tiers stand by. */
  tier: z.number().int().min(1).max(5).default(1),
  probe: ZProbe,
  onFailover: ZConnectionHandling.default("flush"),
  onFailback: ZConnectionHandling.default("keep"),
});

export type Link = z.infer<typeof ZLink>;
