import { afterEach, describe, expect, it } from "vitest";

import { startRouterOsSimulator, type RouterOsSimulator } from "@/simulator/routeros";

import { addItem } from "./push/commands";
import { examplePlan, sessionsTo, SIMULATOR_DEFAULTS, USER } from "@tests/support/routeros/push";
import { routerOsRouter } from "./router";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function simulator(version = "7.16.2"): Promise<{ sim: RouterOsSimulator; admin: ReturnType<typeof sessionsTo> }> {
  const sim = await startRouterOsSimulator({ ...SIMULATOR_DEFAULTS, version, clock: "manual" });
  const admin = sessionsTo(sim.port);
  cleanups.push(async () => {
    await admin.closeAll();
    await sim.close();
  });
  return { sim, admin };
}

const target = (port: number) => ({
  kind: "routeros" as const,
  host: "127.0.0.1",
  port,
  transport: "plain" as const,
  username: USER.name,
  password: USER.password,
});

describe("routerOsRouter against the simulator", () => {
  it("inspects, pushes, reads back, and warns about fasttrack that bypasses PCC", async () => {
    const { sim, admin } = await simulator("7.24");
    const client = await admin.open();
    await addItem(client, "/ip/firewall/filter", {
      chain: "forward",
      action: "fasttrack-connection",
      "connection-state": "established,related",
      comment: "defconf: fasttrack",
    });
    const router = routerOsRouter(target(sim.port));

    const inspection = await router.inspect();
    expect(inspection).toMatchObject({ identity: "edge-1", model: "RB5009UPr+S+", version: "7.24 (stable)", major: 7, safeMode: true, armedJobs: [] });
    expect(inspection.warnings).toEqual([
      'filter rule "defconf: fasttrack" fasttracks connections without connection-mark=no-mark: fasttracked connections bypass mangle, so PCC never balances them',
    ]);

    const plan = examplePlan("7");
    const steps: string[] = [];
    const outcome = await router.push(plan, { pushId: "facade-1", confirmWindowSec: 60, onProgress: (e) => e.status === "ok" && steps.push(e.step) });
    expect(outcome).toMatchObject({ outcome: "confirmed" });
    expect([...new Set(steps)]).toEqual(["connect", "inspect", "snapshot", "arm", "apply", "gate", "confirm"]);

    const state = await router.readState(plan);
    expect(state.drift).toEqual([]);
    expect(state.rules.filter((r) => r.menu === "/ip/firewall/mangle")).toHaveLength(plan.objects.filter((o) => o.menu === "/ip/firewall/mangle").length);
  });

  it("removes the plan's one-off connections after the confirm", async () => {
    const { sim, admin } = await simulator();
    const client = await admin.open();
    await addItem(client, "/ip/address", { address: "192.168.10.1/24", interface: "lan0" });
    await addItem(client, "/ip/address", { address: "198.51.100.2/24", interface: "wan1" });
    await addItem(client, "/ip/address", { address: "203.0.113.2/24", interface: "wan2" });
    const router = routerOsRouter(target(sim.port));
    const plan = examplePlan("7");
    await router.push(plan, { pushId: "push-1", confirmWindowSec: 60, onProgress: () => {} });
    for (let i = 0; i < 12; i++) sim.network.openConnection({ src: `192.168.10.${20 + i}`, dst: `198.18.0.${1 + i}`, protocol: "tcp", dstPort: 443 });
    const marked = (mark: string) => sim.device.config.table("ip/firewall/connection").items.filter((c) => c.props["connection-mark"] === mark).length;
    const before = { a: marked("to-isp-a"), b: marked("to-isp-b") };
    expect(before.a).toBeGreaterThan(0);

    const evenly = examplePlan("7", (input) => {
      input.links[0]!.weight = 1;
      input.links[1]!.weight = 1;
    });
    const details: string[] = [];
    const outcome = await router.push(
      { ...evenly, removeConnections: [{ reason: "isp-a is drained", where: { "connection-mark": "to-isp-a" } }] },
      {
        pushId: "push-2",
        confirmWindowSec: 60,
        onProgress: (e) => e.step === "confirm" && e.detail !== undefined && details.push(e.detail),
      },
    );
    expect(outcome).toMatchObject({ outcome: "confirmed" });
    expect({ a: marked("to-isp-a"), b: marked("to-isp-b") }).toEqual({ a: 0, b: before.b });
    expect(details).toContain(`isp-a is drained: removed ${before.a} connection(s)`);
  });
});
