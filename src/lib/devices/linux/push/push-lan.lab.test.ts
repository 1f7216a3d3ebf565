// The health gate checks the path the policy exists for (issue 8, defect 9: a mistyped LAN interface was
// confirmed and cut off every LAN client), and a push leaves nothing of its own behind on the gateway (defect 11).
// Real OpenSSH, nftables and LAN clients in the dual-WAN lab, through the code the dashboard uses.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWanLab, summarize, type ConnectionResult, type WanLab } from "../../../../../lab";
import { startPrivateSshd, type PrivateSshd } from "../../../../../lab/private-sshd";
import { rootTargetOf } from "@tests/support/linux/lab-target";
import { compileLinux, type LinuxPlan } from "@/lib/domain/compile/linux";
import { ZIntent, type IntentInput } from "@/lib/domain/intent";
import type { LinuxTarget } from "@/lib/devices/driver";
import type { PushStep, StepStatus } from "../../push-types";
import { linuxGateway } from "../gateway";

let lab: WanLab;
let sshd: PrivateSshd;
let target: LinuxTarget;
let sequence = 0;
let confirmedHash: string | null = null;

beforeAll(async () => {
  lab = await startWanLab({ label: "pushlan", lanClients: 4 });
  sshd = await startPrivateSshd(lab);
  target = rootTargetOf(lab, sshd);
}, 60_000);

afterAll(async () => {
  await sshd?.stop();
  await lab?.stop();
});

function intent(change: (i: IntentInput) => void = () => {}): IntentInput {
  const input: IntentInput = {
    links: [
      { name: "isp1", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe: { targets: [...lab.probeTargets] } },
      { name: "isp2", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe: { targets: [...lab.probeTargets] } },
    ],
    outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
  };
  change(input);
  return input;
}

const compile = (change?: (i: IntentInput) => void) => compileLinux(ZIntent.parse(intent(change)), { flavour: "nftables" });

async function push(plan: LinuxPlan) {
  const steps: { step: PushStep; status: StepStatus; detail?: string }[] = [];
  const pushId = `l${process.pid}-${++sequence}`;
  const outcome = await linuxGateway(target).push(plan, {
    pushId,
    planHash: createHash("sha256").update(JSON.stringify(plan)).digest("hex"),
    lastAppliedTableHash: confirmedHash,
    confirmWindowSec: 20,
    gateTimeoutMs: 10_000,
    onProgress: (event) => steps.push(event),
  });
  if (outcome.outcome === "confirmed") confirmedHash = outcome.appliedHash;
  return { pushId, outcome, steps, finals: steps.filter((s) => s.status !== "running").map((s) => `${s.step}:${s.status}`) };
}

/** Every LAN client opening connections back to back until stopped, as a busy office would; resolves once flowing. */
async function lanTraffic(): Promise<{ stop: () => Promise<ConnectionResult[]> }> {
  let running = true;
  const results: ConnectionResult[] = [];
  let firstRounds = 0;
  // Two loops per client, so that one loop's next client process starting up leaves no gap in the traffic.
  const loops = [...lab.clients, ...lab.clients].map(async (client) => {
    while (running) {
      // A round that could not even report (its client process was killed on a loaded machine) is only a lost round.
      results.push(...(await client.connect({ count: 32, concurrency: 8, timeoutMs: 800 }).catch(() => [])));
      firstRounds++;
    }
  });
  // Each round starts a client process in its namespace: wait until every loop has one round behind it.
  const deadline = Date.now() + 20_000;
  while (firstRounds < 2 * lab.clients.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return results;
    },
  };
}

/** The gateway's private /run/waymark, and whether the push's nft table is there. */
async function leftovers(): Promise<{ files: string[]; gateTable: boolean }> {
  const files = (await sshd.readPrivate("/run/waymark")).split("\n").filter(Boolean);
  const tables = (await lab.gateway.exec(["nft", "list", "tables"])).stdout;
  return { files, gateTable: tables.includes("waymark_gate") };
}

describe("[lab] the gate checks the LAN path; pushes clean up after themselves", () => {
  it("confirms a first policy while the LAN is busy, judging that new LAN connections are still forwarded", async () => {
    // Before Waymark, the gateway serves its LAN the plain way: a default route and the admin's own masquerade.
    await lab.setDefaultRoute("isp1");
    await lab.gateway.exec(["nft", "-f", "-"], {
      input: 'table ip admin_nat {\n\tchain post { type nat hook postrouting priority srcnat; oifname "wan1" masquerade; }\n}\n',
    });
    const traffic = await lanTraffic();
    try {
      const { outcome, steps } = await push(compile());
      expect(outcome, JSON.stringify(steps, null, 1)).toMatchObject({ outcome: "confirmed" });
      const gate = steps.find((s) => s.step === "gate" && s.status === "ok")?.detail ?? "";
      console.log(`gate: ${gate}`);
      expect(gate).toMatch(/LAN lan0 up with 192\.168\.10\.1\/24/);
      expect(gate).toMatch(/\d+ new LAN connection\(s\) forwarded since the change \(\d+ in the \d+ ms before it\)/);
    } finally {
      const results = await traffic.stop();
      expect(results.length).toBeGreaterThan(0);
      await lab.gateway.exec(["nft", "delete", "table", "ip", "admin_nat"]);
    }
  }, 90_000);

  it("refuses, before anything changes, a push naming a LAN interface or a gateway the gateway does not have", async () => {
    const before = await linuxGateway(target).inspect();
    const typo = await push(compile((i) => (i.outbound.lanInterfaces = ["lan1"])));
    expect(typo.outcome).toMatchObject({
      outcome: "refused",
      reason: expect.stringMatching(/LAN interface lan1 does not exist on the device \(the device has .*lan0/),
    });
    expect(typo.finals).toEqual(["connect:ok", "inspect:failed"]);
    const offLink = await push(compile((i) => (i.links[0]!.gateway = "198.51.100.9")));
    expect(offLink.outcome).toMatchObject({ outcome: "refused", reason: expect.stringMatching(/gateway 198\.51\.100\.9 of link isp1 is not on-link on wan1/) });

    const after = await linuxGateway(target).inspect();
    expect(after.tableHash).toBe(before.tableHash);
    expect(after.appliedPlanHash).toBe(before.appliedPlanHash);
    // Not even the lock or a directory: nothing was written.
    expect((await leftovers()).files.filter((f) => f.startsWith("push") && f !== "push-outcomes")).toEqual([]);
  }, 60_000);

  it("rolls back, by its gate, a change that stops LAN forwarding while the LAN is busy", async () => {
    const good = compile((i) => (i.outbound.method = "sticky-source-destination"));
    // A change that passes every other check: links probe fine, the table loads, but new LAN connections die.
    const cut: LinuxPlan = {
      ...good,
      ruleset: good.ruleset.replace(
        /\n}\s*$/,
        '\n\tchain lan_cut {\n\t\ttype filter hook forward priority filter; policy accept;\n\t\tiifname "lan0" ct state new drop\n\t}\n}\n',
      ),
    };
    expect(cut.ruleset).toContain("chain lan_cut");
    const before = (await linuxGateway(target).inspect()).tableHash;
    const traffic = await lanTraffic();
    let result: Awaited<ReturnType<typeof push>>;
    try {
      result = await push(cut);
    } finally {
      await traffic.stop();
    }
    expect(result.outcome, JSON.stringify(result.steps, null, 1)).toMatchObject({
      outcome: "rolled_back",
      reason: expect.stringMatching(
        /health gate failed: LAN traffic is no longer forwarded: \d+ new LAN connections went out in the \d+ ms before the change, none in the \d+ ms after it/,
      ),
    });
    console.log(`gate: ${result.steps.find((s) => s.step === "gate" && s.status === "failed")?.detail}`);
    expect(result.finals.slice(-2)).toEqual(["gate:failed", "rollback:ok"]);
    expect((await linuxGateway(target).inspect()).tableHash).toBe(before);
    const again = summarize(await lab.clients[0]!.connect({ count: 20, concurrency: 4 }));
    expect(again.ok).toBe(20);
  }, 90_000);

  it("leaves only the running policy's and the monitor's files after three pushes, and inspection removes ended pushes' directories", async () => {
    // What an older Waymark (or a dashboard stopped mid-push) left: a push directory no longer armed.
    await lab.gateway.exec(["true"]);
    const seed = await linuxGateway(target).inspect();
    expect(seed.removedStale).toEqual([]);
    const { connectSsh } = await import("../ssh-client");
    const ssh = await connectSsh({ ...target, timeoutMs: 10_000 });
    try {
      await ssh.exec(["sh", "-c", "mkdir -p /run/waymark/push-stale1 && head -c 80000 /dev/zero > /run/waymark/push-stale1/monitor.sh"], { timeoutMs: 5_000 });
    } finally {
      ssh.close();
    }
    expect((await linuxGateway(target).inspect()).removedStale).toEqual(["push-stale1"]);

    const ids: string[] = [];
    for (const plan of [
      compile((i) => (i.links[0]!.weight = 2)),
      compile((i) => (i.links[1]!.probe = { targets: ["192.0.2.99"] })),
      compile((i) => (i.links[0]!.weight = 4)),
    ]) {
      const { pushId, outcome } = await push(plan);
      expect(["confirmed", "rolled_back"]).toContain(outcome.outcome);
      ids.push(pushId);
    }
    const { files, gateTable } = await leftovers();
    console.log(`/run/waymark after three pushes: ${files.join(" ")}`);
    expect(gateTable).toBe(false);
    expect(files.filter((f) => !/^(monitor[.-].+|push-outcomes)$/.test(f))).toEqual([]);
    const outcomes = await sshd.readPrivate("/run/waymark/push-outcomes");
    expect(ids.map((id) => outcomes.match(new RegExp(`^${id} (\\S+)$`, "m"))?.[1])).toEqual(["confirmed", "rolled-back", "confirmed"]);
  }, 120_000);
});
