// A dashboard killed in the middle of a push (SIGKILL of a real process, at each step) leaves no guess in the
// history: the settling asks the router how the push ended and records that, matching what the router runs.
// The push runs in a child process (tests/support/push-worker.ts) on the same SQLite database as this test; the
// RouterOS simulator runs here, on a manual clock, so the rollback job fires exactly when the test moves time on.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntentInput } from "@/lib/domain/intent";
import { settleInterruptedPushes } from "@/lib/services/pushes";
import { exportConfig, type RouterOsSimulator } from "@/simulator/routeros";
import type { ApiClient, AppEnvironment } from "./support";
import { startRouterSite, type RouterSite } from "./router-site";

let site: RouterSite;
let sim: RouterOsSimulator;
let app: AppEnvironment;
let admin: ApiClient;
let deviceId: string;

const probe = { targets: ["192.0.2.10"], intervalMs: 1_000, timeoutMs: 500 };
const intentWith = (weight: number): IntentInput => ({
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
});

const waymarkExport = () =>
  exportConfig(sim.device)
    .split("\n")
    .filter((line) => line.includes("waymark"))
    .join("\n");

/**
 * Runs a push in a child dashboard process and SIGKILLs it as soon as the push record shows `step`, or, for
 * "confirmed", from inside the router the moment it has removed the rollback job (the confirm happened; the
 * dashboard never hears of it).
 */
async function pushKilledAt(step: string): Promise<string> {
  const child: ChildProcess = spawn("npx", ["tsx", "--conditions=react-server", "tests/support/push-worker.ts", deviceId], {
    env: { ...process.env, DATABASE_URL: app.databaseUrl, WAYMARK_DATA_DIR: app.dataDir },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: npx and tsx each start a child, and the kill must take the whole dashboard down.
    detached: true,
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  if (step === "confirmed") killWhenJobRemoved(() => process.kill(-child.pid!, "SIGKILL"));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const push = await app.db.push.findFirst({ where: { deviceId, status: "running" } });
    const steps = push ? (JSON.parse(push.steps) as { step: string }[]) : [];
    if (step === "confirmed" && child.signalCode === "SIGKILL" && push) return push.id;
    if (push && steps.some((s) => s.step === step)) {
      process.kill(-child.pid!, "SIGKILL");
      await exited;
      return push.id;
    }
    const finished = await app.db.push.findFirst({ where: { deviceId }, orderBy: { startedAt: "desc" } });
    if (child.exitCode !== null && finished?.status !== "running")
      throw new Error(`the push ended before ${step}: ${finished?.status} ${finished?.steps} ${stderr}`);
    if (Date.now() > deadline) throw new Error(`no ${step} step within 60 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Once: after the router runs the next `/system/scheduler/remove`, `kill` is called before the reply goes out. */
function killWhenJobRemoved(kill: () => void): void {
  const { menu, name, definition } = sim.device.registry.resolve("/system/scheduler/remove");
  let armed = true;
  sim.device.registry.register({
    path: menu.path,
    commands: {
      [name]: {
        ...definition,
        run: async (context) => {
          // A handler may return nothing; the wrapper answers undefined then.
          const result = (await definition.run(context)) ?? undefined;
          if (armed) {
            armed = false;
            kill();
          }
          return result;
        },
      },
    },
  });
}

beforeAll(async () => {
  // Every reply a little late, so the dashboard can be killed inside each step rather than after the push.
  site = await startRouterSite({ clock: "manual", faults: { delayMs: 30 } });
  ({ sim, app, admin, deviceId } = site);
}, 90_000);

afterAll(async () => {
  await site?.close();
});

describe("[pushes] the dashboard killed at each step of a push", () => {
  // Each kill changes the weight, so every push has something to change and the outcome is visible on the router.
  it.each(["inspect", "compile", "connect", "snapshot", "arm", "apply", "gate", "confirm", "confirmed"].map((step, i) => ({ step, weight: 2 + i })))(
    "killed at $step: the history says what the router did, never 'running'",
    async ({ step, weight }) => {
      expect((await admin.put(`/devices/${deviceId}/policy`, intentWith(weight))).status).toBe(200);
      const before = waymarkExport();
      const pushId = await pushKilledAt(step);
      // The lock's heartbeat stops with the process; settling waits until it is stale, then asks the router.
      const later = new Date(Date.now() + 60_000);
      await settleInterruptedPushes(app.db, later);
      let push = await app.db.push.findUniqueOrThrow({ where: { id: pushId } });
      if (push.status === "running") {
        // The router's rollback job is still armed: the push is neither confirmed nor rolled back yet.
        await sim.clock.advance(31_000);
        await settleInterruptedPushes(app.db, later);
        push = await app.db.push.findUniqueOrThrow({ where: { id: pushId } });
      }
      const after = waymarkExport();
      expect(push.status, push.steps).not.toBe("running");
      if (push.status === "confirmed") {
        expect(after).toContain(`per-connection-classifier=both-addresses-and-ports:${weight + 1}/`);
      } else {
        expect(push.status).toBe("rolled_back");
        expect(push.error).toMatch(/dashboard stopped/);
        expect(after).not.toContain(`per-connection-classifier=both-addresses-and-ports:${weight + 1}/`);
        // The same objects as before the push (a re-created one may print its defaults differently in /export).
        expect(after.split("\n").length).toBe(before.split("\n").length);
      }
      // Whatever the outcome, the router runs exactly the plan the history now calls current.
      if (await app.db.push.count({ where: { deviceId, status: { in: ["confirmed", "unchanged"] } } })) {
        const state = await admin.get(`/devices/${deviceId}/state`);
        expect(state.json.drift, state.text).toEqual({ drifted: false, entries: [] });
      } else {
        expect(after).toBe("");
      }
      expect(sim.device.config.table("system/scheduler").items.filter((i) => (i.props.name ?? "").startsWith("waymark"))).toEqual([]);
      expect(await app.db.deviceLock.count()).toBe(0);
      const audit = await app.db.auditEvent.findFirst({ where: { action: "push.settle" }, orderBy: { at: "desc" } });
      expect(audit?.detail).toContain(pushId);
      if (step === "confirmed") expect(push.status).toBe("confirmed");
      console.log(`[crash] killed at ${step}: settled as ${push.status}`);
    },
    90_000,
  );
});
