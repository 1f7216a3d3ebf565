import { Client } from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, waitFor } from "./exec";
import { listRootLinks } from "./teardown";
import { runIperf, startIperfServer, summarize, whichLink } from "./traffic";
import { startWanLab, type WanLab } from "./wan-lab";
import { LAB_PREFIXES } from "./wan-lab-addr";

const BASELINE_NAT = `table ip wmtest_nat
delete table ip wmtest_nat
table ip wmtest_nat {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "wan1" masquerade
    oifname "wan2" masquerade
  }
}
`;

const rootRoutes = async () => (await run(["ip", "-o", "route", "show", "table", "all"])).stdout.split("\n").filter(Boolean);
const rootRules = async () => (await run(["ip", "rule", "show"])).stdout;

let lab: WanLab;
let routesBefore: string[];
let rulesBefore: string;

beforeAll(async () => {
  routesBefore = await rootRoutes();
  rulesBefore = await rootRules();
  lab = await startWanLab({ defaultVia: "isp1", label: "wan-test" });
  console.log(`wan lab started in ${lab.startupMs} ms`);
  await lab.gateway.exec(["nft", "-f", "-"], { input: BASELINE_NAT });
});

afterAll(async () => {
  await lab?.stop();
});

describe("WAN lab topology", () => {
  it("builds a gateway with mgmt0/lan0/wan1/wan2 and no policy of its own", async () => {
    const { stdout } = await lab.gateway.exec(["ip", "-o", "-4", "addr", "show"]);
    expect(stdout).toMatch(/wan1\s+inet 198\.51\.100\.2\/30/);
    expect(stdout).toMatch(/wan2\s+inet 203\.0\.113\.2\/30/);
    expect(stdout).toMatch(/lan0\s+inet 192\.168\.10\.1\/24/);
    expect(stdout).toContain(`mgmt0    inet ${lab.host}/30`);
    expect((await lab.gateway.exec(["sysctl", "-n", "net.ipv4.ip_forward"])).stdout.trim()).toBe("1");
    expect((await lab.gateway.exec(["ip", "rule", "show"])).stdout.trim().split("\n")).toHaveLength(3);
    expect(lab.clients.map((c) => c.address)).toEqual(["192.168.10.11", "192.168.10.12", "192.168.10.13", "192.168.10.14"]);
    expect(lab.isps.map((isp) => [isp.name, isp.wanIf, isp.ispAddress])).toEqual([
      ["isp1", "wan1", "198.51.100.1"],
      ["isp2", "wan2", "203.0.113.1"],
    ]);
  });

  it("puts nothing in the root namespace but the management /30", async () => {
    const mgmt = (await listRootLinks()).filter((name) => name.includes(lab.lab.tag));
    expect(mgmt).toHaveLength(1);
    const added = (await rootRoutes()).filter((line) => !routesBefore.includes(line));
    expect(added.length).toBeGreaterThan(0);
    for (const line of added) {
      expect(line).toContain(`dev ${mgmt[0]}`);
      // Besides the kernel's IPv6 link-local entries for the veth, only its 10.213.<block> /30.
      if (/^(local |multicast )?(fe80::|ff00::)/.test(line)) continue;
      expect(line).toContain(`10.213.${lab.lab.block}.`);
      expect(line).not.toMatch(/^default/);
      for (const prefix of LAB_PREFIXES) expect(line).not.toContain(prefix);
    }
    expect(await rootRules()).toBe(rulesBefore);
    for (const target of ["198.51.100.2", "203.0.113.2", ...lab.probeTargets, "192.168.10.11"]) {
      const { stdout } = await run(["ip", "route", "get", target]);
      expect(stdout).not.toContain(lab.lab.tag);
    }
  });

  it("serves the real OpenSSH server to the root namespace with the gateway lab's user and keys", async () => {
    const output = await sshExec(lab, "hostname; ip -o link show wan1");
    expect(output).toContain(lab.hostname);
    expect(output).toContain("wan1");
  });
});

describe("WAN lab traffic", () => {
  it("baseline default via isp1: 20 connections all seen as 198.51.100.2, carried by isp1 only", async () => {
    const before = lab.server?.connections().length ?? 0;
    const results = await lab.clients[0]!.connect({ count: 20 });
    expect(summarize(results)).toMatchObject({ ok: 20, failed: 0, byLink: { isp1: 20 } });
    expect(new Set(results.map((r) => r.seenAs))).toEqual(new Set(["198.51.100.2"]));
    const logged = lab.server!.connections().slice(before);
    expect(logged).toHaveLength(20);
    expect(logged.every((c) => c.peer === "198.51.100.2" && c.link === "isp1")).toBe(true);
    const carriers = await lab.carriers(results);
    expect(carriers.every((c) => (c.isp1 ?? 0) >= 3 && c.isp2 === undefined)).toBe(true);
  });

  it("switching the default to isp2 makes connections appear as 203.0.113.2", async () => {
    await lab.setDefaultRoute("isp2");
    try {
      const results = await lab.clients[1]!.connect({ count: 20, concurrency: 5 });
      expect(summarize(results)).toMatchObject({ ok: 20, byLink: { isp2: 20 } });
      expect(results.every((r) => r.seenAs === "203.0.113.2" && whichLink(r.seenAs) === "isp2")).toBe(true);
    } finally {
      await lab.setDefaultRoute("isp1");
    }
  });

  it("isp1.dropAll() blackholes traffic while wan1 stays up; restore() brings it back", async () => {
    const isp1 = lab.isp("isp1");
    await isp1.resetCounters();
    await isp1.dropAll();
    try {
      const results = await lab.clients[0]!.connect({ count: 3, timeoutMs: 400 });
      expect(results.map((r) => r.error)).toEqual(["timeout", "timeout", "timeout"]);
      const link = (await lab.gateway.exec(["ip", "-o", "link", "show", "dev", "wan1"])).stdout;
      expect(link).toContain("LOWER_UP");
      expect(link).toContain("state UP");
      const counters = await isp1.counters();
      expect(counters.dropped.packets).toBeGreaterThanOrEqual(3);
      expect(counters.up.packets).toBe(0);
      // The SYNs reached the ISP (counted per flow before the drop).
      expect((await isp1.flows()).filter((f) => f.dport === 8080).length).toBeGreaterThanOrEqual(3);
    } finally {
      await isp1.restore();
    }
    expect(summarize(await lab.clients[0]!.connect({ count: 3 })).ok).toBe(3);
  });

  it("cutLink() takes wan1's carrier away and restoreLink() gives it back", async () => {
    const isp1 = lab.isp("isp1");
    await isp1.cutLink();
    try {
      const link = (await lab.gateway.exec(["ip", "-o", "link", "show", "dev", "wan1"])).stdout;
      expect(link).toContain("NO-CARRIER");
      expect(summarize(await lab.clients[0]!.connect({ count: 2, timeoutMs: 300 })).ok).toBe(0);
    } finally {
      await isp1.restoreLink();
    }
    await waitFor(async () => (await lab.gateway.exec(["ip", "-o", "link", "show", "dev", "wan1"])).stdout.includes("LOWER_UP"), 5_000, "wan1 carrier");
    expect(summarize(await lab.clients[0]!.connect({ count: 2 })).ok).toBe(2);
  });

  it("ISPs drop customer packets with a foreign source (no NAT => nothing reaches the internet)", async () => {
    const isp2 = lab.isp("isp2");
    await isp2.resetCounters();
    await lab.gateway.exec(["nft", "delete", "table", "ip", "wmtest_nat"]);
    await lab.setDefaultRoute("isp2");
    try {
      expect(summarize(await lab.clients[2]!.connect({ count: 2, timeoutMs: 300 })).ok).toBe(0);
      expect((await isp2.counters()).spoofed.packets).toBeGreaterThanOrEqual(2);
    } finally {
      await lab.setDefaultRoute("isp1");
      await lab.gateway.exec(["nft", "-f", "-"], { input: BASELINE_NAT });
    }
  });

  it("probe targets answer ping through each WAN once per-WAN routes exist", async () => {
    const gw = (args: string[]) => lab.gateway.exec(args);
    const setup = [
      ["ip", "route", "add", "default", "via", "198.51.100.1", "dev", "wan1", "table", "101"],
      ["ip", "route", "add", "default", "via", "203.0.113.1", "dev", "wan2", "table", "102"],
      ["ip", "rule", "add", "pref", "1101", "oif", "wan1", "lookup", "101"],
      ["ip", "rule", "add", "pref", "1102", "oif", "wan2", "lookup", "102"],
    ];
    for (const argv of setup) await gw(argv);
    try {
      for (const isp of lab.isps) {
        for (const each of lab.isps) await each.resetCounters();
        for (const target of lab.probeTargets) await gw(["ping", "-n", "-q", "-I", isp.wanIf, "-c1", "-W1", target]);
        for (const each of lab.isps) {
          const { up, down } = await each.counters();
          expect([each.name, up.packets, down.packets]).toEqual([each.name, ...(each === isp ? [2, 2] : [0, 0])]);
        }
      }
      await lab.isp("isp2").dropAll();
      await expect(gw(["ping", "-n", "-q", "-I", "wan2", "-c1", "-W1", "192.0.2.10"])).rejects.toThrow();
      await gw(["ping", "-n", "-q", "-I", "wan1", "-c1", "-W1", "192.0.2.10"]);
    } finally {
      await lab.isp("isp2").restore();
      for (const pref of ["1101", "1102"]) await gw(["ip", "rule", "del", "pref", pref]);
      for (const table of ["101", "102"]) await gw(["ip", "route", "flush", "table", table]);
    }
  });

  it("1,000 connections complete in well under a minute, each recorded by the server", async () => {
    const before = lab.server!.connections().length;
    const started = Date.now();
    const results = await lab.clients[3]!.connect({ count: 1000, concurrency: 25 });
    const concurrentMs = Date.now() - started;
    const sequentialStarted = Date.now();
    const sequential = await lab.clients[2]!.connect({ count: 1000, port: 8081 });
    const sequentialMs = Date.now() - sequentialStarted;
    console.log(`1,000 connections: ${concurrentMs} ms at concurrency 25, ${sequentialMs} ms sequential`);
    expect(summarize(results)).toMatchObject({ ok: 1000, byLink: { isp1: 1000 } });
    expect(summarize(sequential)).toMatchObject({ ok: 1000, byLink: { isp1: 1000 } });
    expect(concurrentMs).toBeLessThan(20_000);
    expect(sequentialMs).toBeLessThan(30_000);
    expect(lab.server!.connections().length - before).toBe(2000);
  }, 60_000);

  it("holds connections open and notices when their ISP goes dark", async () => {
    const isp1 = lab.isp("isp1");
    const held = lab.clients[0]!.connect({ count: 2, concurrency: 2, holdMs: 1_500, echoEveryMs: 50, timeoutMs: 300 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await isp1.dropAll();
    try {
      const results = await held;
      expect(results.map((r) => r.error)).toEqual(["stalled", "stalled"]);
      expect(results.every((r) => r.echoes > 0 && (r.stalledAtMs ?? 0) >= 300)).toBe(true);
    } finally {
      await isp1.restore();
    }
  });

  it("runs iperf3 between a LAN client and the internet host", async () => {
    const server = await startIperfServer(lab.internet, { dir: lab.lab.tmpDir });
    try {
      const result = await runIperf(lab.clients[0]!.node, { seconds: 1 });
      expect(result.bitsPerSecond).toBeGreaterThan(1e6);
    } finally {
      await server.stop();
    }
  });
});

function sshExec(target: WanLab, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let output = "";
    client
      .on("ready", () => {
        client.exec(command, (error, stream) => {
          if (error) return reject(error);
          stream.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
          stream.on("close", () => {
            client.end();
            resolve(output);
          });
        });
      })
      .on("error", reject)
      .connect({ host: target.host, port: target.port, username: target.username, privateKey: target.privateKey, readyTimeout: 10_000 });
  });
}
