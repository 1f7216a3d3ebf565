import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSite, type SiteDevice } from "../compile";
import type { AnycastEdgePlan } from "../member-plan";
import { ANYCAST_DEVICES, ANYCAST_EXAMPLE } from "./example.fixture";
import { anycastNames, serverProtocols } from "./layout";

const compile = (devices: ReadonlyMap<string, SiteDevice> = ANYCAST_DEVICES) => compileSite("web", ANYCAST_EXAMPLE, devices);
const HAS_BIRD = existsSync("/usr/sbin/bird");

describe("[anycast] compiling a site", () => {
  it("gives every member a plan, byte-identical for the same input", () => {
    const plan = compile();
    expect(plan.members.map((m) => [m.device, m.role, m.warnings.length, m.plan?.files.map((f) => f.path)])).toEqual([
      ["d-edge", "anycast-edge", 0, ["/etc/bird/bird.conf", "/etc/waymark/anycast/web/counters.nft", "/etc/waymark/anycast/web/sysctl.conf"]],
      ["d-web1", "anycast-server", 0, ["/etc/bird/bird.conf", "/etc/waymark/anycast/web/health.conf", "/etc/waymark/anycast/web/counters.nft"]],
      ["d-web2", "anycast-server", 0, expect.any(Array)],
      ["d-web3", "anycast-server", 0, expect.any(Array)],
    ]);
    expect(JSON.stringify(compile())).toBe(JSON.stringify(plan));
  });

  it("says what the site does in the engineer's words", () => {
    expect(compile().meaning).toEqual([
      "web-1 and web-2 share 192.0.2.53 by ECMP at edge-1; web-3 is standby (local preference 50) and takes traffic only when both are gone",
      "each server checks a TCP connection to port 8053 on itself every 200 ms: 2 failures in a row withdraw its route at once, 2 successes announce it again",
      "a silent server is dropped after 300 ms of BFD silence (100 ms × 3); without BFD it would take up to the 9 s hold time",
      "edge-1 hashes flows by addresses and ports, so one connection stays on one server; when a server leaves, some connections of the others may move too (hash-threshold ECMP)",
    ]);
  });

  it("peers each server with the edge, BFD on, only the service /32 exported; standby imported at local preference 50", () => {
    const members = compile().members;
    const server = members.find((m) => m.device === "d-web1")?.plan?.files[0]?.content ?? "";
    expect(server).toContain("route 192.0.2.53/32 unreachable;");
    expect(server).toMatch(/local 10\.2\.1\.2 as 65001;\n {2}neighbor 10\.2\.1\.1 as 65000;\n {2}hold time 9;/);
    expect(server).toContain('export where proto = "wm_web_svc" && net = 192.0.2.53/32;');
    expect(server).toMatch(/interface "eth0" \{\n {4}min rx interval 100 ms;\n {4}min tx interval 100 ms;\n {4}multiplier 3;/);
    const edge = members.find((m) => m.role === "anycast-edge")?.plan as AnycastEdgePlan;
    expect(edge.servers).toEqual([
      { device: "d-web1", protocol: "wm_web_web_1", address: "10.2.1.2", standby: false },
      { device: "d-web2", protocol: "wm_web_web_2", address: "10.2.2.2", standby: false },
      { device: "d-web3", protocol: "wm_web_web_3", address: "10.2.3.2", standby: true },
    ]);
    const bird = edge.files[0]?.content ?? "";
    expect(bird).toContain("merge paths on limit 16;");
    expect(bird).toMatch(/protocol bgp wm_web_web_3 \{[^}]*import filter wm_web_standby_in;/);
    expect(bird).toContain("bgp_local_pref = 50;");
    expect(edge.files[1]?.content).toContain('ip daddr 192.0.2.53 rt ip nexthop 10.2.3.2 counter name "wm_web_web_3"');
    expect(edge.files[2]?.content).toContain("net.ipv4.fib_multipath_hash_policy = 1");
  });

  it.skipIf(!HAS_BIRD)("writes configuration Debian's BIRD 2 parses (bird -p)", () => {
    const dir = mkdtempSync(join(tmpdir(), "wm-anycast-"));
    try {
      for (const member of compile().members) {
        const file = join(dir, `${member.device}.conf`);
        writeFileSync(file, member.plan?.files[0]?.content ?? "");
        expect(() => execFileSync("/usr/sbin/bird", ["-p", "-c", file], { stdio: "pipe" })).not.toThrow();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses, in the admin's words, members that cannot take their role", () => {
    const devices = new Map(ANYCAST_DEVICES);
    const web2 = devices.get("d-web2") as SiteDevice;
    const noBird = web2.capabilities?.siteRoles.map((r) => ({ ...r, available: false, why: "bird2 is not installed (apt install bird2)" })) ?? [];
    devices.set("d-web2", { ...web2, capabilities: web2.capabilities && { ...web2.capabilities, siteRoles: noBird } });
    const web1 = devices.get("d-web1") as SiteDevice;
    devices.set("d-web1", { ...web1, capabilities: web1.capabilities && { ...web1.capabilities, firewall: "routeros", siteRoles: [] } });
    devices.delete("d-web3");
    const members = compile(devices).members;
    const said = (id: string) => members.find((m) => m.device === id)?.warnings.map((w) => [w.severity, w.message]);
    expect(said("d-web2")).toEqual([["error", "web-2 cannot be an anycast server: bird2 is not installed (apt install bird2)"]]);
    expect(said("d-web1")?.[0]?.[1]).toMatch(/^web-1 is a RouterOS router/);
    expect(said("d-web3")).toEqual([["error", "device d-web3 is not in the inventory"]]);
    expect(members.filter((m) => m.plan === null).map((m) => m.device)).toEqual(["d-web1", "d-web2", "d-web3"]);
  });

  it("checks the addresses it peers on against what inspection found, and compiles offline without asking", () => {
    const devices = new Map(ANYCAST_DEVICES);
    const edge = devices.get("d-edge") as SiteDevice;
    devices.set("d-edge", { ...edge, capabilities: edge.capabilities && { ...edge.capabilities, interfaces: edge.capabilities.interfaces.slice(0, 2) } });
    expect(compile(devices).members[0]?.warnings.map((w) => w.message)).toEqual(["edge-1 holds no address 10.2.3.1, where web-3 expects the edge"]);
    const offline = new Map([...ANYCAST_DEVICES].map(([id, d]) => [id, { ...d, capabilities: null }]));
    expect(compile(offline).members.every((m) => m.plan !== null && m.warnings.length === 0)).toBe(true);
  });

  it("names BIRD protocols from a strict grammar whatever the device names", () => {
    expect(serverProtocols("web-dns", ["web-1", "Web 1", "«»", 'x"; }']).every((p) => /^[A-Za-z][A-Za-z0-9_]*$/.test(p))).toBe(true);
    expect(serverProtocols("web-dns", ["web-1", "Web 1", "«»"])).toEqual(["wm_web_dns_web_1", "wm_web_dns_server_2", "wm_web_dns_server_3"]);
    expect(() => anycastNames("../etc")).toThrow(/grammar/);
  });
});
