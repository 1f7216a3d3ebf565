import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { compileRouterOs } from "@/lib/domain/compile/routeros";
import { isWaymarkComment } from "@/lib/domain/diff/routeros";
import { ZIntent } from "@/lib/domain/intent";
import { DUAL_WAN_EXAMPLE, SERVER_POOL_EXAMPLE } from "@/lib/domain/intent/examples";
import { safeModeHolder, type RouterOsSimulator, type RouterOsSimulatorOptions } from "@/simulator/routeros";
import { useSimulatorAndClient } from "@tests/support/simulator/harness";

import { menusToRead } from "./inspect";
import { pushRouterOsPlan, type OpenSession, type RouterOsPushOptions } from "./push-plan";
import { configView, examplePlan, progressLog, SIMULATOR_DEFAULTS } from "@tests/support/routeros/push";

// Our client logs in with tests/support/routeros/push's USER, the first of SIMULATOR_DEFAULTS.users.
const { simulator, open: login } = useSimulatorAndClient({ router: SIMULATOR_DEFAULTS, client: { connectTimeoutMs: 3_000 } });

const router = async (overrides: Partial<RouterOsSimulatorOptions> = {}): Promise<{ sim: RouterOsSimulator; open: OpenSession }> => {
  const sim = await simulator(overrides);
  return { sim, open: () => login(sim.port) };
};

const options = (pushId: string): RouterOsPushOptions & { events: ReturnType<typeof progressLog>["events"] } => {
  const log = progressLog();
  return { pushId, confirmWindowSec: 60, onProgress: log.onProgress, events: log.events };
};

const items = (sim: RouterOsSimulator, menu: string) => (sim.device.config.hasTable(menu) ? sim.device.config.table(menu).items.filter((i) => !i.dynamic) : []);
const comments = (sim: RouterOsSimulator, menu: string) => items(sim, menu).map((i) => i.props.comment ?? "");
const leftovers = (sim: RouterOsSimulator) => [...items(sim, "system/script"), ...items(sim, "system/scheduler")].map((i) => i.props.name);
const fixture = (name: string) => readFileSync(path.resolve("src/simulator/routeros/export/fixtures", name), "utf8");

describe("RouterOS push against the simulator", () => {
  it.each([
    ["6.49.10", "6"],
    ["7.16.2", "7"],
    ["7.24", "7"],
  ] as const)("pushes onto an empty %s router, leaves no rollback behind, and is unchanged the second time", async (version, major) => {
    const { sim, open } = await router({ version });
    const plan = examplePlan(major);
    const first = options("push-1");
    expect(await pushRouterOsPlan(open, plan, first)).toMatchObject({ outcome: "confirmed" });
    for (const menu of new Set(plan.objects.map((o) => o.menu))) {
      expect(comments(sim, menu.slice(1)).filter(isWaymarkComment)).toEqual(plan.objects.filter((o) => o.menu === menu).map((o) => o.comment));
    }
    expect(leftovers(sim)).toEqual([]);
    expect(safeModeHolder(sim.device)).toBeUndefined();
    expect(first.events.some((e) => e.step === "arm" && e.detail === "safe mode taken")).toBe(version === "7.24");

    const second = options("push-2");
    expect(await pushRouterOsPlan(open, plan, second)).toEqual({ outcome: "unchanged", appliedHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(second.events.map((e) => e.step)).not.toContain("apply");
  });

  it("pushes on under the scheduler job alone when an admin holds safe mode in another session", async () => {
    const { sim, open } = await router({ version: "7.24" });
    const admin = await open();
    await admin.command(["/safe-mode/take"]);
    const push = options("push-held");
    expect(await pushRouterOsPlan(open, examplePlan("7"), push)).toMatchObject({ outcome: "confirmed" });
    expect(push.events.find((e) => e.step === "arm" && e.detail?.startsWith("safe mode"))?.detail).toMatch(
      /^safe mode refused by the router \(.+\); the scheduler job alone protects this push$/,
    );
    expect(leftovers(sim)).toEqual([]);
    await admin.command(["/safe-mode/release"]);
    await admin.close();
  });

  it("turns a weight change into a minimal diff and leaves every other object alone", async () => {
    const { sim, open } = await router();
    const before = examplePlan("7");
    await pushRouterOsPlan(open, before, options("push-1"));
    const menus = menusToRead(before).map((m) => m.slice(1));
    const ids = new Map(menus.flatMap((menu) => items(sim, menu).map((i) => [i.props.comment, i.id] as const)));

    const after = examplePlan("7", (input) => {
      input.links[0]!.weight = 1;
      input.links[1]!.weight = 1;
    });
    const push = options("push-2");
    expect(await pushRouterOsPlan(open, after, push)).toMatchObject({ outcome: "confirmed" });
    expect(push.events.find((e) => e.step === "apply" && e.status === "ok")?.detail).toBe("5 change(s) applied");
    expect(comments(sim, "ip/firewall/mangle")).toEqual(after.objects.filter((o) => o.menu === "/ip/firewall/mangle").map((o) => o.comment));
    const kept = after.objects.filter((o) => o.comment !== "waymark:pcc:isp-b:1").map((o) => o.comment);
    for (const comment of kept) {
      const item = menus.flatMap((menu) => items(sim, menu)).find((i) => i.props.comment === comment);
      expect(item?.id, comment).toBe(ids.get(comment));
    }
  });

  it.each([
    ["7.10", "export-7.10.rsc", "7"],
    ["6.48.4", "export-6.48.4.rsc", "6"],
  ] as const)("leaves the admin's own configuration of a real %s export untouched and in order", async (version, file, major) => {
    const { sim, open } = await router({
      version,
      bootExport: fixture(file),
      interfaces: ["ether1", "ether2", "ether3", "ether4", "ether5", "wan1", "wan2", "lan0"],
    });
    const plan = examplePlan(major);
    const menus = menusToRead(plan);
    const foreign = async () =>
      Object.fromEntries(Object.entries(await configView(open, menus)).map(([menu, list]) => [menu, list.filter((row) => !isWaymarkComment(row.comment))]));
    const before = await foreign();
    expect(before["/ip/firewall/mangle"]!.length).toBeGreaterThan(3);

    expect(await pushRouterOsPlan(open, plan, options("push-1"))).toMatchObject({ outcome: "confirmed" });
    expect(await foreign()).toEqual(before);
    // First push: Waymark's block goes after the admin's rules, so the admin's marks (VPN sites) win.
    for (const table of ["ip/firewall/mangle", "ip/firewall/nat"]) {
      const all = comments(sim, table);
      const firstWaymark = all.findIndex(isWaymarkComment);
      expect(all.slice(firstWaymark).every(isWaymarkComment), table).toBe(true);
      expect(firstWaymark).toBe(before[`/${table}`]!.length);
    }
    expect(await pushRouterOsPlan(open, plan, options("push-2"))).toMatchObject({ outcome: "unchanged" });
  });

  it("keeps a block the admin moved to the top there, inserting and reordering inside it", async () => {
    const { sim, open } = await router();
    const before = examplePlan("7");
    await pushRouterOsPlan(open, before, options("push-1"));
    const mangle = sim.device.config.table("ip/firewall/mangle");
    const admin = [
      mangle.add({ chain: "prerouting", action: "accept", "dst-address": "10.8.0.0/24", comment: "admin: vpn" }),
      mangle.add({ chain: "forward", action: "accept", comment: "admin: last" }),
    ];
    // The admin drags their VPN accept below Waymark's block and swaps two Waymark rules.
    const waymark = mangle.items.filter((i) => isWaymarkComment(i.props.comment));
    mangle.move([admin[0]!.id], undefined);
    mangle.move([waymark[2]!.id], waymark[1]!.id);

    const after = examplePlan("7", (input) => {
      input.outbound.pinned = [{ destination: "10.20.0.0/16", link: "isp-b" }];
    });
    expect(await pushRouterOsPlan(open, after, options("push-2"))).toMatchObject({ outcome: "confirmed" });
    const planned = after.objects.filter((o) => o.menu === "/ip/firewall/mangle").map((o) => o.comment);
    expect(comments(sim, "ip/firewall/mangle")).toEqual([...planned, "admin: last", "admin: vpn"]);
  });

  it("refuses a plan for the other major version and an armed earlier push without changing anything", async () => {
    const { sim, open } = await router();
    expect(await pushRouterOsPlan(open, examplePlan("6"), options("push-1"))).toEqual({
      outcome: "failed",
      reason: "this plan is for RouterOS v6, but the router runs 7.16.2 (stable)",
    });
    sim.device.config.table("system/scheduler").add({ name: "waymark-rollback-old", interval: "1m", "on-event": "" });
    const outcome = await pushRouterOsPlan(open, examplePlan("7"), options("push-2"));
    expect(outcome).toEqual({ outcome: "refused", reason: "another push is armed on this router (waymark-rollback-old); wait for it to confirm or roll back" });
    expect(comments(sim, "ip/firewall/mangle")).toEqual([]);
  });

  it.each([
    ["6.49.10", "6", "ecmp", DUAL_WAN_EXAMPLE],
    ["7.16.2", "7", "ecmp", DUAL_WAN_EXAMPLE],
    ["6.49.10", "6", "pcc", SERVER_POOL_EXAMPLE],
    ["7.24", "7", "pcc", SERVER_POOL_EXAMPLE],
  ] as const)("pushes the %s %s plan with the %s balancer of its example idempotently", async (version, major, balancer, example) => {
    const { sim, open } = await router({ version });
    const plan = compileRouterOs(ZIntent.parse(example), { version: major, balancer });
    const first = options("push-1");
    const outcome = await pushRouterOsPlan(open, plan, first);
    expect(outcome, JSON.stringify(first.events.filter((e) => e.status === "failed"))).toMatchObject({ outcome: "confirmed" });
    expect(await pushRouterOsPlan(open, plan, options("push-2"))).toMatchObject({ outcome: "unchanged" });
    expect(leftovers(sim)).toEqual([]);
  });
});
