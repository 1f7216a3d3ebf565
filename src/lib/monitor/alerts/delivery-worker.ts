import "server-only";
import type { Db } from "@/lib/db/client";
import { deliverDueAlerts } from "@/lib/services/alerts";

// Every second: the alert deliveries that are due (services/alerts/deliver-alerts.ts claims each one, so every
// instance can run this worker and each message still goes once). One pass at a time.

const TICK_MS = 1_000;

export function startDeliveryWorker(db: Db, instanceId: string): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    deliverDueAlerts(db, instanceId)
      .catch((error) => console.error("waymark: alert delivery failed", (error as Error).message))
      .finally(() => {
        running = false;
      });
  }, TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
