import "server-only";
import { requireRole, type ServiceContext } from "../context";
import { getPush } from "./list-pushes";
import type { PushView } from "./internal";

const POLL_MS = 200;

// Automation can wait for a push instead of polling blindly: the push as soon as it has ended, or as it stands when
// `waitSec` runs out. Read from the database, so it works whichever dashboard process runs the push.
export async function waitForPush(ctx: ServiceContext, pushId: string, waitSec: number): Promise<PushView> {
  requireRole(ctx, "viewer");
  const deadline = Date.now() + waitSec * 1000;
  for (;;) {
    const push = await getPush(ctx, pushId);
    if (push.status !== "running" || Date.now() >= deadline) return push;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
  }
}
