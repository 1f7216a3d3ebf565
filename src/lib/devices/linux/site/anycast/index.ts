import type { AnycastEdgePlan, AnycastServerPlan } from "@/lib/domain/site/member-plan";
import type { MemberRoleOps } from "../role-ops";
import { pushAnycastMember } from "./push";
import { parseEdgeReading, parseServerReading, readCommand } from "./read";

// Anycast members on Linux (BIRD 2): a server announces the service address while its health daemon's check
// passes; the edge merges the servers' routes into one ECMP route. Push and removal: push.ts; reads: read.ts.

export const anycastServerOps: MemberRoleOps<AnycastServerPlan> = {
  apply: (target, plan, options) => pushAnycastMember(target, plan, options, "apply"),
  remove: (target, plan, options) => pushAnycastMember(target, plan, options, "remove"),
  readCommand,
  parse: parseServerReading,
};

export const anycastEdgeOps: MemberRoleOps<AnycastEdgePlan> = {
  apply: (target, plan, options) => pushAnycastMember(target, plan, options, "apply"),
  remove: (target, plan, options) => pushAnycastMember(target, plan, options, "remove"),
  readCommand,
  parse: parseEdgeReading,
};
