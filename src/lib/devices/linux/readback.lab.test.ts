// Reading back what a gateway does after a confirmed push (linuxGateway(...).readState, the same call the
// dashboard's GET /devices/{id}/state makes), checked against the dual-WAN lab's truth: the packets each ISP
// forwarded, the links the internet server saw, the gateway's own conntrack table.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWanLab, summarize, type ConnectionResult, type Isp, type IspName, type WanLab } from "../../../../lab";
import { compileLinux, type LinuxPlan } from "@/lib/domain/compile/linux";
import { detectionTimeMs, recoveryTimeMs, ZIntent, type IntentInput } from "@/lib/domain/intent";
import type { LinuxTarget } from "@/lib/devices/driver";
import { linuxGateway } from "./gateway";
import { startPrivateSshd, type PrivateSshd } from "../../../../lab/private-sshd";
import { rootTargetOf } from "@tests/support/linux/lab-target";
import type { GatewayState, LinkReadback, StateLink } from "./read-state";

let lab: WanLab;
let sshd: PrivateSshd;
let target: LinuxTarget;
let plan: LinuxPlan;
let links: StateLink[];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function intent(): IntentInput {
  return {
    links: [
      { name: "isp1", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe: { targets: [...lab.probeTargets] } },
      { name: "isp2", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe: { targets: [...lab.probeTargets] } },
    ],
    outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
  };
}

const readState = (): Promise<GatewayState> => linuxGateway(target).readState(links);
const linkOf = (state: GatewayState, name: IspName): LinkReadback => {
  const link = state.links.find((l) => l.name === name);
  if (!link) throw new Error(`no ${name} in the read-back`);
  return link;
};

/** Polls the read-back until `done` holds; returns the state and when it was read (ms since the epoch). */
async function stateWhen(what: string, timeoutMs: number, done: (state: GatewayState) => boolean): Promise<GatewayState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await readState();
    if (done(state)) return state;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(state.links, bigints)}`);
    await sleep(100);
  }
}

const bigints = (_key: string, value: unknown) => (typeof value === "bigint" ? value.toString() : value);

async function allClients(options: { count: number; concurrency: number; holdMs?: number }): Promise<ConnectionResult[]> {
  return (await Promise.all(lab.clients.map((c) => c.connect(options)))).flat();
}

// The ISPs' `up`/`down` counters count everything they forward for the gateway, including the monitor's own
// probes (ICMP sent by the gateway itself, which never passes its forward hook and so is rightly not in
// Waymark's tx/rx). A table of this test's own in each ISP counts exactly those, so they can be taken out.
const PROBE_TABLE = "wmtest_probes";
async function countProbesAt(isp: Isp): Promise<void> {
  const ruleset = `table inet ${PROBE_TABLE} {
  counter up {}
  counter down {}
  chain forward {
    type filter hook forward priority filter - 1; policy accept;
    iifname "cust0" meta l4proto icmp counter name up
    oifname "cust0" meta l4proto icmp counter name down
  }
}
`;
  await isp.node.exec(["nft", "-f", "-"], { input: ruleset });
}

type Packets = { packets: bigint; bytes: bigint };
type IspTruth = { up: Packets; down: Packets };

async function ispTruth(isp: Isp): Promise<IspTruth> {
  const counters = await isp.counters();
  const { stdout } = await isp.node.exec(["nft", "-j", "list", "counters", "table", "inet", PROBE_TABLE]);
  const probes = new Map<string, Packets>();
  for (const item of (JSON.parse(stdout) as { nftables: { counter?: { name: string; packets: number; bytes: number } }[] }).nftables) {
    if (item.counter) probes.set(item.counter.name, { packets: BigInt(item.counter.packets), bytes: BigInt(item.counter.bytes) });
  }
  const minus = (all: { packets: number; bytes: number }, probe: Packets | undefined): Packets => ({
    packets: BigInt(all.packets) - (probe?.packets ?? 0n),
    bytes: BigInt(all.bytes) - (probe?.bytes ?? 0n),
  });
  return { up: minus(counters.up, probes.get("up")), down: minus(counters.down, probes.get("down")) };
}

const delta = (after: Packets | null, before: Packets | null): { packets: number; bytes: number } => {
  if (!after || !before) throw new Error("a counter is missing from the read-back");
  return { packets: Number(after.packets - before.packets), bytes: Number(after.bytes - before.bytes) };
};

/** conntrack entries with a link's mark, counted in the gateway's namespace directly (all, or a filter's). */
async function conntrackCount(mark: number, filter = ""): Promise<number> {
  const { stdout } = await lab.gateway.exec(["sh", "-c", `conntrack -L ${filter} -m 0x${mark.toString(16)}/0xff00 2>/dev/null | wc -l`]);
  return Number(stdout.trim());
}

beforeAll(async () => {
  lab = await startWanLab({ label: "readback", lanClients: 4 });
  sshd = await startPrivateSshd(lab);
  target = rootTargetOf(lab, sshd);
  await Promise.all(lab.isps.map(countProbesAt));
  plan = compileLinux(ZIntent.parse(intent()), { flavour: "nftables" });
  links = plan.monitor.links.map((l) => ({ name: l.name, mark: l.mark }));
  const outcome = await linuxGateway(target).push(plan, {
    pushId: `rb${process.pid}`,
    planHash: createHash("sha256").update(JSON.stringify(plan)).digest("hex"),
    lastAppliedTableHash: null,
    confirmWindowSec: 20,
    gateTimeoutMs: 10_000,
    onProgress: () => {},
  });
  expect(outcome).toMatchObject({ outcome: "confirmed" });
}, 90_000);

afterAll(async () => {
  await sshd?.stop();
  await lab?.stop();
});

describe("[lab] reading back a pushed policy", () => {
  it("reports per-link tx/rx that agree with what each ISP forwarded (within 2 %), and one new connection per connection", async () => {
    const before = await readState();
    const truthBefore = await Promise.all(lab.isps.map(ispTruth));

    const results = await allClients({ count: 125, concurrency: 10 });
    const summary = summarize(results);
    expect(summary.ok).toBe(500);
    // Every connection is closed by now; let the last FIN/ACKs cross before counting.
    await sleep(1_000);

    const truthAfter = await Promise.all(lab.isps.map(ispTruth));
    const after = await readState();

    const rows = lab.isps.map((isp, i) => {
      const name = isp.name;
      const ispUp = delta(truthAfter[i]!.up, truthBefore[i]!.up);
      const ispDown = delta(truthAfter[i]!.down, truthBefore[i]!.down);
      const tx = delta(linkOf(after, name).tx, linkOf(before, name).tx);
      const rx = delta(linkOf(after, name).rx, linkOf(before, name).rx);
      const created = delta(linkOf(after, name).newConnections, linkOf(before, name).newConnections);
      return { name, tx, ispUp, rx, ispDown, created, serverSaw: summary.byLink[name] ?? 0 };
    });
    console.table(
      rows.map((r) => ({
        link: r.name,
        "tx (waymark)": r.tx.packets,
        "up (isp)": r.ispUp.packets,
        "rx (waymark)": r.rx.packets,
        "down (isp)": r.ispDown.packets,
        "new (waymark)": r.created.packets,
        "connections (server)": r.serverSaw,
      })),
    );

    for (const r of rows) {
      // Both links carried real traffic: 3:1 over 500 connections, several packets each way per connection.
      // isp2's count is Binomial(500, 0.25), mean 125, sd 9.7: 50 is 7.7 sd below, far past the 3.9 sd (one
      // failure in 10,000 runs of a correct product) every statistical bound here keeps.
      expect(r.serverSaw).toBeGreaterThan(50);
      expect(r.ispUp.packets).toBeGreaterThan(3 * r.serverSaw);
      // Out through the link = what the ISP forwarded from the gateway; in = what it forwarded to it.
      expect(Math.abs(r.tx.packets - r.ispUp.packets), `${r.name} tx`).toBeLessThanOrEqual(0.02 * r.ispUp.packets);
      expect(Math.abs(r.rx.packets - r.ispDown.packets), `${r.name} rx`).toBeLessThanOrEqual(0.02 * r.ispDown.packets);
      expect(Math.abs(r.tx.bytes - r.ispUp.bytes), `${r.name} tx bytes`).toBeLessThanOrEqual(0.02 * r.ispUp.bytes);
      expect(Math.abs(r.rx.bytes - r.ispDown.bytes), `${r.name} rx bytes`).toBeLessThanOrEqual(0.02 * r.ispDown.bytes);
      // New connections assigned to the link: exactly the connections the internet server saw arrive through it.
      expect(r.created.packets, `${r.name} new connections`).toBe(r.serverSaw);
    }
  }, 90_000);

  it("takes a silently dead link out within the detection time, reports it down, and brings it back after the up-count", async () => {
    const probe = ZIntent.parse(intent()).links[0]!.probe;
    const detection = detectionTimeMs(probe);
    const recovery = recoveryTimeMs(probe);
    const isp1 = lab.isp("isp1");

    const droppedAt = Date.now();
    await isp1.dropAll();
    try {
      // ~1.2 s after the ISP went silent every new connection must already go through isp2.
      await sleep(Math.max(0, droppedAt + detection.maxMs + 150 - Date.now()));
      const during = await allClients({ count: 25, concurrency: 5 });
      const duringSummary = summarize(during);
      expect(duringSummary, JSON.stringify(duringSummary)).toMatchObject({ ok: 100, byLink: { isp2: 100 } });

      const down = await readState();
      expect(linkOf(down, "isp1").state).toBe("down");
      expect(linkOf(down, "isp2").state).toBe("up");
      // The gateway shares the host's clock, so its transition time can be set against the drop.
      const detectedMs = linkOf(down, "isp1").since! - droppedAt;
      console.log(`isp1 declared down ${detectedMs} ms after its ISP went silent (allowed ${detection.minMs}–${detection.maxMs} ms)`);
      expect(detectedMs).toBeLessThanOrEqual(detection.maxMs + 100);
      expect(detectedMs).toBeGreaterThanOrEqual(detection.minMs - 300);
    } finally {
      await isp1.restore();
    }
    const restoredAt = Date.now();

    const up = await stateWhen("isp1 up again", recovery.maxMs + 3_000, (s) => linkOf(s, "isp1").state === "up");
    const recoveredMs = linkOf(up, "isp1").since! - restoredAt;
    console.log(`isp1 declared up ${recoveredMs} ms after its ISP answered again (allowed ${recovery.minMs}–${recovery.maxMs} ms)`);
    // Hysteresis: not before upCount passing rounds, and not much later either.
    expect(recoveredMs).toBeGreaterThanOrEqual(recovery.minMs - 300);
    expect(recoveredMs).toBeLessThanOrEqual(recovery.maxMs + 400);

    const afterwards = summarize(await allClients({ count: 50, concurrency: 5 }));
    expect(afterwards.ok).toBe(200);
    // 3:1 again: isp1's count is Binomial(200, 0.75), mean 150, sd 6.1; more than 100 is 8.2 sd of margin (a
    // correct product fails it far less than once in 10,000 runs), and isp2 gets none with probability 0.75^200.
    expect(afterwards.byLink.isp1 ?? 0).toBeGreaterThan(100);
    expect(afterwards.byLink.isp2 ?? 0).toBeGreaterThan(0);
  }, 60_000);

  it("reports each link's open connections (established TCP and UDP), including those held right now", async () => {
    // 40 held connections at 3:1, so that each link holds some: isp2 holds none with probability 0.75^40 ≈ 1e-5,
    // under the one-in-10,000 limit for a correct product.
    const held = allClients({ count: 10, concurrency: 10, holdMs: 4_000 });
    // All 40 connections are open (greeted) well within 1.5 s; read while they are held.
    await sleep(1_500);
    const establishedBefore = await Promise.all(links.map((l) => conntrackCount(l.mark, "-p tcp --state ESTABLISHED")));
    const probes = await Promise.all(links.map((l) => conntrackCount(l.mark, "-p icmp")));
    const allBefore = await Promise.all(links.map((l) => conntrackCount(l.mark)));
    const state = await readState();
    const allAfter = await Promise.all(links.map((l) => conntrackCount(l.mark)));
    const results = await held;
    const summary = summarize(results);
    expect(summary.ok).toBe(40);

    links.forEach((link, i) => {
      const reported = linkOf(state, link.name as IspName).connections;
      const heldHere = summary.byLink[link.name as IspName] ?? 0;
      console.log(
        `${link.name}: read-back ${reported} entries; gateway ${allBefore[i]}..${allAfter[i]} (${establishedBefore[i]} established TCP, ${probes[i]} ICMP); ${heldHere} held open`,
      );
      expect(reported).not.toBeNull();
      expect(heldHere).toBeGreaterThan(0);
      expect(establishedBefore[i]).toBeGreaterThanOrEqual(heldHere);
      // Open flows only: every held connection, and not the closed ones or the monitor's probes the kernel
      // still lists for that mark.
      expect(reported!).toBeGreaterThanOrEqual(heldHere);
      expect(reported!).toBeLessThanOrEqual(establishedBefore[i]! + 5);
      expect(reported!).toBeLessThan(allBefore[i]!);
    });
  }, 30_000);
});
