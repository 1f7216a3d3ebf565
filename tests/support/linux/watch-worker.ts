// A dashboard process that only watches one Linux gateway: the watch lab test starts it, waits for its first
// reading and kills it with SIGKILL, to prove the gateway's watch loop does not outlive the dashboard.
// Usage: WAYMARK_WATCH_TARGET='<LinuxTarget JSON>' WAYMARK_WATCH_LINKS='<StateLink[] JSON>' \
//   npx tsx --conditions=react-server tests/support/linux/watch-worker.ts <intervalMs>
import { linuxGateway } from "@/lib/devices/linux/gateway";
import type { LinuxTarget } from "@/lib/devices/driver";
import type { StateLink } from "@/lib/devices/linux/read-state";

const target = JSON.parse(process.env.WAYMARK_WATCH_TARGET ?? "null") as LinuxTarget;
const links = JSON.parse(process.env.WAYMARK_WATCH_LINKS ?? "[]") as StateLink[];
const watch = linuxGateway(target).watch(links, Number(process.argv[2] ?? 1000));
for (;;) {
  const state = await watch.poll();
  console.log(JSON.stringify({ readAtMs: state.readAtMs }));
}
