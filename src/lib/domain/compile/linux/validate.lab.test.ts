import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileLinux, renderIptablesStateUpdate, renderNftStateUpdate } from ".";
import { VARIANTS } from "./variants.fixture";

// Real validation: every variant's ruleset is checked and loaded by the kernel inside a throwaway network
// namespace (never the root namespace's ruleset), twice to prove the replace is idempotent, and the routing
// commands are run there too. Needs root, iproute2, nft and iptables-restore; skipped with a note otherwise.

const NS = `wmc${process.pid}`;
const INTERFACES = ["wan1", "wan2", "wan3", "lan0"];
const ADDRESSES: Record<string, string> = { wan1: "198.51.100.2/24", wan2: "203.0.113.2/24", wan3: "100.64.0.2/24", lan0: "192.168.10.1/24" };

function run(argv: string[], input?: string): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(argv[0]!, argv.slice(1), { encoding: "utf8", input, timeout: 20_000 });
  return { status: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? String(result.error ?? "") };
}

function inNs(argv: string[]): string {
  const result = run(["ip", "netns", "exec", NS, ...argv]);
  if (result.status !== 0) throw new Error(`${argv.join(" ")} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

function has(command: string): boolean {
  return run(["sh", "-c", `command -v ${command}`]).status === 0;
}

const missing = ["ip", "nft"].filter((c) => !has(c));
const canRun = process.getuid?.() === 0 && missing.length === 0;
const hasIptables = has("iptables-restore") && has("iptables-save");
if (!canRun) console.warn(`validate.lab.test.ts skipped: needs root and ${missing.join(", ") || "nothing else"}`);
else if (!hasIptables) console.warn("validate.lab.test.ts: iptables flavour not validated, iptables-restore is missing (apt-get install iptables)");

/** Namespaces of earlier runs whose process is gone. */
function sweepLeftovers(): void {
  for (const line of run(["ip", "netns", "list"]).stdout.split("\n")) {
    const match = /^(wmc(\d+)\S*)/.exec(line);
    if (!match || Number(match[2]) === process.pid) continue;
    if (run(["kill", "-0", match[2]!]).status !== 0) run(["ip", "netns", "delete", match[1]!]);
  }
}

describe.skipIf(!canRun)("[lab] Linux plans load into a real kernel", () => {
  let dir = "";

  beforeAll(() => {
    sweepLeftovers();
    dir = mkdtempSync(path.join(tmpdir(), "wmc-"));
    inNsSetup();
  });

  afterAll(() => {
    run(["ip", "netns", "delete", NS]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function inNsSetup(): void {
    const added = run(["ip", "netns", "add", NS]);
    if (added.status !== 0) throw new Error(`ip netns add ${NS}: ${added.stderr}`);
    for (const name of INTERFACES) {
      // This kernel may lack the dummy driver; a veth pair with both ends in the namespace serves the same purpose.
      if (run(["ip", "-n", NS, "link", "add", name, "type", "dummy"]).status !== 0) {
        inNs(["ip", "link", "add", name, "type", "veth", "peer", "name", `${name}p`]);
        inNs(["ip", "link", "set", `${name}p`, "up"]);
      }
      inNs(["ip", "addr", "add", ADDRESSES[name]!, "dev", name]);
      inNs(["ip", "link", "set", name, "up"]);
    }
  }

  function write(name: string, content: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  }

  function listJson(): { nftables: Record<string, Record<string, unknown>>[] } {
    return JSON.parse(inNs(["nft", "-j", "list", "table", "inet", "waymark"]));
  }

  describe.each(Object.entries(VARIANTS))("%s", (name, intent) => {
    it("nftables: checked, loaded twice, listed with its counters, pool and live set", () => {
      const plan = compileLinux(intent, { flavour: "nftables" });
      const file = write(`${name}.nft`, plan.ruleset);
      inNs(["nft", "-c", "-f", file]);
      inNs(["nft", "-f", file]);
      inNs(["nft", "-f", file]);
      const objects = listJson().nftables;
      const counters = objects.filter((o) => o.counter).map((o) => o.counter!.name);
      for (const link of plan.monitor.links) {
        const id = link.name.replace(/-/g, "_");
        expect(counters).toEqual(expect.arrayContaining([`new_${id}`, `tx_${id}`, `rx_${id}`]));
      }
      expect(counters).toContain("nolink_new");
      const map = objects.find((o) => o.map?.name === "wan_pool")!.map!;
      expect(map.elem).toBeDefined();
      const set = objects.find((o) => o.set?.name === "links_up")!.set!;
      expect(set.elem).toEqual(plan.monitor.links.map((l) => l.mark));
      expect(objects.filter((o) => o.table)).toHaveLength(1);
      const counterList = JSON.parse(inNs(["nft", "-j", "list", "counters", "table", "inet", "waymark"]));
      expect(counterList.nftables.filter((o: Record<string, unknown>) => o.counter)).toHaveLength(counters.length);
    });

    it("nftables: the monitor's state update (one link down, then none) applies atomically", () => {
      const plan = compileLinux(intent, { flavour: "nftables" });
      inNs(["nft", "-f", write(`${name}.nft`, plan.ruleset)]);
      const members = plan.monitor.links.map((l) => ({ index: l.index, weight: l.weight, tier: l.tier }));
      const down0 = write(
        `${name}-down0.nft`,
        renderNftStateUpdate(
          members,
          members.slice(1).map((m) => m.index),
        ),
      );
      inNs(["nft", "-c", "-f", down0]);
      inNs(["nft", "-f", down0]);
      const set = listJson().nftables.find((o) => o.set?.name === "links_up")!.set!;
      expect(set.elem).toEqual(plan.monitor.links.slice(1).map((l) => l.mark));
      inNs(["nft", "-f", write(`${name}-none.nft`, renderNftStateUpdate(members, []))]);
      const after = listJson().nftables;
      expect(after.find((o) => o.map?.name === "wan_pool")!.map!.elem).toBeUndefined();
      expect(after.find((o) => o.set?.name === "links_up")!.set!.elem).toBeUndefined();
    });

    it.skipIf(!hasIptables)("iptables: passes iptables-restore --test, loads twice without duplicates, hooks once", () => {
      const plan = compileLinux(intent, { flavour: "iptables" });
      const file = write(`${name}.ipt`, plan.ruleset);
      inNs(["iptables-restore", "-w", "--test", "--noflush", file]);
      inNs(["iptables-restore", "-w", "--noflush", file]);
      const once = inNs(["iptables-save", "-t", "mangle"]);
      inNs(["iptables-restore", "-w", "--noflush", file]);
      for (const hook of plan.hooks) {
        for (let i = 0; i < 2; i++) {
          if (run(["ip", "netns", "exec", NS, ...hook.check]).status !== 0) inNs(hook.insert);
        }
      }
      const twice = inNs(["iptables-save", "-t", "mangle"]);
      const rules = (text: string) =>
        text
          .split("\n")
          .filter((l) => l.startsWith("-A WAYMARK_"))
          .sort();
      expect(rules(twice)).toEqual(rules(once));
      expect(twice.split("\n").filter((l) => l === "-A PREROUTING -j WAYMARK_PRE")).toHaveLength(1);
      const members = plan.monitor.links.map((l) => ({ index: l.index, weight: l.weight, tier: l.tier }));
      const update = write(
        `${name}-down0.ipt`,
        renderIptablesStateUpdate(
          members,
          members.slice(1).map((m) => m.index),
          intent.outbound.method,
        ),
      );
      inNs(["iptables-restore", "-w", "--test", "--noflush", update]);
      inNs(["iptables-restore", "-w", "--noflush", update]);
      expect(inNs(["iptables-save", "-t", "mangle"])).not.toMatch(/-A WAYMARK_UP0 /);
    });

    it("routing: sysctls, routes, cleanup and rules run, and twice leave the same rules", () => {
      const plan = compileLinux(intent, { flavour: "nftables" });
      const apply = () => {
        for (const s of plan.sysctls) inNs(s.argv);
        for (const r of plan.routes) inNs(r.argv);
        for (const c of plan.cleanup) {
          for (let n = 0; n < 20 && run(["ip", "netns", "exec", NS, ...c.argv]).status === 0 && c.untilFails; n++);
        }
        for (const r of plan.rules) inNs(r.argv);
        return inNs(["ip", "rule", "show"]);
      };
      const first = apply();
      expect(apply()).toBe(first);
      for (const r of plan.rules) expect(first).toContain(`${r.pref}:`);
      for (const r of plan.routes) expect(inNs(["ip", "route", "show", "table", String(r.table)])).toContain(`default via ${r.gateway} dev ${r.interface}`);
      expect(inNs(["sysctl", "-n", "net.ipv4.conf.wan1.rp_filter"]).trim()).toBe("2");
    });
  });
});
