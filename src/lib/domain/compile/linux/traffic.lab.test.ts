import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileLinux, renderIptablesStateUpdate, renderNftStateUpdate, type LinuxPlan } from ".";
import { VARIANTS } from "./variants.fixture";

// Traffic through a compiled plan: a LAN host, a gateway and two ISPs, each a throwaway namespace (prefix
// wmc<pid>) joined by veth pairs; nothing is created in the root namespace. Both ISPs own 192.0.2.100, so a
// ping succeeds whichever link carries it and the gateway's counters tell which one did.

const P = `wmc${process.pid}`;
const NS = { gw: `${P}gw`, lan: `${P}lan`, isp1: `${P}isp1`, isp2: `${P}isp2` };
const TARGET = "192.0.2.100";

function run(argv: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(argv[0]!, argv.slice(1), { encoding: "utf8", timeout: 20_000 });
  return { status: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? String(result.error ?? "") };
}

function ns(name: string, argv: string[]): string {
  const result = run(["ip", "netns", "exec", name, ...argv]);
  if (result.status !== 0) throw new Error(`[${name}] ${argv.join(" ")} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

const has = (command: string) => run(["sh", "-c", `command -v ${command}`]).status === 0;
const canRun = process.getuid?.() === 0 && ["ip", "nft", "ping"].every(has);
const hasIptables = has("iptables-restore") && has("iptables-save");

function pings(count: number, from = NS.lan): number {
  let ok = 0;
  for (let i = 0; i < count; i++) if (run(["ip", "netns", "exec", from, "ping", "-n", "-c", "1", "-W", "1", TARGET]).status === 0) ok++;
  return ok;
}

function counters(): Record<string, number> {
  const list = JSON.parse(ns(NS.gw, ["nft", "-j", "list", "counters", "table", "inet", "waymark"])) as {
    nftables: { counter?: { name: string; packets: number } }[];
  };
  return Object.fromEntries(list.nftables.flatMap((o) => (o.counter ? [[o.counter.name, o.counter.packets]] : [])));
}

/** Packets counted by the MARK rule of WAYMARK_TO<i>: new connections the iptables flavour gave link i. */
function iptablesAssigned(): Record<string, number> {
  const saved = ns(NS.gw, ["iptables-save", "-c", "-t", "mangle"]);
  return Object.fromEntries([...saved.matchAll(/^\[(\d+):\d+\] -A (WAYMARK_TO\d+) /gm)].map((m) => [m[2]!, Number(m[1])]));
}

describe.skipIf(!canRun)("[lab] traffic follows a compiled plan", () => {
  let dir = "";
  const file = (name: string, content: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, content);
    return f;
  };

  function applyPlan(plan: LinuxPlan): void {
    for (const s of plan.sysctls) ns(NS.gw, s.argv);
    for (const r of plan.routes) ns(NS.gw, r.argv);
    for (const c of plan.cleanup) {
      for (let n = 0; n < 20 && run(["ip", "netns", "exec", NS.gw, ...c.argv]).status === 0 && c.untilFails; n++);
    }
    for (const r of plan.rules) ns(NS.gw, r.argv);
    if (plan.target === "linux-nftables") {
      ns(NS.gw, ["nft", "-f", file("plan.nft", plan.ruleset)]);
    } else {
      ns(NS.gw, ["iptables-restore", "-w", "--noflush", file("plan.ipt", plan.ruleset)]);
      for (const h of plan.hooks) if (run(["ip", "netns", "exec", NS.gw, ...h.check]).status !== 0) ns(NS.gw, h.insert);
    }
  }

  const members = (plan: LinuxPlan) => plan.monitor.links.map((l) => ({ index: l.index, weight: l.weight, tier: l.tier }));
  const nftState = (plan: LinuxPlan, live: number[]) => ns(NS.gw, ["nft", "-f", file("state.nft", renderNftStateUpdate(members(plan), live))]);

  beforeAll(() => {
    for (const line of run(["ip", "netns", "list"]).stdout.split("\n")) {
      const m = /^(wmc(\d+)\S*)/.exec(line);
      if (m && Number(m[2]) !== process.pid && run(["kill", "-0", m[2]!]).status !== 0) run(["ip", "netns", "delete", m[1]!]);
    }
    dir = mkdtempSync(path.join(tmpdir(), "wmc-"));
    for (const name of Object.values(NS)) {
      const added = run(["ip", "netns", "add", name]);
      if (added.status !== 0) throw new Error(`ip netns add ${name}: ${added.stderr}`);
      ns(name, ["ip", "link", "set", "lo", "up"]);
    }
    const wire = (gwSide: string, gwAddress: string, peer: string, peerAddress: string) => {
      ns(NS.gw, ["ip", "link", "add", gwSide, "type", "veth", "peer", "name", "eth0", "netns", peer]);
      ns(NS.gw, ["ip", "addr", "add", gwAddress, "dev", gwSide]);
      ns(NS.gw, ["ip", "link", "set", gwSide, "up"]);
      ns(peer, ["ip", "addr", "add", peerAddress, "dev", "eth0"]);
      ns(peer, ["ip", "link", "set", "eth0", "up"]);
    };
    wire("lan0", "192.168.10.1/24", NS.lan, "192.168.10.2/24");
    wire("wan1", "198.51.100.2/24", NS.isp1, "198.51.100.1/24");
    wire("wan2", "203.0.113.2/24", NS.isp2, "203.0.113.1/24");
    ns(NS.lan, ["ip", "route", "add", "default", "via", "192.168.10.1"]);
    for (const isp of [NS.isp1, NS.isp2]) ns(isp, ["ip", "addr", "add", `${TARGET}/32`, "dev", "lo"]);
  }, 60_000);

  afterAll(() => {
    for (const name of Object.values(NS)) run(["ip", "netns", "delete", name]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("nftables, per-connection 3:1: LAN connections reach the internet through both links; a down link gets none", () => {
    const plan = compileLinux(VARIANTS.dual, { flavour: "nftables" });
    applyPlan(plan);
    expect(pings(40)).toBe(40);
    const c = counters();
    expect(c.new_isp_a! + c.new_isp_b!).toBe(40);
    expect(c.new_isp_a).toBeGreaterThan(c.new_isp_b!);
    expect(c.new_isp_b).toBeGreaterThan(0);
    expect(c.tx_isp_a).toBeGreaterThan(0);
    expect(c.rx_isp_b).toBeGreaterThan(0);
    nftState(plan, [1]);
    expect(pings(15)).toBe(15);
    const after = counters();
    expect(after.new_isp_a).toBe(c.new_isp_a);
    expect(after.new_isp_b).toBe(c.new_isp_b! + 15);
  });

  it("nftables: the gateway's own connections are balanced too (with a default route in main for the first lookup)", () => {
    applyPlan(compileLinux(VARIANTS.dual, { flavour: "nftables" }));
    ns(NS.gw, ["ip", "route", "replace", "default", "via", "198.51.100.1"]);
    try {
      expect(pings(20, NS.gw)).toBe(20);
      const c = counters();
      expect(c.new_isp_a! + c.new_isp_b!).toBe(20);
    } finally {
      ns(NS.gw, ["ip", "route", "del", "default"]);
    }
  });

  it("nftables: a probe carrying a link's mark leaves by that link even while the link is out of the pool", () => {
    const plan = compileLinux(VARIANTS.dual, { flavour: "nftables" });
    applyPlan(plan);
    nftState(plan, [0]);
    const received = () => {
      const [link] = JSON.parse(ns(NS.isp2, ["ip", "-s", "-j", "link", "show", "eth0"])) as { stats64: { rx: { packets: number } } }[];
      return link!.stats64.rx.packets;
    };
    const before = received();
    const mark = String(plan.monitor.links[1]!.mark);
    expect(run(["ip", "netns", "exec", NS.gw, "ping", "-n", "-c", "3", "-i", "0.2", "-W", "1", "-m", mark, TARGET]).status).toBe(0);
    expect(received() - before).toBeGreaterThanOrEqual(3);
    expect(counters()).toMatchObject({ new_isp_a: 0, new_isp_b: 0 });
  });

  it("nftables: a pin holds while its link is up and falls through to the pool while it is down", () => {
    const intent = structuredClone(VARIANTS.dual);
    intent.outbound.pinned = [{ destination: `${TARGET}/32`, link: "isp-b", comment: "" }];
    const plan = compileLinux(intent, { flavour: "nftables" });
    applyPlan(plan);
    expect(pings(10)).toBe(10);
    expect(counters()).toMatchObject({ new_isp_a: 0, new_isp_b: 10 });
    nftState(plan, [0]);
    expect(pings(10)).toBe(10);
    expect(counters()).toMatchObject({ new_isp_a: 10, new_isp_b: 10 });
  });

  it("nftables, sticky by source: one host keeps one link", () => {
    applyPlan(compileLinux(VARIANTS.stickySource, { flavour: "nftables" }));
    expect(pings(20)).toBe(20);
    expect([counters().new_isp_a, counters().new_isp_b].sort()).toEqual([0, 20]);
  });

  it("nftables, last resort unreachable: with no link up new connections are refused and counted", () => {
    const plan = compileLinux(VARIANTS.unreachable, { flavour: "nftables" });
    applyPlan(plan);
    nftState(plan, []);
    expect(pings(3)).toBe(0);
    expect(counters()).toMatchObject({ nolink_new: 3, new_isp_a: 0, new_isp_b: 0 });
    nftState(plan, [0, 1]);
    expect(pings(5)).toBe(5);
  });

  it.skipIf(!hasIptables)("iptables, per-connection and sticky: the same policy through Waymark's chains", () => {
    ns(NS.gw, ["nft", "delete", "table", "inet", "waymark"]);
    const plan = compileLinux(VARIANTS.dual, { flavour: "iptables" });
    applyPlan(plan);
    expect(pings(40)).toBe(40);
    const c = iptablesAssigned();
    expect(c.WAYMARK_TO0! + c.WAYMARK_TO1!).toBe(40);
    expect(c.WAYMARK_TO1).toBeGreaterThan(0);
    ns(NS.gw, ["iptables-restore", "-w", "--noflush", file("down.ipt", renderIptablesStateUpdate(members(plan), [1], "per-connection"))]);
    expect(pings(10)).toBe(10);
    expect(iptablesAssigned()).toMatchObject({ WAYMARK_TO0: c.WAYMARK_TO0, WAYMARK_TO1: c.WAYMARK_TO1! + 10 });

    applyPlan(compileLinux(VARIANTS.stickySourceDestination, { flavour: "iptables" }));
    expect(pings(20)).toBe(20);
    expect([iptablesAssigned().WAYMARK_TO0, iptablesAssigned().WAYMARK_TO1].sort()).toEqual([0, 20]);
  });
});
