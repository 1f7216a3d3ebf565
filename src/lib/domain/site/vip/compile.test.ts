import { describe, expect, it } from "vitest";
import type { Capabilities } from "../../device/capabilities";
import { compileSite, type SiteDevice } from "../compile";
import { ZSiteIntent } from "../intent";
import { ZSitePlan, type VipNodePlan } from "../member-plan";
import { multicastMacOf, vipTableName } from "./layout";

const linux = (ifname = "eth0"): Capabilities => ({
  softwareVersion: "Debian GNU/Linux 12 (bookworm), kernel 6.1.0",
  firewall: "nftables",
  probeTypes: ["icmp", "tcp"],
  minProbeIntervalMs: 100,
  interfaces: [{ name: ifname, up: true, addresses: ["198.51.100.11/24"], addressing: "static" }],
  routes: [],
  siteRoles: [{ role: "vip-node", available: true, why: null, software: "nftables v1.0.6" }],
});

const intent = ZSiteIntent.parse({
  kind: "shared-vip",
  vip: "198.51.100.10",
  members: [1, 2, 3].map((n) => ({ device: `d${n}`, role: "vip-node", interface: "eth0", address: `198.51.100.1${n}`, nodeId: n })),
  check: { type: "http", port: 80, path: "/healthz" },
});

const devices = (caps: (Capabilities | null)[]): Map<string, SiteDevice> =>
  new Map(caps.map((c, i) => [`d${i + 1}`, { id: `d${i + 1}`, name: `web-${i + 1}`, capabilities: c }]));

describe("compileSharedVipSite", () => {
  it("gives each node its table, heartbeat configuration and share, and says what it means", () => {
    const plan = ZSitePlan.parse(compileSite("web", intent, devices([linux(), linux(), linux()])));
    const nodes = plan.members.map((m) => m.plan as VipNodePlan);
    expect(nodes.map((n) => n.ownedWhenAllAlive.length).reduce((a, b) => a + b)).toBe(64);
    expect(new Set(nodes.flatMap((n) => n.ownedWhenAllAlive)).size).toBe(64);
    expect(nodes[0]?.multicastMac).toBe("01:00:5e:33:64:0a");
    expect(nodes[0]?.files.map((f) => f.path)).toEqual(["/etc/waymark/vip/web/table.nft", "/etc/waymark/vip/web/heartbeat.conf"]);
    expect(nodes[0]?.files[0]?.content).toContain(
      'iifname "eth0" ip daddr 198.51.100.10 jhash ip saddr mod 64 seed 0x5741594d @owned meta pkttype set host counter name "answered" accept',
    );
    expect(nodes[0]?.files[0]?.content).toContain("arp saddr ip 198.51.100.10 arp saddr ether set 01:00:5e:33:64:0a");
    expect(nodes[1]?.files[1]?.content).toBe(HEARTBEAT_CONF);
    expect(plan.meaning.join("\n")).toMatch(/3 nodes share 198\.51\.100\.10\/24/);
    expect(plan.meaning.join("\n")).toMatch(/web-1 \(node 1\) answers \d+ of 64 buckets/);
    expect(plan.meaning.join("\n")).toContain("A node unheard for 300 ms");
  });

  it("is byte-identical for the same intent (plans are hashed)", () => {
    const a = compileSite("web", intent, devices([linux(), linux(), linux()]));
    expect(JSON.stringify(compileSite("web", intent, devices([linux(), linux(), linux()])))).toBe(JSON.stringify(a));
  });

  it("refuses a node that is not a Linux server with nftables, or lacks the interface, with a null plan", () => {
    const routeros: Capabilities = { ...linux(), firewall: "routeros" };
    const iptables: Capabilities = { ...linux(), firewall: "iptables" };
    const noPerl: Capabilities = {
      ...linux(),
      siteRoles: [{ role: "vip-node", available: false, why: "perl is missing (apt install perl-base)", software: null }],
    };
    const plan = compileSite(
      "web",
      { ...intent, members: [...intent.members, { ...intent.members[0], device: "d4", nodeId: 4 } as (typeof intent.members)[0]] } as typeof intent,
      devices([routeros, iptables, linux("ens3"), noPerl]),
    );
    expect(plan.members.map((m) => m.plan)).toEqual([null, null, null, null]);
    expect(plan.members.map((m) => m.warnings[0]?.code)).toEqual(["vip-not-linux", "vip-no-nftables", "vip-no-interface", "site-role-unavailable"]);
    expect(plan.members[3]?.warnings[0]?.message).toContain("perl is missing");
    expect(plan.members.every((m) => m.warnings.every((w) => w.severity === "error"))).toBe(true);
  });

  it("compiles an offline node as written, and refuses an interface name Linux cannot have", () => {
    const offline = compileSite("web", intent, devices([null, null, null]));
    expect(offline.members.every((m) => m.plan !== null)).toBe(true);
    const spaced = ZSiteIntent.parse({ ...intent, members: intent.members.map((m) => ({ ...m, interface: "wan A" })) });
    expect(compileSite("web", spaced, devices([null, null, null])).members[0]?.warnings[0]?.code).toBe("vip-interface-name");
  });

  it("derives the multicast MAC from the low 23 bits and names tables without dashes", () => {
    expect(multicastMacOf("192.0.2.10")).toBe("01:00:5e:00:02:0a");
    expect(multicastMacOf("10.200.1.2")).toBe("01:00:5e:48:01:02");
    expect(vipTableName("api-2")).toBe("waymark_vip_api_2");
    expect(() => vipTableName("Bad;name")).toThrow();
  });
});

const HEARTBEAT_CONF = `# Waymark shared virtual IP 198.51.100.10 (site web): heartbeat of node 2.
site web
node 2
interface eth0
table waymark_vip_web
buckets 64
port 7946
interval_ms 100
dead_after 3
state /run/waymark/vip/web/state
peer 1 198.51.100.11
peer 2 198.51.100.12
peer 3 198.51.100.13
check http 80 /healthz 200 500 300 2 2
`;
