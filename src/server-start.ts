import "server-only";
import { migrate } from "@/lib/db/migrate";
import { env } from "@/lib/env";
import { masterKey } from "@/lib/secrets/master-key";

export async function startServer(): Promise<void> {
  const { databaseUrl, WAYMARK_DEMO } = env();
  const result = await migrate(databaseUrl);
  if (result.applied.length) console.log(`waymark: applied migrations ${result.applied.join(", ")}`);
  masterKey(); // create the key file now, not on the first device save, so a permissions problem shows at start
  const { startPushSettler } = await import("@/lib/services/pushes/push-settler");
  startPushSettler();
  const { startDrillSettler } = await import("@/lib/services/drills/drill-settler");
  startDrillSettler();
  // Before the monitor, and whether or not this instance polls: with PostgreSQL its browsers see every instance's devices.
  await (await import("@/lib/live/pg-bridge")).startLiveBridge();
  if (env().WAYMARK_MONITOR) {
    const { startMonitor } = await import("@/lib/monitor/start-monitor");
    await startMonitor();
  }
  if (WAYMARK_DEMO) {
    const { startDemo } = await import("@/lib/services/demo/start-demo");
    await startDemo();
  }
}
