// Pushing compiled plans to a real gateway (OpenSSH, nftables, iproute2, conntrack in the dual-WAN lab) through
// the same code the dashboard uses, then checking what the traffic does at the ISPs.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWanLab, summarize, type WanLab } from "../../../../../lab";
import { compileLinux, type LinuxPlan } from "@/lib/domain/compile/linux";
import { ZIntent, type IntentInput } from "@/lib/domain/intent";
import type { LinuxTarget } from "@/lib/devices/driver";
import { linuxGateway } from "../gateway";
import { startPrivateSshd, type PrivateSshd } from "../../../../../lab/private-sshd";
import { rootTargetOf } from "@tests/support/linux/lab-target";
import type { PushStep, StepStatus } from "../../push-types";

let lab: WanLab;
let sshd: PrivateSshd;
let target: LinuxTarget;
let sequence = 0;

beforeAll(async () => {
  lab = await startWanLab({ label: "push", lanClients: 4 });
  sshd = await startPrivateSshd(lab);
  target = rootTargetOf(lab, sshd);
}, 60_000);

afterAll(async () => {
  await sshd?.stop();
  await lab?.stop();
});

function intent(overrides: Partial<IntentInput["outbound"]> = {}): IntentInput {
  return {
    links: [
      { name: "isp1", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe: { targets: [...lab.probeTargets] } },
      { name: "isp2", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe: { targets: [...lab.probeTargets] } },
    ],
    outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet], ...overrides },
  };
}

/** Runs a shell command on the gateway as Waymark does (same private filesystem view), for simulating events. */
async function runOnGateway(script: string): Promise<void> {
  const { connectSsh } = await import("../ssh-client");
  const session = await connectSsh({
    host: target.host,
    port: target.port,
    username: "root",
    auth: target.auth,
    pinnedHostKey: target.pinnedHostKey,
    timeoutMs: 10_000,
  });
  try {
    const result = await session.exec(["sh", "-c", script], { timeoutMs: 20_000 });
    if (result.code !== 0) throw new Error(`gateway command failed: ${result.stderr}`);
  } finally {
    session.close();
  }
}

/** |z| ≤ 3.9 on a share: a correct split fails this at most once in 10,000 runs (two-sided, normal approximation). */
const binomialBound = (p: number, n: number) => 3.9 * Math.sqrt((p * (1 - p)) / n);

/** Each step's final status, in order: "gate:failed". */
const finals = (steps: { step: PushStep; status: StepStatus }[]) => steps.filter((s) => s.status !== "running").map((s) => `${s.step}:${s.status}`);

const hashOf = (plan: LinuxPlan) => createHash("sha256").update(JSON.stringify(plan)).digest("hex");

async function push(plan: LinuxPlan, lastAppliedTableHash: string | null = null, confirmWindowSec = 20) {
  const steps: { step: PushStep; status: StepStatus; detail?: string }[] = [];
  const started = Date.now();
  const outcome = await linuxGateway(target).push(plan, {
    pushId: `t${process.pid}-${++sequence}`,
    planHash: hashOf(plan),
    lastAppliedTableHash,
    confirmWindowSec,
    gateTimeoutMs: 10_000,
    onProgress: (event) => steps.push(event),
  });
  return { outcome, steps, ms: Date.now() - started };
}

describe("[lab] pushing to a Linux gateway", () => {
  let confirmedHash = "";
  const plan = () => compileLinux(ZIntent.parse(intent()), { flavour: "nftables" });

  it("confirms a 3:1 policy after the health gate, and 1,000 connections split 75/25 within 5.4 points", async () => {
    const { outcome, steps, ms } = await push(plan());
    expect(outcome, JSON.stringify(steps, null, 1)).toMatchObject({ outcome: "confirmed" });
    if (outcome.outcome === "confirmed") confirmedHash = outcome.appliedHash;
    // Each step once, with its final status.
    expect(finals(steps)).toEqual(["connect", "inspect", "upload", "check", "snapshot", "arm", "apply", "gate", "confirm"].map((step) => `${step}:ok`));
    console.log(`push confirmed in ${ms} ms`);

    const results = (await Promise.all(lab.clients.map((c) => c.connect({ count: 250, concurrency: 10 })))).flat();
    const summary = summarize(results);
    expect(summary.ok).toBe(1000);
    const share = (summary.byLink.isp1 ?? 0) / summary.total;
    console.log(`split isp1 ${(share * 100).toFixed(1)} %`);
    // Each connection draws its link at random (numgen), so isp1's count is Binomial(1000, 0.75): a correct
    // product lands outside ±3.9 standard deviations at most once in 10,000 runs.
    expect(Math.abs(share - 0.75)).toBeLessThanOrEqual(binomialBound(0.75, summary.total));
    const carriers = await lab.carriers(results);
    const mixed = carriers.filter((c) => Object.keys(c).length !== 1);
    expect(mixed).toEqual([]);
  }, 120_000);

  it("refuses, with a clear reason and without touching the gateway, a login that is neither root nor sudo-capable", async () => {
    const unprivileged: LinuxTarget = { ...target, username: lab.username };
    const outcome = await linuxGateway(unprivileged).push(plan(), {
      pushId: `t${process.pid}-${++sequence}`,
      planHash: hashOf(plan()),
      lastAppliedTableHash: null,
      confirmWindowSec: 20,
      gateTimeoutMs: 10_000,
      onProgress: () => {},
    });
    expect(outcome).toMatchObject({ outcome: "failed", reason: expect.stringMatching(/not root and cannot run `sudo -n`/) });
  });

  it("survives a reboot: the confirmed policy is re-applied at boot from /etc/waymark/applied", async () => {
    const gateway = linuxGateway(target);
    const confirmed = (await gateway.inspect()).tableHash;
    const reboot = [
      "kill $(cat /run/waymark/monitor-supervisor.pid) 2>/dev/null; sleep 0.5",
      "nft delete table inet waymark; p=19000; while [ $p -le 19090 ]; do while ip rule del pref $p 2>/dev/null; do :; done; p=$((p+1)); done",
      "ip route flush table 20001; ip route flush table 20002; rm -rf /run/waymark/*",
    ].join("; ");
    await runOnGateway(reboot);
    expect((await gateway.inspect()).tableHash).toBeNull();
    await runOnGateway("sh /etc/waymark/applied/boot.sh");
    expect((await gateway.inspect()).tableHash).toBe(confirmed);
    const results = await lab.clients[0]!.connect({ count: 40, concurrency: 4 });
    expect(results.every((r) => r.ok)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const state = await gateway.readState([
      { name: "isp1", mark: 0x100 },
      { name: "isp2", mark: 0x200 },
    ]);
    expect(state.monitor.running).toBe(true);
  }, 60_000);

  it("changes nothing when the same plan is pushed again", async () => {
    const { outcome, steps } = await push(plan(), confirmedHash);
    expect(outcome).toMatchObject({ outcome: "unchanged" });
    expect(steps.map((s) => s.step)).not.toContain("apply");
  }, 60_000);

  it("refuses a second push while one is in flight on the gateway", async () => {
    const sticky = compileLinux(ZIntent.parse(intent({ method: "sticky-source" })), { flavour: "nftables" });
    const first = push(sticky, confirmedHash);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const second = await push(sticky, confirmedHash);
    // Refused, not failed: nothing was wrong with the push, the gateway was busy.
    expect(second.outcome).toMatchObject({ outcome: "refused", reason: expect.stringMatching(/another push is in flight/) });
    const done = (await first).outcome;
    expect(done).toMatchObject({ outcome: "confirmed" });
    if (done.outcome === "confirmed") confirmedHash = done.appliedHash;
  }, 90_000);

  it("keeps each LAN client on one link across 50 connections with sticky-source", async () => {
    for (const client of lab.clients) {
      const results = await client.connect({ count: 50, concurrency: 5 });
      expect(results.every((r) => r.ok)).toBe(true);
      expect(new Set(results.map((r) => r.link)).size).toBe(1);
    }
  }, 60_000);

  it("rolls back by itself when the change cuts Waymark off, and says why", async () => {
    const good = compileLinux(ZIntent.parse(intent({ method: "per-connection", lastResort: "blackhole" })), { flavour: "nftables" });
    const lockout: LinuxPlan = {
      ...good,
      ruleset: good.ruleset.replace(
        /\n}\s*$/,
        `\n\tchain lockout {\n\t\ttype filter hook input priority 0; policy accept;\n\t\tiifname "mgmt0" tcp dport ${sshd.port} ct state new drop\n\t}\n}\n`,
      ),
    };
    expect(lockout.ruleset).toContain("chain lockout");
    const { outcome, steps, ms } = await push(lockout, null, 8);

    expect(outcome).toMatchObject({ outcome: "rolled_back", reason: expect.stringMatching(/management path was lost.*rolled itself back/) });
    expect(finals(steps).slice(-2)).toEqual(["gate:failed", "rollback:ok"]);
    console.log(`lockout rolled back by the gateway and verified in ${ms} ms`);
    const after = await linuxGateway(target).inspect();
    expect(after.tableHash).toBe(confirmedHash);
  }, 90_000);

  it("rolls back at once when a link that was up fails its probes after the change", async () => {
    const broken = intent();
    broken.links[1]!.probe = { targets: ["192.0.2.99"] };
    const plan = compileLinux(ZIntent.parse(broken), { flavour: "nftables" });
    const { outcome, steps } = await push(plan, confirmedHash);
    expect(outcome).toMatchObject({ outcome: "rolled_back", reason: expect.stringMatching(/health gate failed: probes failed after the change: isp2 down/) });
    // A gate that did not pass is a failed step (issue 8, defect 10), then the rollback that followed it.
    expect(finals(steps).slice(-2)).toEqual(["gate:failed", "rollback:ok"]);
    expect(steps.find((s) => s.step === "gate" && s.status === "failed")?.detail).toMatch(/isp2 down/);
    expect((await linuxGateway(target).inspect()).tableHash).toBe(confirmedHash);
  }, 90_000);

  it("confirms while an ISP is already down before the push: an outage is not the push's fault", async () => {
    await lab.isp("isp2").dropAll();
    try {
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline) {
        const state = await linuxGateway(target).readState([
          { name: "isp1", mark: 0x100 },
          { name: "isp2", mark: 0x200 },
        ]);
        if (state.links[1]?.state === "down") break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const plan = compileLinux(ZIntent.parse(intent({ lastResort: "unreachable" })), { flavour: "nftables" });
      const { outcome } = await push(plan, confirmedHash);
      expect(outcome).toMatchObject({ outcome: "confirmed" });
    } finally {
      await lab.isp("isp2").restore();
    }
  }, 90_000);
});
