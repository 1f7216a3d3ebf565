import "server-only";
import type { DeviceDriver, LinuxTarget, MemberWatch, WatchCost } from "@/lib/devices/driver";
import type { MemberPlan } from "@/lib/domain/site/member-plan";
import type { MemberReading } from "@/lib/domain/site/member-reading";
import { asRoot } from "../privilege";
import { connectSsh, type SshSession } from "../ssh-client";
import { anycastEdgeOps, anycastServerOps } from "./anycast";
import type { MemberRoleOps } from "./role-ops";
import { vipNodeOps } from "./vip";

// A Linux host as a site member: the role's own push and removal (vip/, anycast/), and reads by one command over
// SSH. A watch keeps one connection and runs the role's read command once per poll, so a monitored member costs
// one SSH login, not one per poll (sshd's log is not flooded).

const CONNECT_TIMEOUT_MS = 10_000;
const READ_TIMEOUT_MS = 10_000;

function opsFor(plan: MemberPlan): MemberRoleOps<MemberPlan> {
  switch (plan.role) {
    case "vip-node":
      return vipNodeOps as MemberRoleOps<MemberPlan>;
    case "anycast-server":
      return anycastServerOps as MemberRoleOps<MemberPlan>;
    case "anycast-edge":
      return anycastEdgeOps as MemberRoleOps<MemberPlan>;
    default: {
      const unknownRole: never = plan;
      throw new Error(`no site role ${JSON.stringify(unknownRole)}`);
    }
  }
}

type LinuxMember = Pick<DeviceDriver, "applyMember" | "removeMember" | "readMember" | "watchMember">;

export function linuxSiteMember(target: LinuxTarget, classified: <T>(work: () => Promise<T>) => Promise<T>): LinuxMember {
  const connect = async (): Promise<SshSession> => {
    const ssh = await connectSsh({ ...target, timeoutMs: CONNECT_TIMEOUT_MS });
    return asRoot(ssh).catch((error: unknown) => {
      ssh.close();
      throw error;
    });
  };
  const readOnce = async (session: SshSession, plan: MemberPlan, appliedHash: string | null): Promise<MemberReading> => {
    const ops = opsFor(plan);
    const result = await session.exec(ops.readCommand(plan), { timeoutMs: READ_TIMEOUT_MS });
    return ops.parse(plan, result.stdout, appliedHash, Date.now());
  };
  return {
    applyMember: (plan, options) => opsFor(plan).apply(target, plan, options),
    removeMember: (plan, options) => opsFor(plan).remove(target, plan, options),
    readMember: (plan, appliedHash) =>
      classified(async () => {
        const session = await connect();
        try {
          return await readOnce(session, plan, appliedHash);
        } finally {
          session.close();
        }
      }),
    watchMember: (plan, appliedHash) => keptWatch(connect, (session) => readOnce(session, plan, appliedHash), classified),
  };
}

function keptWatch(
  connect: () => Promise<SshSession>,
  read: (session: SshSession) => Promise<MemberReading>,
  classified: <T>(work: () => Promise<T>) => Promise<T>,
): MemberWatch {
  let session: SshSession | null = null;
  const cost: WatchCost = { logins: 0, commands: 0, bytesFromDevice: 0, bytesToDevice: 0 };
  return {
    poll: () =>
      classified(async () => {
        if (session === null) {
          session = await connect();
          cost.logins += 1;
        }
        cost.commands += 1;
        try {
          return await read(session);
        } catch (error) {
          // A lost connection is reopened by the next poll.
          session.close();
          session = null;
          throw error;
        }
      }),
    cost: () => ({ ...cost }),
    close: async () => {
      session?.close();
      session = null;
    },
  };
}
