import type { VipNodePlan } from "@/lib/domain/site/member-plan";
import type { MemberRoleOps } from "../role-ops";

// CONTRACT PLACEHOLDER (lead, issue 12): replaced by the shared-VIP slice.
const notYet = (): never => {
  throw new Error("shared virtual IP nodes are not implemented yet");
};
export const vipNodeOps: MemberRoleOps<VipNodePlan> = { apply: notYet, remove: notYet, readCommand: notYet, parse: notYet };
