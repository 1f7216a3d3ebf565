import { describe, expect, it } from "vitest";
import { membershipClash } from "./clash";
import { ZSiteIntent, type SiteIntent } from "./intent";

const vip = (vipAddress: string, port: number): SiteIntent =>
  ZSiteIntent.parse({
    kind: "shared-vip",
    vip: vipAddress,
    heartbeat: { port },
    members: [
      { device: "d1", role: "vip-node", interface: "eth0", address: "10.0.0.1", nodeId: 1 },
      { device: "d2", role: "vip-node", interface: "eth0", address: "10.0.0.2", nodeId: 2 },
    ],
  });

const anycast = (configFile: string, controlSocket = "/run/bird/bird.ctl"): SiteIntent =>
  ZSiteIntent.parse({
    kind: "anycast",
    address: "192.0.2.53",
    check: { type: "tcp", port: 53 },
    members: [
      { device: "edge", role: "anycast-edge", asn: 65000, bird: { configFile: "/etc/bird/edge.conf", controlSocket: "/run/bird/edge.ctl" } },
      {
        device: "d1",
        role: "anycast-server",
        interface: "eth0",
        address: "10.1.0.2",
        edgeAddress: "10.1.0.1",
        asn: 65001,
        bird: { configFile, controlSocket },
      },
    ],
  });

const clash = (mine: SiteIntent, theirs: SiteIntent) => {
  const member = mine.members.find((m) => m.device === "d1")!;
  const other = theirs.members.find((m) => m.device === "d1")!;
  return membershipClash(mine, member, { siteName: "other", intent: theirs, member: other });
};

describe("membershipClash", () => {
  it("refuses two shared-VIP nodes on one heartbeat port or one VIP, allows them apart", () => {
    expect(clash(vip("10.0.0.100", 7946), vip("10.0.0.200", 7946))).toMatch(/already a node of site "other" with heartbeat port 7946/);
    expect(clash(vip("10.0.0.100", 7946), vip("10.0.0.100", 7947))).toMatch(/already answers 10\.0\.0\.100/);
    expect(clash(vip("10.0.0.100", 7946), vip("10.0.0.200", 7947))).toBeNull();
  });

  it("refuses two anycast roles sharing BIRD's configuration file or control socket", () => {
    expect(clash(anycast("/etc/bird/bird.conf"), anycast("/etc/bird/bird.conf"))).toMatch(/already runs BIRD for site "other" with \/etc\/bird\/bird\.conf/);
    expect(clash(anycast("/etc/bird/a.conf"), anycast("/etc/bird/b.conf"))).toMatch(/control socket \/run\/bird\/bird\.ctl/);
    expect(clash(anycast("/etc/bird/a.conf", "/run/a.ctl"), anycast("/etc/bird/b.conf", "/run/b.ctl"))).toBeNull();
  });

  it("lets one device be a VIP node and an anycast server", () => {
    expect(clash(vip("10.0.0.100", 7946), anycast("/etc/bird/bird.conf"))).toBeNull();
  });
});
