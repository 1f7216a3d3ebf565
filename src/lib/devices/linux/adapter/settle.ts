import "server-only";

// How a push the dashboard lost ended, asked of the gateway. Its dead-man switch still armed (DIR/armed exists):
// neither confirmed nor rolled back yet. Otherwise the confirm and the switch raced for one `rm` of that file:
// the gateway records the confirmed plan's hash in /etc/waymark/applied.sha256, so that hash says which one won.

import type { LinuxPlan } from "@/lib/domain/compile/linux";

import type { LinuxTarget, SettledPush } from "../../driver";
import { planHashOf } from "./plan-hash";
import { asRoot } from "../privilege";
import { inspectGateway } from "../push/inspect";
import { pushDir } from "../push/remote-scripts";
import { connectSsh } from "../ssh-client";

export async function settleOnGateway(target: LinuxTarget, plan: LinuxPlan, pushId: string): Promise<SettledPush> {
  const ssh = await connectSsh({ host: target.host, port: target.port, username: target.username, auth: target.auth, pinnedHostKey: target.pinnedHostKey, timeoutMs: 10_000 });
  try {
    const session = await asRoot(ssh);
    const armed = await session.exec(["test", "-e", `${pushDir(pushId)}/armed`], { timeoutMs: 5_000 });
    if (armed.code === 0) return { outcome: "pending", detail: "the gateway's rollback switch is still armed" };
    const inspection = await inspectGateway(session);
    if (inspection.appliedPlanHash === planHashOf(plan) && inspection.tableHash !== null) {
      return { outcome: "confirmed", appliedHash: inspection.tableHash, detail: "the gateway runs the pushed plan" };
    }
    return { outcome: "rolled_back", detail: "rolled back by the gateway after the dashboard stopped: its rollback switch restored the state before the push" };
  } finally {
    ssh.close();
  }
}
