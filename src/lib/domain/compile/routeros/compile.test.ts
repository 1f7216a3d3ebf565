import { describe, expect, it } from "vitest";
import { compileRouterOs, type RouterOsPlan } from ".";
import { ZIntent, type Intent, type IntentInput } from "../../intent";
import { DUAL_WAN_EXAMPLE } from "../../intent/examples";

const intent = (input: IntentInput = DUAL_WAN_EXAMPLE): Intent => ZIntent.parse(input);
const pcc = (plan: RouterOsPlan) => plan.objects.filter((o) => o.properties["per-connection-classifier"] !== undefined);

describe("[domain] compileRouterOs", () => {
  it.each(["6", "7"] as const)("renders the dual-WAN example for v%s exactly", (version) => {
    const plan = compileRouterOs(intent(), { version });
    expect(plan.target).toBe("routeros");
    expect(plan.version).toBe(version);
    expect(plan.script).toMatchSnapshot();
    expect(
      plan.script
        .trimEnd()
        .split("\n")
        .filter((l) => !l.startsWith("#")),
    ).toHaveLength(plan.objects.length);
    expect(plan.removeConnections).toEqual([]);
  });

  it("realises 3:1 as four PCC rules, three of them for isp-a", () => {
    const rules = pcc(compileRouterOs(intent(), { version: "7" }));
    expect(rules.map((r) => [r.properties["new-connection-mark"], r.properties["per-connection-classifier"]])).toEqual([
      ["to-isp-a", "both-addresses-and-ports:4/0"],
      ["to-isp-a", "both-addresses-and-ports:4/1"],
      ["to-isp-a", "both-addresses-and-ports:4/2"],
      ["to-isp-b", "both-addresses-and-ports:4/3"],
    ]);
  });

  it("uses routing-mark on v6 and routing tables on v7", () => {
    const v6 = compileRouterOs(intent(), { version: "6" });
    const v7 = compileRouterOs(intent(), { version: "7" });
    const tableRoutes = (p: RouterOsPlan) => p.objects.filter((o) => o.menu === "/ip/route" && o.properties["dst-address"] === "0.0.0.0/0");
    expect(tableRoutes(v6).map((r) => r.properties["routing-mark"])).toEqual(["to-isp-a", "to-isp-a", "to-isp-b", "to-isp-b"]);
    expect(tableRoutes(v6).every((r) => r.properties["routing-table"] === undefined)).toBe(true);
    expect(tableRoutes(v7).map((r) => r.properties["routing-table"])).toEqual(["to-isp-a", "to-isp-a", "to-isp-b", "to-isp-b"]);
    expect(tableRoutes(v7).every((r) => r.properties["routing-mark"] === undefined && r.properties["check-gateway"] === "ping")).toBe(true);
    expect(v6.objects.some((o) => o.menu === "/routing/table")).toBe(false);
    expect(v7.objects.filter((o) => o.menu === "/routing/table").map((o) => o.properties)).toEqual([
      { name: "to-isp-a", fib: "" },
      { name: "to-isp-b", fib: "" },
    ]);
    expect(v7.script).toContain('/routing table add comment="waymark:table:isp-a" fib name=to-isp-a\n');
    // Tables exist before anything names them; each table fails over to the other gateway at a higher distance.
    expect(v7.objects.findIndex((o) => o.menu === "/routing/table")).toBe(0);
    expect(tableRoutes(v7).map((r) => [r.comment, r.properties.gateway, r.properties.distance])).toEqual([
      ["waymark:route:isp-a:via:isp-a", "198.51.100.1", "1"],
      ["waymark:route:isp-a:via:isp-b", "203.0.113.1", "2"],
      ["waymark:route:isp-b:via:isp-b", "203.0.113.1", "1"],
      ["waymark:route:isp-b:via:isp-a", "198.51.100.1", "2"],
    ]);
  });

  it("tags every object with a unique waymark comment and is byte-identical twice", () => {
    for (const version of ["6", "7"] as const) {
      const plan = compileRouterOs(intent(), { version });
      const comments = plan.objects.map((o) => o.comment);
      expect(comments.every((c) => /^waymark:[a-z0-9:./-]+$/.test(c))).toBe(true);
      expect(new Set(comments).size).toBe(comments.length);
      const first = JSON.stringify(plan);
      expect(JSON.stringify(compileRouterOs(intent(), { version }))).toBe(first);
      expect(JSON.stringify(compileRouterOs(ZIntent.parse(JSON.parse(JSON.stringify(intent()))), { version }))).toBe(first);
      expect(JSON.parse(first)).toEqual(plan);
    }
  });

  it.each([
    ["per-connection", "both-addresses-and-ports"],
    ["sticky-source", "src-address"],
    ["sticky-source-destination", "both-addresses"],
  ] as const)("maps %s to the %s classifier", (method, classifier) => {
    const input = structuredClone(DUAL_WAN_EXAMPLE);
    input.outbound.method = method;
    const rules = pcc(compileRouterOs(intent(input), { version: "6" }));
    expect(rules.map((r) => r.properties["per-connection-classifier"]!.split(":")[0])).toEqual(Array(4).fill(classifier));
  });

  it("puts pinned traffic before PCC, balances only the primary tier and fails over to backups", () => {
    const input = structuredClone(DUAL_WAN_EXAMPLE);
    input.links.push({ name: "lte", interface: "lte1", gateway: "100.64.0.1", tier: 2, probe: { targets: ["192.0.2.12"] } });
    input.outbound.pinned = [{ destination: "10.20.0.0/16", link: "isp-b" }];
    const plan = compileRouterOs(intent(input), { version: "7" });
    const mangle = plan.objects.filter((o) => o.menu === "/ip/firewall/mangle").map((o) => o.comment);
    expect(mangle.indexOf("waymark:pin:1")).toBeLessThan(mangle.indexOf("waymark:pcc:isp-a:0"));
    expect(plan.objects.find((o) => o.comment === "waymark:pin:1")!.properties).toMatchObject({
      "dst-address": "10.20.0.0/16",
      "new-connection-mark": "to-isp-b",
      "src-address-list": "waymark-lan",
    });
    expect(pcc(plan).some((r) => r.properties["new-connection-mark"] === "to-lte")).toBe(false);
    const viaLte = plan.objects.find((o) => o.comment === "waymark:route:isp-a:via:lte")!;
    expect(viaLte.properties.distance).toBe("3");
    expect(plan.objects.find((o) => o.comment === "waymark:route:lte:via:isp-a")!.properties.distance).toBe("2");
  });

  it("builds netwatch scripts only from templates and probes each target through one link", () => {
    const plan = compileRouterOs(intent(), { version: "6" });
    const netwatch = plan.objects.filter((o) => o.menu === "/tool/netwatch");
    expect(netwatch.map((n) => n.properties.host)).toEqual(["192.0.2.10", "192.0.2.11"]);
    expect(netwatch[0]!.properties["down-script"]).toBe(
      [
        '/ip route disable [find comment="waymark:route:isp-a:via:isp-a"]',
        '/ip route disable [find comment="waymark:route:isp-b:via:isp-a"]',
        '/ip firewall connection remove [find connection-mark="to-isp-a"]',
      ].join("\n"),
    );
    expect(plan.objects.find((o) => o.comment === "waymark:probe:isp-a:192.0.2.10")!.properties).toEqual({
      "dst-address": "192.0.2.10/32",
      gateway: "198.51.100.1",
      scope: "10",
    });
    expect(plan.script).toContain('down-script="/ip route disable [find comment=\\"waymark:route:isp-a:via:isp-a\\"]\\n');
  });

  it("warns about check-gateway time, netwatch hysteresis and approximated weights", () => {
    const v6 = compileRouterOs(intent(), { version: "6" }).warnings.map((w) => w.code);
    expect(v6).toEqual(expect.arrayContaining(["routeros-detection-time", "routeros-netwatch-no-hysteresis", "routeros-single-netwatch-target"]));
    // v7 approximates downCount with an icmp burst: no blanket "no hysteresis", but upCount is still not honoured.
    const codes = compileRouterOs(intent(), { version: "7" }).warnings.map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(["routeros-detection-time", "routeros-netwatch-burst", "routeros-single-netwatch-target"]));
    expect(codes).not.toContain("routeros-netwatch-no-hysteresis");
    expect(codes).not.toContain("routeros-weights-approximated");
    const input = structuredClone(DUAL_WAN_EXAMPLE);
    input.links[0]!.weight = 100;
    input.links[1]!.weight = 3;
    const plan = compileRouterOs(intent(input), { version: "7" });
    expect(plan.warnings.find((w) => w.code === "routeros-weights-approximated")!.message).toBe(
      "weights 100:3 need more PCC rules than the cap allows; realised as 19:1 (denominator 20)",
    );
    expect(pcc(plan)).toHaveLength(20);
  });

  it("honours the last resort per version", () => {
    const input = structuredClone(DUAL_WAN_EXAMPLE);
    input.outbound.lastResort = "unreachable";
    expect(compileRouterOs(intent(input), { version: "6" }).objects.find((o) => o.comment === "waymark:last-resort:isp-a")!.properties).toEqual({
      "dst-address": "0.0.0.0/0",
      distance: "254",
      type: "unreachable",
      "routing-mark": "to-isp-a",
    });
    const v7 = compileRouterOs(intent(input), { version: "7" });
    expect(v7.objects.find((o) => o.comment === "waymark:last-resort:isp-a")!.properties).toEqual({
      "dst-address": "0.0.0.0/0",
      distance: "254",
      blackhole: "",
      "routing-table": "to-isp-a",
    });
    expect(v7.warnings.map((w) => w.code)).toContain("routeros-v7-no-unreachable");
  });

  it("writes v7 menus with slashes on request and refuses bad input", () => {
    expect(compileRouterOs(intent(), { version: "7", dialect: "slashed" }).script).toContain("\n/ip/firewall/mangle add action=accept chain=prerouting");
    expect(() => compileRouterOs(intent(), { version: "6", dialect: "slashed" })).toThrow(/v6/);
    expect(() => compileRouterOs(intent(), { version: "8" as "7" })).toThrow(/unknown RouterOS version/);
    const bad = { ...intent(), links: [{ ...intent().links[0]!, name: 'x"; /system reboot' }] } as Intent;
    expect(() => compileRouterOs(bad, { version: "7" })).toThrow();
  });
});

describe("[domain] RouterOS interface names as real exports have them", () => {
  it("keeps 'wan A' as one value: verbatim in the objects the API receives, quoted in the .rsc", () => {
    const intent = { ...DUAL_WAN_EXAMPLE, links: DUAL_WAN_EXAMPLE.links.map((l, i) => (i === 0 ? { ...l, interface: "wan A" } : l)) };
    const plan = compileRouterOs(ZIntent.parse(intent), { version: "7" });
    expect(plan.objects.find((o) => o.comment === "waymark:nat:isp-a")?.properties["out-interface"]).toBe("wan A");
    expect(plan.script).toContain('out-interface="wan A"');
  });
});
