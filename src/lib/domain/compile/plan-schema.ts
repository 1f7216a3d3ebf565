import { z } from "zod";
import { sameType } from "../same-type";
import type { LinuxPlan } from "./linux";
import { ZLinuxPlan } from "./linux/plan-schema";
import type { RouterOsPlan } from "./routeros";
import { ZRouterOsPlan } from "./routeros/plan-schema";

/** Any device's plan as stored with its push: told apart by `target` (routeros, linux-nftables, linux-iptables). */
export const ZDevicePlan = z.discriminatedUnion("target", [ZRouterOsPlan, ZLinuxPlan]);

sameType<z.infer<typeof ZDevicePlan>, LinuxPlan | RouterOsPlan>(
  (p) => p,
  (p) => p,
  true,
);

export { ZLinuxPlan, ZRouterOsPlan };
