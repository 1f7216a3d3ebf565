import { describe, expect, it } from "vitest";
import { compileLinux, type LinuxPlan } from "@/lib/domain/compile/linux";
import { DUAL_WAN_EXAMPLE } from "@/lib/domain/intent/examples";
import { ZIntent, type IntentInput } from "@/lib/domain/intent";
import { parseInspection, type GatewayInspection } from "../push/inspect";
import { LAB_INSPECTION } from "../push/inspect.fixture";
import { gatewayChanges } from "./changes";
import { rulesetObjects } from "./ruleset-objects";

const plan = (input: IntentInput, flavour: "nftables" | "iptables" = "nftables") => compileLinux(ZIntent.parse(input), { flavour });

/** The lab gateway as a confirmed push of `applied` leaves it. */
function pushedWith(applied: LinuxPlan): GatewayInspection {
  const fresh = parseInspection(LAB_INSPECTION);
  return {
    ...fresh,
    tableHash: "a".repeat(64),
    applied: { ruleset: applied.ruleset, monitorConfig: applied.monitor.config },
    rules: applied.rules.map((r) => ({ pref: r.pref, text: `${r.selector} ${r.action}`.trim() })),
    routes: [...fresh.routes, ...applied.routes.map((r) => ({ destination: "0.0.0.0/0", gateway: r.gateway, interface: r.interface, table: String(r.table) }))],
  };
}

const reweighted = (): IntentInput => {
  const input = structuredClone(DUAL_WAN_EXAMPLE);
  input.links[0]!.weight = 1;
  return input;
};

describe("[linux] what a push would change on the gateway", () => {
  it("on a gateway without Waymark: every object, rule, route and ip rule of the plan and the monitor are added", () => {
    const dual = plan(DUAL_WAN_EXAMPLE);
    const changes = gatewayChanges(dual, parseInspection(LAB_INSPECTION));
    expect(changes.change + changes.remove).toBe(0);
    expect(changes.add).toBe(changes.items.length);
    const whats = changes.items.map((i) => i.what);
    expect(whats).toContain("nft map wan_pool");
    expect(whats).toContain("nft counter new_isp_a");
    expect(whats).toContain("route table 20001 (isp-a): default via 198.51.100.1 dev wan1");
    expect(whats).toContain("ip rule pref 19001: fwmark 0x100/0xff00 lookup 20001");
    expect(whats).toContain("link monitor for isp-a, isp-b");
    expect(whats.filter((w) => w.startsWith("nft chain prerouting rule:")).length).toBeGreaterThan(3);
  });

  it("after pushing the same plan: nothing to change", () => {
    const dual = plan(DUAL_WAN_EXAMPLE);
    expect(gatewayChanges(dual, pushedWith(dual))).toEqual({ add: 0, change: 0, remove: 0, items: [] });
    const ipt = plan(DUAL_WAN_EXAMPLE, "iptables");
    expect(gatewayChanges(ipt, pushedWith(ipt))).toEqual({ add: 0, change: 0, remove: 0, items: [] });
  });

  it("a new weight changes the pool map and the monitor's weights, nothing else", () => {
    const changes = gatewayChanges(plan(reweighted()), pushedWith(plan(DUAL_WAN_EXAMPLE)));
    expect(changes.items).toEqual([
      { op: "change", what: "nft map wan_pool" },
      { op: "change", what: "link monitor settings: LINK_0_WEIGHT" },
    ]);
  });

  it("a link removed takes its table, rule, counters and rules away", () => {
    const one = structuredClone(DUAL_WAN_EXAMPLE);
    one.links = [one.links[0]!];
    const changes = gatewayChanges(plan(one), pushedWith(plan(DUAL_WAN_EXAMPLE)));
    const removed = changes.items.filter((i) => i.op === "remove").map((i) => i.what);
    expect(removed).toEqual(expect.arrayContaining(["nft counter new_isp_b", "route table 20002: default via 203.0.113.1", "ip rule pref 19002"]));
    expect(changes.add).toBe(0);
  });

  it("splits both ruleset flavours into named objects and each chain's rules", () => {
    const nft = rulesetObjects(plan(DUAL_WAN_EXAMPLE).ruleset);
    expect([...nft.objects.keys()]).toEqual(expect.arrayContaining(["nft set links_up", "nft map wan_pool", "nft set lan_sources", "nft chain pick"]));
    expect(nft.rules.get("nft chain pick")?.[1]).toBe('counter name "nolink_new"');
    const ipt = rulesetObjects(plan(DUAL_WAN_EXAMPLE, "iptables").ruleset);
    expect(ipt.rules.get("iptables mangle chain WAYMARK_PRE")?.[0]).toBe("-j CONNMARK --restore-mark --nfmask 0xff00 --ctmask 0xff00");
  });

  it("draining a pool backend changes its pool's map and the backend checks' settings, nothing else", () => {
    const withPool = (state: "active" | "drain"): IntentInput => ({
      ...structuredClone(DUAL_WAN_EXAMPLE),
      inbound: {
        pools: [
          {
            name: "web",
            listen: { interface: "wan1", protocol: "tcp", port: 80 },
            backends: [
              { name: "a", address: "192.168.10.11" },
              { name: "b", address: "192.168.10.12", state },
            ],
          },
        ],
      },
    });
    const before = plan(withPool("active"));
    const after = plan(withPool("drain"));
    const changes = gatewayChanges(after, pushedWith(before));
    expect(changes.items).toEqual([
      { op: "change", what: "nft map pool_web" },
      { op: "change", what: "pool backend checks: POOL_0_BACKENDS, POOL_0_BUCKETS" },
    ]);
    expect(gatewayChanges(before, parseInspection(LAB_INSPECTION)).items.map((i) => i.what)).toEqual(
      expect.arrayContaining(["nft chain inbound", "nft chain inbound_refuse", "nft map pool_web", "nft counter pool_web_b1_new"]),
    );
  });
});
