import "server-only";

// Started once by src/server-start.ts: the pollers (one per device this instance leases), the history's
// compaction and retention, the alert engine and its deliveries. The poller slice fills this in.
export async function startMonitor(): Promise<void> {
  const { startHistory } = await import("./history/start-history");
  startHistory();
}
