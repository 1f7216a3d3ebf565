import { describe, expect, it } from "vitest";
import { ZIntent } from "@/lib/domain/intent";
import { DUAL_WAN_EXAMPLE } from "@/lib/domain/intent/examples";
import { draftIntent, formFrom, issuesByField, sharesOf, type ProposalView } from "./wizard-form";

const VIEW: ProposalView = {
  device: { id: "d1", name: "edge", kind: "routeros" },
  summary: "edge-01 (CHR, RouterOS 7.16.2)",
  capabilities: { softwareVersion: "7.16.2 (stable)", firewall: "routeros", probeTypes: ["icmp", "tcp"], minProbeIntervalMs: 1000 },
  interfaces: [],
  proposal: {
    links: [
      {
        name: "wan1",
        interface: "ether1",
        gateway: "198.51.100.1",
        addressing: "dhcp",
        up: true,
        probeTargets: ["1.1.1.1", "9.9.9.9"],
        why: "ether1: default route",
      },
      {
        name: "wan2",
        interface: "ether2",
        gateway: null,
        addressing: "dhcp",
        up: true,
        probeTargets: ["8.8.8.8", "208.67.222.222"],
        why: "ether2: DHCP client",
      },
    ],
    lan: [{ interface: "bridge", sources: ["192.168.88.0/24"], why: "bridge: LAN" }],
    ignored: [],
  },
  existing: null,
};

describe("[wizard] the form", () => {
  it("starts from the proposal and becomes an intent the API accepts once the gateway is entered, probing as often as the device can", () => {
    const form = formFrom(VIEW);
    expect(form.links.map((l) => [l.name, l.gateway])).toEqual([
      ["wan1", "198.51.100.1"],
      ["wan2", ""],
    ]);
    form.links[1]!.gateway = "203.0.113.1";
    const intent = ZIntent.parse(draftIntent(form, null, 1000));
    expect(intent.links[0]!.probe).toMatchObject({ intervalMs: 1000, targets: ["1.1.1.1", "9.9.9.9"] });
    expect(intent.outbound).toMatchObject({ lanInterfaces: ["bridge"], lanSources: ["192.168.88.0/24"], method: "per-connection" });
  });

  it("starts from a saved policy and keeps what the wizard does not edit", () => {
    const saved = ZIntent.parse({ ...DUAL_WAN_EXAMPLE, outbound: { ...DUAL_WAN_EXAMPLE.outbound, lastResort: "unreachable" } });
    saved.links[0]!.probe.downCount = 5;
    const form = formFrom({
      ...VIEW,
      existing: { intent: saved, targetOptions: { routeros: { balancer: "ecmp" } }, revision: 3, updatedAt: "", updatedBy: "a" },
    });
    expect(form.balancer).toBe("ecmp");
    expect(form.lans.map((l) => [l.interface, l.use])).toEqual([
      ["lan0", true],
      ["bridge", false],
    ]);
    const intent = ZIntent.parse(draftIntent(form, saved));
    expect(intent.links[0]!.probe.downCount).toBe(5);
    expect(intent.outbound.lastResort).toBe("unreachable");
  });

  it("shows each link's share within its tier, and the API's issues by field", () => {
    const form = formFrom(VIEW);
    form.links[0]!.weight = 3;
    expect(Object.values(sharesOf(form.links))).toEqual([75, 25]);
    form.links[1]!.tier = 2;
    expect(Object.values(sharesOf(form.links))).toEqual([100, 100]);
    expect(issuesByField([{ path: "draft.intent.links.1.gateway", message: "an IPv4 address such as 192.0.2.1" }])).toEqual({
      "links.1.gateway": "an IPv4 address such as 192.0.2.1",
    });
  });
});
