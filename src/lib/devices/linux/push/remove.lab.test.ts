// "Remove Waymark's policy" on a real gateway (OpenSSH, nftables, iproute2 in the dual-WAN lab), through the device
// seam as the dashboard runs it (inspect → remove): afterwards the gateway is exactly as it was before Waymark's
// first push — ruleset, rules, routes, sysctls, files, units, processes — and a removal that would cut the LAN is
// rolled back to the full policy by its gate. Issue 9 §4.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWanLab, summarize, type ConnectionResult, type WanLab } from "../../../../../lab";
import { startPrivateSshd, type PrivateSshd } from "../../../../../lab/private-sshd";
import { rootTargetOf } from "@tests/support/linux/lab-target";
import { compileLinux } from "@/lib/domain/compile/linux";
import { ZIntent, type IntentInput } from "@/lib/domain/intent";
import type { DeviceDriver, LinuxTarget } from "@/lib/devices/driver";
import type { PushOutcome, PushStep, StepStatus } from "../../push-types";
import { createLinuxDriver } from "../adapter";
import { planHashOf } from "../adapter/plan-hash";
import { linuxGateway } from "../gateway";
import { connectSsh } from "../ssh-client";

let lab: WanLab;
let sshd: PrivateSshd;
let target: LinuxTarget;
let driver: DeviceDriver;
let sequence = 0;
let lastApplied: string | null = null;

beforeAll(async () => {
  lab = await startWanLab({ label: "remove", lanClients: 2 });
  sshd = await startPrivateSshd(lab);
  target = rootTargetOf(lab, sshd);
  driver = createLinuxDriver(target);
}, 60_000);

afterAll(async () => {
  await sshd?.stop();
  await lab?.stop();
});

const intent = (): IntentInput => ({
  links: [
    { name: "isp1", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe: { targets: [...lab.probeTargets] } },
    { name: "isp2", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe: { targets: [...lab.probeTargets] } },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
});

type Steps = { step: PushStep; status: StepStatus; detail?: string }[];
const finals = (steps: Steps) => steps.filter((s) => s.status !== "running").map((s) => `${s.step}:${s.status}`);

async function push(): Promise<{ outcome: PushOutcome; steps: Steps }> {
  const steps: Steps = [];
  const inspection = await driver.inspect();
  const plan = compileLinux(ZIntent.parse(intent()), { flavour: "nftables" });
  const outcome = await driver.push(plan, inspection, {
    pushId: `rp${process.pid}-${++sequence}`,
    planHash: planHashOf(plan),
    lastAppliedHash: lastApplied,
    confirmWindowSec: 20,
    onProgress: (e) => steps.push(e),
  });
  if (outcome.outcome === "confirmed") lastApplied = outcome.appliedHash;
  return { outcome, steps };
}

async function remove(): Promise<{ outcome: PushOutcome; steps: Steps }> {
  const steps: Steps = [];
  const inspection = await driver.inspect();
  const outcome = await driver.remove(inspection, {
    pushId: `rm${process.pid}-${++sequence}`,
    planHash: "",
    lastAppliedHash: lastApplied,
    confirmWindowSec: 20,
    onProgress: (e) => steps.push(e),
  });
  return { outcome, steps };
}

async function onGateway(script: string): Promise<string> {
  const ssh = await connectSsh({ ...target, timeoutMs: 10_000 });
  try {
    const result = await ssh.exec(["sh", "-c", script], { timeoutMs: 20_000 });
    if (result.code !== 0) throw new Error(`gateway command failed (${result.code}): ${result.stderr}`);
    return result.stdout;
  } finally {
    ssh.close();
  }
}

// Everything Waymark could have changed, as the gateway (its private file view) shows it. The word is split in the
// script so the fingerprinting shell's own command line never matches the process check.
const FINGERPRINT = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable, expanded by the gateway's shell
  "W=waymar; W=${W}k",
  "echo '## nft (stateless: no counter values)'; nft -s list ruleset",
  "echo '## iptables'; for t in mangle nat filter; do iptables-save -t $t 2>/dev/null | grep -v '^#' | sed 's/\\[[0-9]*:[0-9]*\\]//'; done",
  "echo '## ip rule'; ip -4 rule show",
  "echo '## routes'; ip -4 route show table all",
  "echo '## sysctls'; for k in net.ipv4.ip_forward net.ipv4.conf.all.src_valid_mark net.ipv4.conf.all.rp_filter net.ipv4.conf.wan1.rp_filter net.ipv4.conf.wan2.rp_filter net.ipv4.conf.lan0.rp_filter; do echo \"$k=$(sysctl -n $k)\"; done",
  // In the lab the three directories are the private sshd's tmpfs mount points: there before, and empty.
  "echo '## files'; ls -AR /etc/$W /usr/local/lib/$W /run/$W 2>&1",
  "echo '## units'; ls /etc/systemd/system 2>/dev/null | grep -i $W || true",
  "echo '## processes in this network namespace'; me=$(readlink /proc/self/ns/net); for p in /proc/[0-9]*; do [ \"$(readlink $p/ns/net 2>/dev/null)\" = \"$me\" ] && tr '\\0' ' ' < $p/cmdline 2>/dev/null && echo; done | grep -i 'waymar[k]' | sort || true",
].join("\n");

const fingerprint = () => onGateway(FINGERPRINT);

/** Every LAN client opening connections back to back until stopped; resolves once traffic flows. */
async function lanTraffic(): Promise<{ stop: () => Promise<ConnectionResult[]> }> {
  let running = true;
  let rounds = 0;
  const results: ConnectionResult[] = [];
  const loops = [...lab.clients, ...lab.clients].map(async (client) => {
    while (running) {
      results.push(...(await client.connect({ count: 32, concurrency: 8, timeoutMs: 800 }).catch(() => [])));
      rounds++;
    }
  });
  const deadline = Date.now() + 20_000;
  while (rounds < 2 * lab.clients.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return results;
    },
  };
}

describe("[lab] removing Waymark's policy from a Linux gateway", () => {
  let before = "";

  it("leaves the gateway exactly as it was before Waymark's first push, the LAN served throughout", async () => {
    // Before Waymark, the gateway serves its LAN the plain way: a default route and the admin's own masquerade.
    await lab.setDefaultRoute("isp1");
    await lab.gateway.exec(["nft", "-f", "-"], {
      input: 'table ip admin_nat {\n\tchain post { type nat hook postrouting priority srcnat; oifname "wan1" masquerade; }\n}\n',
    });
    // What an admin might have set, which Waymark's policy changes (it wants 2 on the WANs and src_valid_mark 1).
    await lab.gateway.exec(["sysctl", "-qw", "net.ipv4.conf.wan1.rp_filter=1", "net.ipv4.conf.all.src_valid_mark=0"]);
    before = await fingerprint();
    expect(before).toContain("table ip admin_nat");
    expect(before).not.toMatch(/table inet waymark/);

    const pushed = await push();
    expect(pushed.outcome, JSON.stringify(pushed.steps, null, 1)).toMatchObject({ outcome: "confirmed" });
    const during = await fingerprint();
    expect(during).toContain("table inet waymark {");
    expect(during).toContain("net.ipv4.conf.wan1.rp_filter=2");
    expect(during).toMatch(/monitor\.sh/);
    expect(await sshd.readPrivate("/etc/waymark/original-sysctls")).toContain("/proc/sys/net/ipv4/conf/wan1/rp_filter 1");

    const traffic = await lanTraffic();
    let removed: Awaited<ReturnType<typeof remove>>;
    try {
      removed = await remove();
    } finally {
      await traffic.stop();
    }
    expect(removed.outcome, JSON.stringify(removed.steps, null, 1)).toEqual({ outcome: "confirmed", appliedHash: "" });
    expect(finals(removed.steps)).toEqual(["connect", "upload", "snapshot", "arm", "apply", "gate", "confirm"].map((s) => `${s}:ok`));
    const detail = (step: PushStep) => removed.steps.find((s) => s.step === step && s.status === "ok")?.detail ?? "";
    console.log(`apply: ${detail("apply")}\ngate: ${detail("gate")}`);
    expect(detail("apply")).toMatch(/found: nft-table, rules, routes, files, monitor/);
    expect(detail("apply")).toContain("net.ipv4.conf.wan1.rp_filter=1");
    // The LAN was busy before the removal and still was after it (through the admin's own route and NAT).
    expect(detail("gate")).toMatch(/management path reachable; \d+ new LAN connection\(s\) forwarded since the change/);

    expect(await fingerprint()).toBe(before);
    const after = summarize(await lab.clients[0]!.connect({ count: 20, concurrency: 4 }));
    expect(after.ok).toBe(20);
    expect(after.byLink.isp1).toBe(20);
  }, 120_000);

  it("says 'unchanged' when there is nothing of Waymark's to remove, and still leaves nothing behind", async () => {
    const again = await remove();
    expect(again.outcome).toEqual({ outcome: "unchanged", appliedHash: "" });
    expect(finals(again.steps)).toEqual(["connect:ok", "upload:skipped"]);
    // Its own inspection installed the LAN watch; the removal took it away again.
    expect(await fingerprint()).toBe(before);
  }, 60_000);

  it("rolls back to the full policy when the removal would cut the LAN (no route of the gateway's own)", async () => {
    await lab.setDefaultRoute(null);
    const pushed = await push();
    expect(pushed.outcome).toMatchObject({ outcome: "confirmed" });
    const full = await linuxGateway(target).inspect();
    const traffic = await lanTraffic();
    let removed: Awaited<ReturnType<typeof remove>>;
    try {
      removed = await remove();
    } finally {
      await traffic.stop();
    }
    expect(removed.outcome, JSON.stringify(removed.steps, null, 1)).toMatchObject({
      outcome: "rolled_back",
      reason: expect.stringMatching(/health gate failed: LAN traffic is no longer forwarded/),
    });
    expect(finals(removed.steps).slice(-2)).toEqual(["gate:failed", "rollback:ok"]);

    // The full policy again: the same table, its rules, routes, sysctls, files and a monitor that probes again.
    const back = await linuxGateway(target).inspect();
    expect(back.tableHash).toMatch(/^[0-9a-f]{64}$/);
    expect(back.tableHash).toBe(full.tableHash);
    expect(back.appliedPlanHash).toBe(full.appliedPlanHash);
    const now = await fingerprint();
    for (const part of [
      "19000:",
      "lookup main suppress_prefixlength 0",
      "table 20001",
      "net.ipv4.conf.wan1.rp_filter=2",
      "net.ipv4.conf.all.src_valid_mark=1",
      "applied.sha256",
      "original-sysctls",
    ])
      expect(now).toContain(part);
    expect(now).toMatch(/monitor\.sh/);
    const state = await waitForLinksUp();
    expect(state).toEqual(["isp1:up", "isp2:up"]);
    const served = summarize(await lab.clients[0]!.connect({ count: 20, concurrency: 4 }));
    expect(served.ok).toBe(20);

    // Removing it for good once the gateway has its own way out again.
    await lab.setDefaultRoute("isp1");
    expect((await remove()).outcome).toMatchObject({ outcome: "confirmed" });
    expect(await fingerprint()).toBe(before);
  }, 150_000);

  it("removes the iptables flavour's WAYMARK_ chains and their hooks just as completely", async () => {
    const plan = compileLinux(ZIntent.parse(intent()), { flavour: "iptables" });
    const pushed = await linuxGateway(target).push(plan, {
      pushId: `ri${process.pid}-${++sequence}`,
      planHash: planHashOf(plan),
      lastAppliedTableHash: null,
      confirmWindowSec: 20,
      gateTimeoutMs: 10_000,
      onProgress: () => {},
    });
    expect(pushed).toMatchObject({ outcome: "confirmed" });
    expect(await fingerprint()).toMatch(/-A PREROUTING -j WAYMARK_PRE/);
    const removed = await remove();
    expect(removed.outcome, JSON.stringify(removed.steps, null, 1)).toMatchObject({ outcome: "confirmed" });
    expect(removed.steps.find((s) => s.step === "apply" && s.status === "ok")?.detail).toMatch(/found: iptables-chains, rules, routes, files, monitor/);
    expect(await fingerprint()).toBe(before);
  }, 90_000);
});

async function waitForLinksUp(): Promise<string[]> {
  const plan = compileLinux(ZIntent.parse(intent()), { flavour: "nftables" });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const reading = await driver.read(plan, lastApplied);
    const states = reading.links.map((l) => `${l.name}:${l.state}`);
    if (states.every((s) => s.endsWith(":up")) || Date.now() > deadline) return states;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
