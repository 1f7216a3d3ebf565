import { afterEach, describe, expect, it } from "vitest";

import type { RouterOsPlan } from "@/lib/domain/compile/routeros";
import type { DeviceReading } from "@/lib/domain/device/reading";
import type { RouterOsTarget } from "@/lib/devices/driver";
import { DeviceFailure } from "@/lib/devices/failure";
import { startRouterOsSimulator, type RouterOsSimulator } from "@/simulator/routeros";
import { examplePlan, sessionsTo, SIMULATOR_DEFAULTS, USER } from "@tests/support/routeros/push";

import { addItem } from "../push/commands";
import { pushRouterOsPlan } from "../push/push-plan";
import { createRouterOsDriver } from "../adapter";
import { readRouterState } from "../readback/read-state";
import { watchRouter, type RouterWatch, type RouterWatchOptions } from ".";

// The kept-open watch against the simulator over real TCP: one login for many polls, a reconnect after a cut,
// two commands in flight at most, a new rule seen at once, a property edit within the re-read period, and the
// same reading a full read gives.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** The example's router (LAN on lan0, isp-a on wan1, isp-b on wan2) with the dual-WAN plan pushed and confirmed. */
async function pushedRouter(version = "7.16.2"): Promise<{ sim: RouterOsSimulator; plan: RouterOsPlan; target: RouterOsTarget }> {
  const sim = await startRouterOsSimulator({ ...SIMULATOR_DEFAULTS, version, clock: "manual" });
  const sessions = sessionsTo(sim.port);
  cleanups.push(async () => {
    await sessions.closeAll();
    await sim.close();
  });
  const client = await sessions.open();
  await addItem(client, "/ip/address", { address: "192.168.10.1/24", interface: "lan0" });
  await addItem(client, "/ip/address", { address: "198.51.100.2/24", interface: "wan1" });
  await addItem(client, "/ip/address", { address: "203.0.113.2/24", interface: "wan2" });
  const plan = examplePlan(version.startsWith("6") ? "6" : "7");
  expect(await pushRouterOsPlan(sessions.open, plan, { pushId: "push-1", confirmWindowSec: 60, onProgress: () => {} })).toMatchObject({ outcome: "confirmed" });
  await client.close();
  const target: RouterOsTarget = { kind: "routeros", host: "127.0.0.1", port: sim.port, transport: "plain", username: USER.name, password: USER.password };
  return { sim, plan, target };
}

function watching(router: { plan: RouterOsPlan; target: RouterOsTarget }, options: Partial<RouterWatchOptions> = {}): RouterWatch {
  const watch = watchRouter(router.target, router.plan, { intervalMs: 2_000, ...options });
  cleanups.push(() => watch.close());
  return watch;
}

const traffic = (sim: RouterOsSimulator, from: number, count: number) => {
  for (let i = from; i < from + count; i++) {
    sim.network.openConnection({ src: `192.168.10.${20 + (i % 200)}`, dst: `198.18.0.${1 + (i % 250)}`, protocol: "tcp", dstPort: 443, bytes: 100 + i });
  }
};

const withoutTime = ({ readAtMs: _readAtMs, ...reading }: DeviceReading) => reading;

describe("RouterOS watch: one kept-open session", () => {
  it.each(["7.16.2", "6.49.10"])("gives the reading a full read gives, from its first poll (configuration) and from trimmed polls (%s)", async (version) => {
    const router = await pushedRouter(version);
    traffic(router.sim, 0, 24);
    const driver = createRouterOsDriver(router.target);
    const watch = watching(router);

    const full = withoutTime(await driver.read(router.plan, null));
    expect(full.rules.filter((r) => r.ownedByWaymark).length).toBeGreaterThan(4);
    expect(withoutTime(await watch.poll())).toEqual(full);
    expect(withoutTime(await watch.poll())).toEqual(full);

    traffic(router.sim, 24, 17);
    const moved = withoutTime(await driver.read(router.plan, null));
    expect(moved).not.toEqual(full);
    expect(withoutTime(await watch.poll())).toEqual(moved);
    expect(watch.configReads()).toBe(1);
  });

  it("gives a full read's reading when only counters moved between configuration reads (kept drift and rule words)", async () => {
    const router = await pushedRouter();
    const driver = createRouterOsDriver(router.target);
    const watch = watching(router);
    await watch.poll();

    const mangle = router.sim.device.config.table("ip/firewall/mangle");
    const pcc0 = mangle.items.find((i) => i.props.comment === "waymark:pcc:isp-a:0")!;
    pcc0.counters = { bytes: 123_456n, packets: 789n };
    const moved = withoutTime(await driver.read(router.plan, null));
    expect(moved.rules.find((r) => r.key === "mangle:pcc:isp-a:0")).toMatchObject({ packets: "789", bytes: "123456" });
    expect(withoutTime(await watch.poll())).toEqual(moved);
    expect(watch.configReads()).toBe(1);
  });

  it("gives a full read's reading when a netwatch takes a link down and switches its objects off between configuration reads", async () => {
    const router = await pushedRouter();
    const driver = createRouterOsDriver(router.target);
    const watch = watching(router);
    // The first poll reads the configuration while netwatch has no verdict yet; its first "up" comes between polls.
    expect((await watch.poll()).links.find((l) => l.name === "isp-a")?.state).toBe("unknown");
    await router.sim.clock.advance(120_000);
    const first = withoutTime(await driver.read(router.plan, null));
    expect(first.links.find((l) => l.name === "isp-a")?.state).toBe("up");
    expect(withoutTime(await watch.poll())).toEqual(first);

    const host = router.plan.objects.find((o) => o.comment === "waymark:netwatch:isp-a")!.properties.host!;
    router.sim.network.setReachable(host, false);
    await router.sim.clock.advance(120_000);
    const down = withoutTime(await driver.read(router.plan, null));
    expect(down.links.find((l) => l.name === "isp-a")?.state).toBe("down");
    const switched = router.plan.objects.filter((o) => o.switchedBy?.netwatch === "waymark:netwatch:isp-a").map((o) => o.comment);
    const off = (table: string) =>
      router.sim.device.config.table(table).items.filter((i) => switched.includes(i.props.comment ?? "") && i.props.disabled === "true");
    expect(switched.length).toBeGreaterThan(0);
    expect([...off("ip/route"), ...off("ip/firewall/mangle")].length).toBeGreaterThan(0);
    expect(withoutTime(await watch.poll())).toEqual(down);

    router.sim.network.setReachable(host, true);
    await router.sim.clock.advance(120_000);
    const up = withoutTime(await driver.read(router.plan, null));
    expect(up.links.find((l) => l.name === "isp-a")?.state).toBe("up");
    expect(withoutTime(await watch.poll())).toEqual(up);
  });

  it("logs in once over 100 polls, and counts the sentences and bytes the router counts", async () => {
    const router = await pushedRouter();
    traffic(router.sim, 0, 10);
    router.sim.resetApiCost();
    const watch = watching(router);

    await watch.poll();
    const first = router.sim.apiCost();
    for (let i = 1; i < 100; i++) {
      traffic(router.sim, 10 + i, 1);
      await watch.poll();
    }
    const cost = router.sim.apiCost();
    expect(cost.logins).toBe(1);
    expect(watch.cost()).toEqual({ logins: 1, commands: cost.sentencesReceived, bytesToDevice: cost.bytesReceived, bytesFromDevice: cost.bytesSent });
    expect(watch.configReads()).toBe(1);

    // The figures the benchmark quotes: the first poll (login + configuration) and a trimmed poll, as the router sees them.
    const perPoll = {
      sentencesReceived: (cost.sentencesReceived - first.sentencesReceived) / 99,
      sentencesSent: (cost.sentencesSent - first.sentencesSent) / 99,
      bytesReceived: (cost.bytesReceived - first.bytesReceived) / 99,
      bytesSent: (cost.bytesSent - first.bytesSent) / 99,
    };
    console.info("RouterOS watch, dual-WAN example plan: first poll", first, "then per poll", perPoll);
    expect(Number.isInteger(perPoll.sentencesReceived)).toBe(true);
    expect(perPoll.bytesSent).toBeLessThan((first.bytesSent - 0) / 2);
  });

  it("fails the poll on a cut session as a retryable DeviceFailure, and logs in again on the next", async () => {
    const router = await pushedRouter();
    router.sim.resetApiCost();
    const watch = watching(router);
    await watch.poll();
    await watch.poll();

    router.sim.faults.set({ dropAfterSentences: { received: 1 } });
    const failed = await watch.poll().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(DeviceFailure);
    expect((failed as DeviceFailure).retryable).toBe(true);
    router.sim.faults.clear();

    const reading = await watch.poll();
    expect(reading.drift.drifted).toBe(false);
    expect(router.sim.apiCost().logins).toBe(2);
    expect(watch.cost().logins).toBe(2);
    expect(watch.configReads()).toBe(2);

    // A session the router dropped between polls is opened again by the next poll itself.
    router.sim.dropAllConnections();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await watch.poll();
    expect(router.sim.apiCost().logins).toBe(3);
  });

  it("says a refused login is not worth retrying, without a session left behind", async () => {
    const router = await pushedRouter();
    router.sim.resetApiCost();
    const watch = watching({ ...router, target: { ...router.target, password: "wrong" } });
    const failed = await watch.poll().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failed).toMatchObject({ status: "auth_failed", retryable: false });
    expect(watch.cost().logins).toBe(0);
    expect(router.sim.apiCost().logins).toBe(0);
  });

  it("keeps at most two commands in flight, where a plain read-back sends them all at once", async () => {
    const router = await pushedRouter();
    // Replies wait a little, so commands sent together are seen open together.
    router.sim.faults.set({ delayMs: 2 });
    const unlimited = sessionsTo(router.sim.port);
    cleanups.push(unlimited.closeAll);
    router.sim.resetApiCost();
    await readRouterState(await unlimited.open(), router.plan);
    expect(router.sim.apiCost().peakInFlight).toBeGreaterThan(2);

    router.sim.resetApiCost();
    const watch = watching(router, { configRereadMs: 0 });
    for (let i = 0; i < 3; i++) await watch.poll();
    const trimmed = watching(router);
    for (let i = 0; i < 3; i++) await trimmed.poll();
    expect(router.sim.apiCost().peakInFlight).toBe(2);
    expect(watch.peakInFlight()).toBe(2);
    expect(trimmed.peakInFlight()).toBe(2);
  });

  it("shows a rule the admin added, or a Waymark rule removed, in the very next poll", async () => {
    const router = await pushedRouter();
    const watch = watching(router);
    await watch.poll();
    await watch.poll();

    const mangle = router.sim.device.config.table("ip/firewall/mangle");
    mangle.add({ chain: "forward", action: "accept", "dst-address": "10.9.9.9", comment: "admin: let the camera through" });
    const added = await watch.poll();
    expect(added.rules.find((r) => r.what === "admin: let the camera through")).toMatchObject({ table: "mangle", chain: "forward", ownedByWaymark: false });

    const nat = router.sim.device.config.table("ip/firewall/nat");
    nat.remove(nat.items.find((i) => i.props.comment === "waymark:nat:isp-b")!.id);
    const removed = await watch.poll();
    expect(removed.rules.some((r) => r.key === "nat:nat:isp-b")).toBe(false);
    expect(removed.drift.entries).toContainEqual(expect.objectContaining({ change: "missing" }));
    expect(watch.configReads()).toBe(3);
  });

  it("shows a property edit as drift within the configuration re-read period", async () => {
    const router = await pushedRouter();
    let clock = 0;
    const watch = watching(router, { configRereadMs: 30_000, now: () => clock });
    expect((await watch.poll()).drift.drifted).toBe(false);

    const mangle = router.sim.device.config.table("ip/firewall/mangle");
    const pcc0 = mangle.items.find((i) => i.props.comment === "waymark:pcc:isp-a:0")!;
    mangle.set(pcc0.id, { "per-connection-classifier": "both-addresses-and-ports:4/3" });
    const seen: boolean[] = [];
    for (clock = 2_000; clock <= 30_000; clock += 2_000) seen.push((await watch.poll()).drift.drifted);
    // Trimmed polls do not see a property edit; the re-read at 30 s does, and says what changed.
    expect(seen.slice(0, -1).every((drifted) => !drifted)).toBe(true);
    expect(seen.at(-1)).toBe(true);
    const reading = await watch.poll();
    expect(reading.drift.entries).toEqual([expect.objectContaining({ change: "changed", detail: expect.stringContaining("4/3") })]);
    expect(watch.configReads()).toBe(2);
  });

  it("keeps 64-bit counters exact as decimal strings", async () => {
    const router = await pushedRouter();
    const watch = watching(router);
    await watch.poll();
    const mangle = router.sim.device.config.table("ip/firewall/mangle");
    const pcc0 = mangle.items.find((i) => i.props.comment === "waymark:pcc:isp-a:0")!;
    pcc0.counters = { bytes: 2n ** 64n - 1n, packets: 2n ** 53n + 1n };
    const rule = (await watch.poll()).rules.find((r) => r.key === "mangle:pcc:isp-a:0");
    expect(rule).toMatchObject({ bytes: "18446744073709551615", packets: "9007199254740993" });
  });
});
