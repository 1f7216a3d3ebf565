// Read-back latency: routerOsRouter(target).readState(plan), the poll behind the device page (a new API session,
// identity and resource, the plan's objects by comment with .proplist, the plan's interfaces and one
// monitor-traffic sample, a count-only print of the connection table per link mark, and the drift diff).
// The router is booted from the real 7.10 export (235 filter rules, address lists, scripts: big foreign tables
// that the poll must not transfer), given the dual-WAN example's addresses, and the plan is pushed through the
// dashboard's pusher. Then LAN clients open 0, 1,000 and 10,000 connections through it (manual clock: they stay
// open and nothing else runs between reads) and the state is read back READS times at each size, one at a time.
// Usage: npx tsx --conditions=react-server bench/routeros-readback.ts [reads=50]
import { readFileSync } from "node:fs";

import { compileRouterOs } from "@/lib/domain/compile/routeros";
import { ZIntent } from "@/lib/domain/intent";
import { DUAL_WAN_EXAMPLE } from "@/lib/domain/intent/examples";
import { connect, type RouterOsClient } from "@/lib/devices/routeros/api-client";
import { routerOsRouter } from "@/lib/devices/routeros/router";
import { startRouterOsSimulator } from "@/simulator/routeros";

const READS = Number(process.argv[2] ?? 50);
const SIZES = [0, 1_000, 10_000];
const WARM_UP_READS = 5;
const USER = { name: "admin", password: "bench-pw" };
const INTERFACES = ["ether1", "ether2", "ether3", "ether4", "ether5", "wan1", "wan2", "lan0"];

// The example's networks (the 7.10 export has none of them): LAN 192.168.10.0/24, ISP A and ISP B.
const ADDRESSES = [
  "/ip address add address=192.168.10.1/24 interface=lan0",
  "/ip address add address=198.51.100.2/24 interface=wan1",
  "/ip address add address=203.0.113.2/24 interface=wan2",
].join("\n");

/** The count-only prints of the connection table, one per link mark, as readState sends them: the part that grows. */
const countConnections = (client: RouterOsClient, marks: readonly string[]) =>
  Promise.all(marks.map((mark) => client.command(["/ip/firewall/connection/print", "=count-only=", `?connection-mark=${mark}`])));

const timed = async (work: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const span = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (n=${xs.length})`;

/** The i-th LAN client (192.168.10.10-249) to the i-th internet host in 198.18.0.0/15 (the benchmarking range). */
const lanConnection = (i: number) => ({
  src: `192.168.10.${10 + (i % 240)}`,
  dst: `198.18.${Math.floor(i / 240) % 256}.${1 + (i % 250)}`,
  protocol: "tcp" as const,
  srcPort: 20_000 + Math.floor(i / 240),
  dstPort: 443,
});

const bootExport = `${readFileSync("src/simulator/routeros/export/fixtures/export-7.10.rsc", "utf8")}\n${ADDRESSES}\n`;
const sim = await startRouterOsSimulator({
  host: "127.0.0.1",
  version: "7.10",
  identity: "bench",
  boardName: "CCR2004-1G-12S+2XS",
  users: [USER],
  interfaces: INTERFACES,
  bootExport,
  clock: "manual",
});
try {
  const plan = compileRouterOs(ZIntent.parse(DUAL_WAN_EXAMPLE), { version: "7" });
  const router = routerOsRouter({ kind: "routeros", host: "127.0.0.1", port: sim.port, transport: "plain", username: USER.name, password: USER.password });
  const pushed = await router.push(plan, { pushId: "bench-readback", confirmWindowSec: 60, onProgress: () => {} });
  if (pushed.outcome !== "confirmed") throw new Error(`push: ${JSON.stringify(pushed)}`);
  const foreign = ["ip/firewall/filter", "ip/firewall/mangle", "ip/firewall/nat", "ip/firewall/address-list", "ip/route"]
    .map((menu) => `${menu} ${sim.device.config.table(menu).items.length}`)
    .join(", ");
  console.log(`router: 7.10 export + plan (${plan.objects.length} objects); items now: ${foreign}`);

  const counter = await connect({
    host: "127.0.0.1",
    port: sim.port,
    transport: "plain",
    username: USER.name,
    password: USER.password,
    connectTimeoutMs: 5_000,
    commandTimeoutMs: 30_000,
  });
  let opened = 0;
  for (const size of SIZES) {
    const openStart = performance.now();
    const before = opened;
    let delivered = 0;
    for (; opened < size; opened++) if (sim.network.openConnection(lanConnection(opened)).delivered) delivered += 1;
    const openMs = performance.now() - openStart;
    if (delivered !== opened - before) throw new Error(`${opened - before - delivered} connections were not delivered`);
    // Each read-back is followed by the count-only prints alone on a session kept open, so both see the same load.
    const times: number[] = [];
    const counts: number[] = [];
    let state = await router.readState(plan);
    for (let i = 0; i < WARM_UP_READS + READS; i++) {
      const readMs = await timed(async () => (state = await router.readState(plan)));
      const countMs = await timed(() =>
        countConnections(
          counter,
          state.connections.map((c) => c.mark),
        ),
      );
      if (i < WARM_UP_READS) continue;
      times.push(readMs);
      counts.push(countMs);
    }
    const marked = state.connections.reduce((sum, c) => sum + c.count, 0);
    if (state.drift.length > 0) throw new Error(`drift after the push: ${JSON.stringify(state.drift)}`);
    console.log(`${String(size).padStart(6)} connections (${delivered} more opened in ${openMs.toFixed(0)} ms; read back ${marked} marked)`);
    console.log(`         readState          ${span(times)}`);
    console.log(`         count-only alone   ${span(counts)} (the ${state.connections.length} per-mark prints, in parallel on one session)`);
  }
  await counter.close();
} finally {
  await sim.close();
}
