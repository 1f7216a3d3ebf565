import "server-only";
import { db } from "@/lib/db/client";

// A push runs inside the dashboard process; if that process stopped mid-push, the record still says "running"
// and would block the device forever. The gateway's own dead-man switch has long since restored it.
export async function failInterruptedPushes(): Promise<number> {
  const { count } = await db().push.updateMany({
    where: { status: "running" },
    data: { status: "failed", error: "Waymark restarted during the push; the gateway rolled back by itself unless it had been confirmed", finishedAt: new Date() },
  });
  return count;
}
