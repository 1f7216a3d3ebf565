import { afterEach, describe, expect, it } from "vitest";

import { addItem } from "../push/commands";
import { pushRouterOsPlan } from "../push/push-plan";
import { startRouterOsSimulator, type RouterOsSimulator } from "@/simulator/routeros";

import type { OpenSession } from "../push/push-plan";
import { examplePlan, sessionsTo, SIMULATOR_DEFAULTS } from "@tests/support/routeros/push";
import { anyOf } from "../push/commands";
import { readRouterState } from "./read-state";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** The example's router: LAN 192.168.10.0/24 on lan0, isp-a on wan1 (gateway .1), isp-b on wan2; plan pushed. */
async function pushedRouter(version: string, major: "6" | "7") {
  const sim: RouterOsSimulator = await startRouterOsSimulator({ ...SIMULATOR_DEFAULTS, version, clock: "manual" });
  const sessions = sessionsTo(sim.port);
  cleanups.push(async () => {
    await sessions.closeAll();
    await sim.close();
  });
  const router: { sim: RouterOsSimulator; open: OpenSession } = { sim, open: sessions.open };
  const client = await router.open();
  await addItem(client, "/ip/address", { address: "192.168.10.1/24", interface: "lan0" });
  await addItem(client, "/ip/address", { address: "198.51.100.2/24", interface: "wan1" });
  await addItem(client, "/ip/address", { address: "203.0.113.2/24", interface: "wan2" });
  const plan = examplePlan(major);
  expect(await pushRouterOsPlan(router.open, plan, { pushId: "push-1", confirmWindowSec: 60, onProgress: () => {} })).toMatchObject({ outcome: "confirmed" });
  return { router, client, plan };
}

describe("RouterOS read-back against the simulator", () => {
  it("builds an OR query on one property", () => {
    expect(anyOf("comment", ["a"])).toEqual(["?comment=a"]);
    expect(anyOf("comment", ["a", "b", "c"])).toEqual(["?comment=a", "?comment=b", "?comment=c", "?#|", "?#|"]);
  });

  it.each([
    ["7.16.2", "7"],
    ["6.49.10", "6"],
  ] as const)("reads counters, routes, netwatch, interfaces and connections equal to the %s simulator's own", async (version, major) => {
    const { router, client, plan } = await pushedRouter(version, major);
    for (let i = 0; i < 24; i++) {
      router.sim.network.openConnection({ src: `192.168.10.${20 + i}`, dst: `198.18.0.${1 + i}`, protocol: "tcp", dstPort: 443, bytes: 100 + i });
    }
    const state = await readRouterState(client, plan, () => 1_700_000_000_000);
    expect(state).toMatchObject({ readAtMs: 1_700_000_000_000, identity: "edge-1", version: `${version} (stable)`, drift: [] });

    const mangle = router.sim.device.config.table("ip/firewall/mangle").items;
    const own = (comment: string) => mangle.find((i) => i.props.comment === comment)!;
    const pccRules = state.rules.filter((r) => r.comment.startsWith("waymark:pcc:"));
    expect(pccRules).toHaveLength(4);
    for (const rule of state.rules.filter((r) => r.menu === "/ip/firewall/mangle")) {
      expect({ bytes: rule.bytes, packets: rule.packets }, rule.comment).toEqual(own(rule.comment).counters);
    }
    expect(pccRules.reduce((sum, r) => sum + r.packets, 0n)).toBe(24n);
    expect(state.rules.find((r) => r.comment === "waymark:nat:isp-a")).toMatchObject({
      menu: "/ip/firewall/nat",
      chain: "srcnat",
      action: "masquerade",
      disabled: false,
    });

    const conntrack = router.sim.device.config.table("ip/firewall/connection").items;
    expect(state.connections).toEqual(
      ["to-isp-a", "to-isp-b"].map((mark) => ({ mark, count: conntrack.filter((c) => c.props["connection-mark"] === mark).length })),
    );
    expect(state.connections.reduce((sum, c) => sum + c.count, 0)).toBe(24);

    expect(state.routes.find((r) => r.comment === "waymark:route:isp-a:via:isp-b")).toEqual({
      comment: "waymark:route:isp-a:via:isp-b",
      gateway: "203.0.113.1",
      table: "to-isp-a",
      distance: 2,
      active: expect.any(Boolean),
      disabled: false,
    });
    expect(state.netwatch.map((n) => [n.comment, n.host])).toEqual([
      ["waymark:netwatch:isp-a", "192.0.2.10"],
      ["waymark:netwatch:isp-b", "192.0.2.11"],
    ]);

    const lan = router.sim.device.config.table("interface").items.find((i) => i.props.name === "lan0")!;
    const lanState = state.interfaces.find((i) => i.name === "lan0")!;
    expect(lanState.rxByte).toBe(BigInt(lan.runtime["rx-byte"] ?? "0"));
    expect(lanState.rxByte).toBeGreaterThan(0n);
    expect(state.interfaces.map((i) => i.name).sort()).toEqual(["lan0", "wan1", "wan2"]);
  });

  it("reports drift: a changed rule, a missing route, a second copy and a reordered rule", async () => {
    const { router, client, plan } = await pushedRouter("7.16.2", "7");
    const mangle = router.sim.device.config.table("ip/firewall/mangle");
    const pcc0 = mangle.items.find((i) => i.props.comment === "waymark:pcc:isp-a:0")!;
    mangle.set(pcc0.id, { "per-connection-classifier": "both-addresses-and-ports:4/3" });
    const lanAccept = mangle.items.find((i) => i.props.comment === "waymark:lan-accept")!;
    mangle.move([lanAccept.id], undefined);
    const routes = router.sim.device.config.table("ip/route");
    routes.remove(routes.items.find((i) => i.props.comment === "waymark:route:isp-b:via:isp-a")!.id);
    const nat = router.sim.device.config.table("ip/firewall/nat");
    nat.add({ ...nat.items.find((i) => i.props.comment === "waymark:nat:isp-b")!.props });
    // netwatch switching a route off is not drift.
    routes.set(routes.items.find((i) => i.props.comment === "waymark:route:isp-a:via:isp-a")!.id, { disabled: "true" });

    const { drift } = await readRouterState(client, plan);
    expect(drift).toEqual([
      { menu: "/ip/route", comment: "waymark:route:isp-b:via:isp-a", change: "missing", detail: "not on the router" },
      { menu: "/ip/firewall/mangle", comment: "waymark:lan-accept", change: "moved", detail: "out of plan order" },
      {
        menu: "/ip/firewall/mangle",
        comment: "waymark:pcc:isp-a:0",
        change: "changed",
        detail: "per-connection-classifier: both-addresses-and-ports:4/3 → both-addresses-and-ports:4/0",
      },
      { menu: "/ip/firewall/nat", comment: "waymark:nat:isp-b", change: "extra", detail: "a second copy of a plan object" },
    ]);
  });
});
