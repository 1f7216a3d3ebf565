import type { AnycastEdgePlan, AnycastServerPlan } from "@/lib/domain/site/member-plan";
import type { MemberRoleOps } from "../role-ops";

// CONTRACT PLACEHOLDER (lead, issue 12): replaced by the anycast slice.
const notYet = (): never => {
  throw new Error("anycast members are not implemented yet");
};
export const anycastServerOps: MemberRoleOps<AnycastServerPlan> = { apply: notYet, remove: notYet, readCommand: notYet, parse: notYet };
export const anycastEdgeOps: MemberRoleOps<AnycastEdgePlan> = { apply: notYet, remove: notYet, readCommand: notYet, parse: notYet };
