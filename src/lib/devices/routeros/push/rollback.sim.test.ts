import { describe, expect, it } from "vitest";

import { diffRouterOs } from "@/lib/domain/diff/routeros";
import { trap, type CommandContext, type CommandDefinition, type RouterOsSimulator, type RouterOsSimulatorOptions } from "@/simulator/routeros";
import { useSimulatorAndClient } from "@tests/support/simulator/harness";

import { applyStep, IdBook } from "./apply";
import { addItem } from "./commands";
import { inspectRouter, menusToRead } from "./inspect";
import { armRollback, uploadRollback } from "./protection";
import { pushRouterOsPlan, type OpenSession, type RouterOsPushOptions } from "./push-plan";
import { rollbackNames } from "./rollback-script";
import { configView, examplePlan, progressLog, SIMULATOR_DEFAULTS } from "@tests/support/routeros/push";
import { UNTOUCHED } from "./recover";

// Our client logs in with tests/support/routeros/push's USER, the first of SIMULATOR_DEFAULTS.users.
const { simulator, open: login } = useSimulatorAndClient({ router: SIMULATOR_DEFAULTS, client: { connectTimeoutMs: 3_000 } });

const router = async (overrides: Partial<RouterOsSimulatorOptions> = {}): Promise<{ sim: RouterOsSimulator; open: OpenSession }> => {
  const sim = await simulator(overrides);
  return { sim, open: () => login(sim.port) };
};

const options = (pushId: string, onEvent: RouterOsPushOptions["onProgress"] = () => {}) => {
  const log = progressLog();
  return {
    pushId,
    confirmWindowSec: 30,
    events: log.events,
    onProgress: ((event) => {
      log.onProgress(event);
      onEvent(event);
    }) as RouterOsPushOptions["onProgress"],
  };
};

/** Replaces one command of a simulated menu; `original` runs the router's own implementation. */
function intercept(
  sim: RouterOsSimulator,
  command: string,
  run: (context: CommandContext, original: CommandDefinition) => ReturnType<CommandDefinition["run"]>,
): void {
  const { menu, name, definition } = sim.device.registry.resolve(command);
  sim.device.registry.register({ path: menu.path, commands: { [name]: { ...definition, run: (context) => run(context, definition) } } });
}

const leftovers = (sim: RouterOsSimulator) =>
  ["system/script", "system/scheduler"]
    .flatMap((menu) => (sim.device.config.hasTable(menu) ? sim.device.config.table(menu).items : []))
    .map((i) => i.props.name);

/** Foreign rules around where Waymark's block will go, and stale Waymark objects a push removes (added over the API). */
async function seedAdminAndStale(open: OpenSession): Promise<void> {
  const client = await open();
  await addItem(client, "/routing/table", { name: "to-old", fib: "", comment: "waymark:table:old" });
  await addItem(client, "/ip/firewall/mangle", { chain: "prerouting", action: "accept", "dst-address": "10.8.0.0/24", comment: "admin: vpn" });
  await addItem(client, "/ip/firewall/mangle", {
    chain: "prerouting",
    action: "mark-routing",
    "new-routing-mark": "to-old",
    passthrough: "no",
    comment: "waymark:old:0",
  });
  await addItem(client, "/ip/firewall/mangle", { chain: "forward", action: "accept", comment: "admin: after" });
  await client.close();
}

const plan7 = examplePlan("7");
const MENUS = menusToRead(plan7);

describe("RouterOS push rollback against the simulator", () => {
  it("undoes the applied prefix exactly when the router refuses an add", async () => {
    const { sim, open } = await router();
    await pushRouterOsPlan(open, plan7, options("push-1"));
    const before = await configView(open, MENUS);
    intercept(sim, "/ip/firewall/nat/add", (context, original) => {
      if (context.args.get("comment") === "waymark:nat:lte") throw trap("failure: refused by the test router", 4);
      return original.run(context);
    });
    const withLte = examplePlan("7", (input) => {
      input.links.push({ name: "lte", interface: "ether4", gateway: "100.64.0.1", tier: 2, probe: { targets: ["192.0.2.12"] } });
      input.links[0]!.weight = 1;
      input.links[1]!.weight = 1;
    });
    const push = options("push-2");
    const outcome = await pushRouterOsPlan(open, withLte, push);
    expect(outcome).toEqual({
      outcome: "rolled_back",
      reason: "apply failed at add /ip/firewall/nat waymark:nat:lte: /ip/firewall/nat/add: failure: refused by the test router",
    });
    expect(await configView(open, MENUS)).toEqual(before);
    expect(leftovers(sim)).toEqual([]);
    const undone = push.events.filter((e) => e.step === "rollback" && e.detail?.startsWith("undid "));
    expect(undone[0]?.detail).toMatch(/^undid add \/ip\/firewall\/mangle waymark:output:lte$/);
    expect(undone.at(-1)?.detail).toBe("undid add /routing/table waymark:table:lte");
  });

  it("re-creates removed objects in their old places when a later remove is refused", async () => {
    const { sim, open } = await router();
    await seedAdminAndStale(open);
    await pushRouterOsPlan(open, plan7, options("push-1"));
    const before = await configView(open, MENUS, { ids: false });
    const refused = sim.device.config.table("ip/firewall/mangle").items.find((i) => i.props.comment === "waymark:pcc:isp-b:3")!.id;
    intercept(sim, "/ip/firewall/mangle/remove", (context, original) => {
      if (context.args.get(".id") === refused) throw trap("failure: refused by the test router", 4);
      return original.run(context);
    });
    const even = examplePlan("7", (input) => {
      input.links[0]!.weight = 1;
      input.links[1]!.weight = 1;
    });
    const outcome = await pushRouterOsPlan(open, even, options("push-2"));
    expect(outcome).toMatchObject({
      outcome: "rolled_back",
      reason: expect.stringContaining("apply failed at remove /ip/firewall/mangle waymark:pcc:isp-b:3"),
    });
    expect(await configView(open, MENUS, { ids: false })).toEqual(before);
  });

  it("rolls back with a failing health gate when the router does not keep what it was sent", async () => {
    const { sim, open } = await router();
    const before = await configView(open, MENUS);
    intercept(sim, "/ip/firewall/nat/add", (context, original) => original.run({ ...context, args: new Map([...context.args, ["to-ports", "1024-65535"]]) }));
    const push = options("push-1");
    const outcome = await pushRouterOsPlan(open, plan7, push);
    expect(outcome).toMatchObject({
      outcome: "rolled_back",
      reason: expect.stringMatching(/^health gate failed: the router does not hold the plan after the apply: set waymark:nat:isp-a, set waymark:nat:isp-b$/),
    });
    expect(await configView(open, MENUS)).toEqual(before);
  });

  it.each(["7.16.2", "7.24"])("restores the old state when the connection drops in the middle of the apply (%s)", async (version) => {
    const { sim, open } = await router({ version });
    await seedAdminAndStale(open);
    const before = await configView(open, MENUS, { ids: false });
    const push = options("push-1", (event) => {
      if (event.step === "apply" && event.detail?.startsWith("12/")) sim.dropAllConnections();
    });
    const outcome = await pushRouterOsPlan(open, plan7, push);
    expect(outcome).toMatchObject({ outcome: "rolled_back" });
    // 7.24's safe mode has already undone the session's changes when Waymark reconnects: it only disarms.
    expect(push.events.filter((e) => e.step === "rollback").map((e) => e.detail)).toContain(
      version === "7.24" ? UNTOUCHED : "Waymark reconnected and ran the rollback script; the router is back in its state before the push",
    );
    expect(await configView(open, MENUS, { ids: false })).toEqual(before);
    expect(leftovers(sim)).toEqual([]);
  });

  it.each([1, 0.5])("lets the scheduler job restore the old state when Waymark never confirms (%s of the diff applied)", async (share) => {
    const { sim, open } = await router({ clock: "manual" });
    await seedAdminAndStale(open);
    const before = await configView(open, MENUS, { ids: false });
    const client = await open();
    const inspection = await inspectRouter(client, plan7);
    const steps = diffRouterOs(plan7.objects, inspection.current, { version: "7" });
    const names = rollbackNames("expiry-1");
    await uploadRollback(client, "expiry-1", names, steps, inspection.current, "7");
    await armRollback(client, names, 30);
    const ids = new IdBook();
    for (const step of steps.slice(0, Math.ceil(steps.length * share))) await applyStep(client, step, ids);
    await client.close();
    expect(await configView(open, MENUS, { ids: false })).not.toEqual(before);

    await sim.clock.advance(29_000);
    expect(leftovers(sim)).toEqual([names.script, names.job]);
    await sim.clock.advance(2_000);
    expect(await configView(open, MENUS, { ids: false })).toEqual(before);
    expect(leftovers(sim)).toEqual([]);
  });

  it("ends rolled back when the window runs out before Waymark confirms", async () => {
    const { sim, open } = await router({ clock: "manual" });
    await seedAdminAndStale(open);
    const before = await configView(open, MENUS, { ids: false });
    let advancing: Promise<void> | undefined;
    const push = options("late-1", (event) => {
      if (event.step === "gate" && event.status === "running") advancing = sim.clock.advance(31_000);
    });
    const outcome = await pushRouterOsPlan(open, plan7, push);
    await advancing;
    expect(outcome).toMatchObject({ outcome: "rolled_back" });
    expect(await configView(open, MENUS, { ids: false })).toEqual(before);
    expect(leftovers(sim)).toEqual([]);
  });

  it("undoes a change that half happened: the set went through, the unset after it was refused", async () => {
    const { sim, open } = await router();
    await pushRouterOsPlan(open, plan7, options("push-1"));
    const mangle = sim.device.config.table("ip/firewall/mangle");
    mangle.set(mangle.items.find((i) => i.props.comment === "waymark:pcc:isp-a:0")!.id, { "src-port": "53", protocol: "udp" });
    const before = await configView(open, MENUS);
    intercept(sim, "/ip/firewall/mangle/unset", () => {
      throw trap("failure: refused by the test router", 4);
    });
    const even = examplePlan("7", (input) => {
      input.links[0]!.weight = 1;
      input.links[1]!.weight = 1;
    });
    const outcome = await pushRouterOsPlan(open, even, options("push-2"));
    expect(outcome).toMatchObject({ outcome: "rolled_back", reason: expect.stringContaining("apply failed at set /ip/firewall/mangle waymark:pcc:isp-a:0") });
    expect(await configView(open, MENUS)).toEqual(before);
  });
});
