// What the monitor's kept-open watch costs a router, as the router counts it (sim.apiCost(): sentences and bytes at
// its socket): the demo's edge router (RouterOS 7.16 export, live LAN and inbound traffic) with the demo's policy
// pushed, then one full read-back (a new session, as the device page's read does) and POLLS watch polls, 100 ms apart.
// Usage: npx tsx --conditions=react-server bench/routeros-watch-cost.ts [polls=60]
import { setTimeout as sleep } from "node:timers/promises";

import { compileRouterOs } from "@/lib/domain/compile/routeros";
import { ZIntent } from "@/lib/domain/intent";
import type { RouterOsTarget } from "@/lib/devices/driver";
import { createRouterOsDriver } from "@/lib/devices/routeros/adapter";
import { routerOsRouter } from "@/lib/devices/routeros/router";
import { watchRouter } from "@/lib/devices/routeros/watch";
import { DEMO_ROUTERS } from "@/lib/services/demo/start-demo";
import type { ApiCost } from "@/simulator/routeros";
import { DEMO_SITES, startDemoRouter } from "@/simulator/routeros/demo";

const POLLS = Number(process.argv[2] ?? 60);
const USER = { name: "admin", password: "bench-pw" };
const spec = DEMO_ROUTERS.find((r) => r.site === DEMO_SITES.edge)!;
const demo = await startDemoRouter(DEMO_SITES.edge, { port: 0, users: [USER] });
const { sim } = demo;

const since = (before: ApiCost) => {
  const now = sim.apiCost();
  return {
    logins: now.logins - before.logins,
    toRouter: `${now.sentencesReceived - before.sentencesReceived} sentences, ${now.bytesReceived - before.bytesReceived} B`,
    fromRouter: `${now.sentencesSent - before.sentencesSent} sentences, ${now.bytesSent - before.bytesSent} B`,
  };
};

try {
  const target: RouterOsTarget = { kind: "routeros", host: "127.0.0.1", port: sim.port, transport: "plain", username: USER.name, password: USER.password };
  const plan = compileRouterOs(ZIntent.parse(spec.intent), { version: "7" });
  const pushed = await routerOsRouter(target).push(plan, { pushId: "bench-watch", confirmWindowSec: 60, onProgress: () => {} });
  if (pushed.outcome !== "confirmed") throw new Error(`push: ${JSON.stringify(pushed)}`);
  console.log(
    `demo edge router, plan of ${plan.objects.length} objects; mangle ${sim.device.config.table("ip/firewall/mangle").items.length} rules, nat ${sim.device.config.table("ip/firewall/nat").items.length}`,
  );

  let before = sim.apiCost();
  await createRouterOsDriver(target).read(plan, null);
  console.log("full read (new session, login included):", since(before));

  const watch = watchRouter(target, plan, { intervalMs: 2_000 });
  sim.resetApiCost();
  before = sim.apiCost();
  await watch.poll();
  console.log("watch, first poll (login + configuration):", since(before));
  before = sim.apiCost();
  for (let i = 0; i < POLLS; i++) {
    await sleep(100);
    await watch.poll();
  }
  const after = sim.apiCost();
  const per = (a: number, b: number) => ((a - b) / POLLS).toFixed(1);
  console.log(
    `watch, per trimmed poll (mean of ${POLLS}): to router ${per(after.sentencesReceived, before.sentencesReceived)} sentences, ${per(after.bytesReceived, before.bytesReceived)} B; ` +
      `from router ${per(after.sentencesSent, before.sentencesSent)} sentences, ${per(after.bytesSent, before.bytesSent)} B; logins ${after.logins - before.logins}; peak in flight ${after.peakInFlight}`,
  );
  await watch.close();
} finally {
  await demo.stop();
}
