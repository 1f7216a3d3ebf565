import "server-only";

// How a push the dashboard lost ended, asked of the gateway in one round trip (push/settle-script.ts) and judged
// here. The gateway's own record of the push comes first: its switch still armed or rolling back (ask again
// later), then the ending the confirm or the rollback wrote down. A push that stopped before arming changed
// nothing and is let go. Only without any of those does what the gateway runs decide: the plan's hash applied and
// Waymark's table there (confirmed), or not (it never got there, or a restart re-applied the confirmed policy).
// A removal (plan null) leaves no record once confirmed, since /run/waymark goes too: for it, nothing of Waymark's
// left on the gateway is the confirmation.

import type { LinuxPlan } from "@/lib/domain/compile/linux";

import type { LinuxTarget, SettledPush } from "../../driver";
import { planHashOf } from "./plan-hash";
import { rootSession } from "../push/script-kit";
import { parseSettle, settleScript, type GatewaySettle } from "../push/settle-script";
import { connectSsh } from "../ssh-client";

export async function settleOnGateway(target: LinuxTarget, plan: LinuxPlan | null, pushId: string): Promise<SettledPush> {
  const ssh = await connectSsh({
    host: target.host,
    port: target.port,
    username: target.username,
    auth: target.auth,
    pinnedHostKey: target.pinnedHostKey,
    timeoutMs: 10_000,
  });
  try {
    const result = await rootSession(ssh).exec(["sh", "-c", settleScript(pushId)], { timeoutMs: 15_000 });
    if (result.code !== 0)
      throw new Error(`the gateway could not say how the push ended (exit ${result.code ?? result.signal}): ${result.stderr.trim().slice(-300)}`);
    return judgeSettle(parseSettle(result.stdout), plan);
  } finally {
    ssh.close();
  }
}

const STOPPED = "the dashboard stopped";

/** Pure: the verdict on what the gateway said. */
export function judgeSettle(said: GatewaySettle, plan: LinuxPlan | null): SettledPush {
  if (said.switch === "armed") return { outcome: "pending", detail: "the gateway's rollback switch is still armed" };
  if (said.switch === "fired") return { outcome: "pending", detail: "the gateway's rollback switch fired and its rollback is running" };
  const what = plan === null ? "the removal" : "the push";
  if (said.outcome === "rolled-back") {
    return { outcome: "rolled_back", detail: `rolled back on the gateway after ${STOPPED}: its rollback restored the state before ${what}` };
  }
  if (said.outcome === "confirmed" && plan !== null)
    return { outcome: "confirmed", appliedHash: said.tableHash ?? "", detail: "the gateway confirmed the push and runs it" };
  if (said.abandoned)
    return {
      outcome: "rolled_back",
      detail: `${STOPPED} before the gateway's rollback switch was armed: nothing on the gateway changed (its push lock and files were let go)`,
    };
  if (plan === null) {
    return said.present.length === 0
      ? { outcome: "confirmed", appliedHash: "", detail: "nothing of Waymark's is left on the gateway: the removal was confirmed" }
      : {
          outcome: "rolled_back",
          detail: `Waymark's policy is still on the gateway (${said.present.join(", ")}): the removal never reached it, or was rolled back`,
        };
  }
  if (said.appliedPlanHash === planHashOf(plan) && (said.tableHash !== null || plan.target === "linux-iptables")) {
    return { outcome: "confirmed", appliedHash: said.tableHash ?? "", detail: "the gateway runs the pushed plan" };
  }
  return {
    outcome: "rolled_back",
    detail: `${STOPPED} before the change reached the gateway, or the gateway restarted and re-applied its last confirmed policy: it does not run the pushed plan`,
  };
}
