import { describe, expect, it } from "vitest";
import { compileRouterOs, type RouterOsPlan } from ".";
import { ZIntent, type IntentInput } from "../../intent";
import { DUAL_WAN_EXAMPLE } from "../../intent/examples";

const withBackup = (change: (i: IntentInput) => void = () => {}): IntentInput => {
  const input = structuredClone(DUAL_WAN_EXAMPLE);
  input.links.push({ name: "lte", interface: "lte1", gateway: "100.64.0.1", tier: 2, probe: { targets: ["192.0.2.12"] } });
  change(input);
  return input;
};
const ecmp = (plan: RouterOsPlan) => plan.objects.filter((o) => o.comment.startsWith("waymark:ecmp:"));
const codes = (plan: RouterOsPlan) => plan.warnings.map((w) => w.code);

describe("[domain] compileRouterOs: the ECMP balancer", () => {
  it("v6: one main-table route per tier, weights as repeated gateways, backups at a higher distance", () => {
    const plan = compileRouterOs(ZIntent.parse(withBackup()), { version: "6", balancer: "ecmp" });
    expect(ecmp(plan).map((r) => [r.comment, r.properties])).toEqual([
      [
        "waymark:ecmp:tier-1",
        { "dst-address": "0.0.0.0/0", "check-gateway": "ping", gateway: "198.51.100.1,198.51.100.1,198.51.100.1,203.0.113.1", distance: "1" },
      ],
      ["waymark:ecmp:tier-2", { "dst-address": "0.0.0.0/0", "check-gateway": "ping", gateway: "100.64.0.1", distance: "2" }],
    ]);
    // One route holds several links' gateways: no netwatch owns it, check-gateway takes a dead gateway out.
    expect(ecmp(plan).every((r) => r.switchedBy === undefined)).toBe(true);
    expect(plan.warnings.find((w) => w.code === "routeros-v6-ecmp-check-gateway")!.message).toMatch(
      /^tier 1: one v6 route carries every gateway, so netwatch cannot take isp-a, isp-b out of it/,
    );
    expect(codes(plan)).not.toContain("routeros-ecmp-weights-approximated");
  });

  it("v6: reduces weights by their gcd and approximates past the gateway cap", () => {
    const reduced = compileRouterOs(
      ZIntent.parse(
        withBackup((i) => {
          i.links[0]!.weight = 40;
          i.links[1]!.weight = 20;
        }),
      ),
      { version: "6", balancer: "ecmp" },
    );
    expect(ecmp(reduced)[0]!.properties.gateway).toBe("198.51.100.1,198.51.100.1,203.0.113.1");
    const capped = compileRouterOs(
      ZIntent.parse(
        withBackup((i) => {
          i.links[0]!.weight = 100;
          i.links[1]!.weight = 3;
        }),
      ),
      { version: "6", balancer: "ecmp" },
    );
    expect(ecmp(capped)[0]!.properties.gateway!.split(",")).toHaveLength(16);
    expect(capped.warnings.find((w) => w.code === "routeros-ecmp-weights-approximated")!.message).toBe(
      "tier 1: weights 100:3 need more than 16 gateways in one route; realised as 15:1",
    );
  });

  it("v7: one equal-distance route per link, switched by that link's netwatch; weights cannot be expressed", () => {
    const plan = compileRouterOs(ZIntent.parse(withBackup()), { version: "7", balancer: "ecmp" });
    expect(ecmp(plan).map((r) => [r.comment, r.properties.gateway, r.properties.distance, r.switchedBy?.netwatch])).toEqual([
      ["waymark:ecmp:isp-a", "198.51.100.1", "1", "waymark:netwatch:isp-a"],
      ["waymark:ecmp:isp-b", "203.0.113.1", "1", "waymark:netwatch:isp-b"],
      ["waymark:ecmp:lte", "100.64.0.1", "2", "waymark:netwatch:lte"],
    ]);
    expect(ecmp(plan).every((r) => r.properties["routing-table"] === undefined && r.properties["check-gateway"] === "ping")).toBe(true);
    const down = plan.objects.find((o) => o.comment === "waymark:netwatch:isp-a")!.properties["down-script"]!;
    expect(down).toContain('/ip route disable [find comment="waymark:ecmp:isp-a"]');
    expect(plan.warnings.find((w) => w.code === "routeros-ecmp-weights-ignored")!.message).toBe(
      "RouterOS v7 ECMP routes carry no weights: tier 1 (isp-a, isp-b, weights 3:1) is shared equally",
    );
    expect(plan.warnings.find((w) => w.code === "routeros-ecmp-hash")!.message).toMatch(/ipv4-multipath-hash-policy \(l3 by default/);
    const equal = compileRouterOs(
      ZIntent.parse(
        withBackup((i) => {
          i.links[0]!.weight = 1;
        }),
      ),
      { version: "7", balancer: "ecmp" },
    );
    expect(codes(equal)).not.toContain("routeros-ecmp-weights-ignored");
  });

  it("keeps the router's own traffic and replies on their link, pins ECMP-chosen connections and masquerades per WAN", () => {
    for (const version of ["6", "7"] as const) {
      const plan = compileRouterOs(ZIntent.parse(withBackup()), { version, balancer: "ecmp" });
      const comments = plan.objects.map((o) => o.comment);
      expect(comments.filter((c) => c.startsWith("waymark:pcc:"))).toEqual([]);
      for (const link of ["isp-a", "isp-b", "lte"]) {
        for (const id of ["in", "mark-routing", "output", "ecmp-pin", "nat"]) expect(comments).toContain(`waymark:${id}:${link}`);
      }
      expect(plan.objects.find((o) => o.comment === "waymark:ecmp-pin:lte")!.properties).toEqual({
        chain: "postrouting",
        "out-interface": "lte1",
        "connection-mark": "no-mark",
        action: "mark-connection",
        "new-connection-mark": "to-lte",
        passthrough: "yes",
      });
      // The link tables stay: pinned traffic, replies and failover of pinned connections use them.
      expect(comments).toContain("waymark:route:isp-a:via:lte");
    }
  });

  it("puts a last resort into the main table below the ECMP routes", () => {
    const plan = compileRouterOs(
      ZIntent.parse(
        withBackup((i) => {
          i.outbound.lastResort = "unreachable";
        }),
      ),
      { version: "6", balancer: "ecmp" },
    );
    expect(plan.objects.find((o) => o.comment === "waymark:ecmp:last-resort")!.properties).toEqual({
      "dst-address": "0.0.0.0/0",
      distance: "254",
      type: "unreachable",
    });
    const v7 = compileRouterOs(
      ZIntent.parse(
        withBackup((i) => {
          i.outbound.lastResort = "blackhole";
        }),
      ),
      { version: "7", balancer: "ecmp" },
    );
    expect(v7.objects.find((o) => o.comment === "waymark:ecmp:last-resort")!.properties).toEqual({
      "dst-address": "0.0.0.0/0",
      distance: "254",
      blackhole: "",
    });
  });

  it("defaults to PCC and refuses an unknown balancer", () => {
    const intent = ZIntent.parse(DUAL_WAN_EXAMPLE);
    expect(compileRouterOs(intent, { version: "7" })).toEqual(compileRouterOs(intent, { version: "7", balancer: "pcc" }));
    expect(() => compileRouterOs(intent, { version: "7", balancer: "nth" as "pcc" })).toThrow(/unknown RouterOS balancer nth/);
  });
});
