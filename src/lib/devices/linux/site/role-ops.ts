import type { MemberPushOptions, LinuxTarget } from "@/lib/devices/driver";
import type { MemberPlan } from "@/lib/domain/site/member-plan";
import type { MemberReading } from "@/lib/domain/site/member-reading";
import type { PushOutcome } from "../../push-types";

/** What each site role (vip/, anycast/) gives the Linux adapter: its push, its removal and its one-command read. */
export type MemberRoleOps<P extends MemberPlan> = {
  apply: (target: LinuxTarget, plan: P, options: MemberPushOptions) => Promise<PushOutcome>;
  remove: (target: LinuxTarget, plan: P, options: MemberPushOptions) => Promise<PushOutcome>;
  /** The argv (run as root, e.g. ["sh", "-c", script]) whose standard output `parse` reads; one exec per poll. */
  readCommand: (plan: P) => readonly string[];
  /** Pure: the read command's output as a reading (paste a real sample above each parser). */
  parse: (plan: P, stdout: string, appliedHash: string | null, readAtMs: number) => MemberReading;
};
