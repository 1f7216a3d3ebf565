// A dashboard killed in the middle of a push to a Linux gateway (SIGKILL of its whole process group, at each step
// the push reports) leaves no guess in the history: settling asks the gateway how the push ended and records
// that, matching what the gateway runs. The same for a removal of Waymark's policy. The push runs in a child
// process (tests/support/push-worker.ts) on this test's SQLite database; the gateway is the dual-WAN lab's, reached
// through a private sshd. Its dead-man switch fires on real time, so the worker pushes with a short window and the
// test waits for it where the switch was still armed when the dashboard died.
//
// "Just after the gateway confirmed" is caught on the gateway itself: in the private sshd's mount namespace
// sha256sum (a push confirm's last command, after it has recorded the push as confirmed) and nft (whose deletion
// of the LAN watch ends a removal's confirm) are wrappers that, once, hold the confirm's reply until the test has
// killed the dashboard. So the dashboard never hears of the confirm.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWanLab, type WanLab } from "../../lab";
import { startPrivateSshd, type PrivateSshd } from "../../lab/private-sshd";
import type { IntentInput } from "@/lib/domain/intent";
import { connectSsh } from "@/lib/devices/linux/ssh-client";
import { settleInterruptedPushes } from "@/lib/services/pushes";
import { setupAdmin, startAppEnvironment, type ApiClient, type AppEnvironment } from "./support";
import { addLabGateway } from "./lab-gateway";

const WINDOW_SEC = 12;

let lab: WanLab;
let sshd: PrivateSshd;
let app: AppEnvironment;
let admin: ApiClient;
let deviceId: string;
let hook: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const intentWith = (weight: number): IntentInput => ({
  links: [
    { name: "isp1", interface: "wan1", gateway: "198.51.100.1", weight, probe: { targets: [...lab.probeTargets] } },
    { name: "isp2", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe: { targets: [...lab.probeTargets] } },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
});

async function onGateway(script: string): Promise<string> {
  const ssh = await connectSsh({
    host: sshd.host,
    port: sshd.port,
    username: "root",
    auth: { method: "key", privateKey: lab.privateKey },
    pinnedHostKey: lab.hostKeyFingerprint,
    timeoutMs: 10_000,
  });
  try {
    const result = await ssh.exec(["sh", "-c", script], { timeoutMs: 20_000 });
    if (result.code !== 0) throw new Error(`gateway command failed (${result.code}): ${result.stderr}`);
    return result.stdout;
  } finally {
    ssh.close();
  }
}

/** What the gateway runs, in the terms the history uses: the applied plan hash, isp1's weight, push leftovers. */
async function gatewayState(): Promise<{ applied: string | null; weight: string | null; leftovers: string[]; waymark: boolean }> {
  const out = await onGateway(
    [
      'echo "applied=$(cat /etc/waymark/applied.sha256 2>/dev/null)"',
      'echo "weight=$(sed -n "s/^LINK_0_WEIGHT=\'\\(.*\\)\'$/\\1/p" /etc/waymark/monitor.conf 2>/dev/null)"',
      "echo \"leftovers=$(cd /run/waymark 2>/dev/null && ls -d push-* push.lock candidate.* 2>/dev/null | grep -vx push-outcomes | tr '\\n' ' ')\"",
      "if nft list table inet waymark >/dev/null 2>&1; then echo waymark=yes; else echo waymark=no; fi",
    ].join("\n"),
  );
  const field = (name: string) => new RegExp(`^${name}=(.*)$`, "m").exec(out)?.[1]?.trim() || null;
  return {
    applied: field("applied"),
    weight: field("weight"),
    leftovers: (field("leftovers") ?? "").split(" ").filter(Boolean),
    waymark: field("waymark") === "yes",
  };
}

/**
 * Runs a push (or removal) in a child dashboard process and SIGKILLs its process group as soon as the push record
 * shows `step`; for "confirmed", once the gateway has confirmed (the sha256sum wrapper says so) and before the
 * dashboard can hear of it.
 */
async function killedAt(step: string, mode: "push" | "remove" = "push"): Promise<string> {
  const child: ChildProcess = spawn("npx", ["tsx", "--conditions=react-server", "tests/support/push-worker.ts", deviceId, mode], {
    env: { ...process.env, DATABASE_URL: app.databaseUrl, WAYMARK_DATA_DIR: app.dataDir, WAYMARK_TEST_CONFIRM_WINDOW_SEC: String(WINDOW_SEC) },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: npx and tsx each start a child, and the kill must take the whole dashboard down.
    detached: true,
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const kill = async (pushId: string) => {
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    return pushId;
  };
  const deadline = Date.now() + 90_000;
  let holding = false;
  for (;;) {
    const push = await app.db.push.findFirst({ where: { deviceId, status: "running" } });
    if (push && step === "confirmed") {
      if (!holding) writeFileSync(path.join(hook, "hold"), mode === "remove" ? "removal" : push.id);
      holding = true;
      if (existsSync(path.join(hook, "seen"))) {
        await kill(push.id);
        writeFileSync(path.join(hook, "release"), "");
        // The held confirm goes on once released; give its last command a moment before anyone asks the gateway.
        await sleep(500);
        for (const file of ["seen", "held", "release"]) rmSync(path.join(hook, file), { force: true });
        return push.id;
      }
    } else if (push && (JSON.parse(push.steps) as { step: string }[]).some((s) => s.step === step)) {
      return kill(push.id);
    }
    const last = await app.db.push.findFirst({ where: { deviceId }, orderBy: { startedAt: "desc" } });
    if (child.exitCode !== null && last?.status !== "running") throw new Error(`the push ended before ${step}: ${last?.status} ${last?.steps} ${stderr}`);
    if (Date.now() > deadline) throw new Error(`no ${step} step within 90 s: ${stderr}`);
    await sleep(5);
  }
}

/** Settles as the dashboard's settler would, until the gateway has an answer (its switch fires on real time). */
async function settled(pushId: string) {
  const deadline = Date.now() + (WINDOW_SEC + 20) * 1000;
  for (;;) {
    // The lock's heartbeat stopped with the process; "a minute later" makes it stale without waiting 20 s.
    await settleInterruptedPushes(app.db, new Date(Date.now() + 60_000));
    const push = await app.db.push.findUniqueOrThrow({ where: { id: pushId } });
    if (push.status !== "running" || Date.now() > deadline) return push;
    await sleep(1_000);
  }
}

// A wrapper holds the reply of the one confirm the test wrote to HOOK/hold (a push id: after the gateway recorded
// that push as confirmed; "removal": a removal's last command), then passes on to the real program, as every other
// call (inspection, the monitor, later confirms) does straight away. At most 30 s, whatever happens to the test.
const wrapper = (dir: string, name: string, holds: string) => `#!/bin/sh
H=${dir}
if id=$(cat "$H/hold" 2>/dev/null) && [ -n "$id" ] && { ${holds}; } && mv "$H/hold" "$H/held" 2>/dev/null; then
  touch "$H/seen"
  i=0; while [ ! -e "$H/release" ] && [ "$i" -lt 600 ]; do sleep 0.05; i=$((i+1)); done
fi
exec "$H/real-${name}" "$@"
`;
const HOLDS = {
  sha256sum: 'grep -qx "$id confirmed" /run/waymark/push-outcomes 2>/dev/null',
  nft: '[ "$id" = removal ] && [ "$*" = "delete table inet waymark_watch" ]',
};
const WRAPPED = { sha256sum: "/usr/bin/sha256sum", nft: "/usr/sbin/nft" };

beforeAll(async () => {
  lab = await startWanLab({ label: "crash", lanClients: 1 });
  sshd = await startPrivateSshd(lab);
  hook = mkdtempSync(path.join(tmpdir(), "waymark-crash-"));
  for (const [name, at] of Object.entries(WRAPPED)) {
    writeFileSync(path.join(hook, name), wrapper(hook, name, HOLDS[name as keyof typeof HOLDS]), { mode: 0o755 });
    await onGateway(`cp ${at} ${hook}/real-${name} && mount --bind ${hook}/${name} ${at}`);
  }
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  ({ deviceId } = await addLabGateway(admin, admin, lab, sshd));
}, 90_000);

afterAll(async () => {
  await onGateway(`umount ${Object.values(WRAPPED).join(" ")}`).catch(() => undefined);
  await app?.close();
  await sshd?.stop();
  await lab?.stop();
  if (hook) rmSync(hook, { recursive: true, force: true });
});

/** What the history now calls current: the newest confirmed push (or removal), if any. */
async function current() {
  return app.db.push.findFirst({ where: { deviceId, status: { in: ["confirmed", "unchanged"] } }, orderBy: { startedAt: "desc" } });
}

async function expectCleanEnd(pushId: string): Promise<void> {
  expect((await gatewayState()).leftovers).toEqual([]);
  expect(await app.db.deviceLock.count()).toBe(0);
  const audit = await app.db.auditEvent.findFirst({ where: { action: "push.settle" }, orderBy: { at: "desc" } });
  expect(audit?.detail).toContain(pushId);
}

describe("[pushes] the dashboard killed at each step of a Linux push", () => {
  const steps = ["inspect", "compile", "connect", "upload", "check", "snapshot", "arm", "apply", "gate", "confirm", "confirmed"];
  it.each(steps.map((step, i) => ({ step, weight: 2 + i })))(
    "killed at $step: the history says what the gateway runs, never 'running'",
    async ({ step, weight }) => {
      expect((await admin.put(`/devices/${deviceId}/policy`, intentWith(weight))).status).toBe(200);
      const was = await current();
      const wasWeight = (await gatewayState()).weight;
      const pushId = await killedAt(step);
      const push = await settled(pushId);
      console.log(`[linux crash] killed at ${step}: settled as ${push.status} (${JSON.parse(push.steps).at(-1)?.detail})`);
      expect(push.status, push.steps).not.toBe("running");
      const gateway = await gatewayState();
      if (push.status === "confirmed") {
        expect(gateway.applied).toBe(push.planHash);
        expect(gateway.weight).toBe(String(weight));
      } else {
        expect(push.status).toBe("rolled_back");
        expect(push.error).toMatch(/dashboard stopped/);
        expect(gateway.applied).toBe(was?.planHash ?? null);
        expect(gateway.weight).toBe(wasWeight);
      }
      // Whatever the outcome, the gateway runs exactly the plan the history now calls current.
      if (await current()) {
        const state = await admin.get(`/devices/${deviceId}/state`);
        expect(state.json.drift, state.text).toEqual({ drifted: false, entries: [] });
      } else {
        expect(gateway.waymark).toBe(false);
      }
      await expectCleanEnd(pushId);
      if (step === "confirmed") expect(push.status).toBe("confirmed");
    },
    120_000,
  );

  it.each(["apply", "confirm", "confirmed"])(
    "a removal killed at %s: the history says whether Waymark's policy is still there",
    async (step) => {
      // A confirmed policy to remove (the last case above confirmed one; push again if a rollback came last).
      if ((await gatewayState()).applied === null) {
        expect((await admin.post(`/devices/${deviceId}/push?wait=60`, { reason: "policy to remove", confirmWindowSec: 20 })).json.status).toBe("confirmed");
      }
      const pushId = await killedAt(step, "remove");
      const push = await settled(pushId);
      console.log(`[linux crash] removal killed at ${step}: settled as ${push.status} (${JSON.parse(push.steps).at(-1)?.detail})`);
      const gateway = await gatewayState();
      if (push.status === "confirmed") {
        expect(gateway).toEqual({ applied: null, weight: null, leftovers: [], waymark: false });
        expect((await admin.get(`/devices/${deviceId}/state`)).status).toBe(412);
      } else {
        expect(push.status, push.steps).toBe("rolled_back");
        expect(gateway.waymark).toBe(true);
        expect(gateway.applied).not.toBeNull();
        const state = await admin.get(`/devices/${deviceId}/state`);
        expect(state.json.drift, state.text).toEqual({ drifted: false, entries: [] });
      }
      await expectCleanEnd(pushId);
      if (step === "confirmed") expect(push.status).toBe("confirmed");
    },
    120_000,
  );
});
