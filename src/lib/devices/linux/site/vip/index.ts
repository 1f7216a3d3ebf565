import type { VipNodePlan } from "@/lib/domain/site/member-plan";
import type { MemberRoleOps } from "../role-ops";
import { applyVipNode, removeVipNode } from "./apply";
import { parseVipReading } from "./parse";
import { readScript } from "./scripts";

// A shared-VIP node (domain/site/vip): its push and removal (apply.ts), and its one-command read (scripts.ts
// readScript, parsed by parse.ts).
export const vipNodeOps: MemberRoleOps<VipNodePlan> = {
  apply: applyVipNode,
  remove: removeVipNode,
  readCommand: (plan) => ["sh", "-c", readScript(plan)],
  parse: parseVipReading,
};
