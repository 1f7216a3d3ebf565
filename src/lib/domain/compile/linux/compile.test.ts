import { describe, expect, it } from "vitest";
import { compileLinux } from ".";
import { intentWarnings, ZIntent, type Intent } from "../../intent";
import { DUAL_WAN_EXAMPLE } from "../../intent/examples";
import { VARIANTS } from "./variants.fixture";

describe("[domain] compileLinux", () => {
  it("gives byte-identical plans for the same intent (and for a re-parsed copy of it)", () => {
    for (const flavour of ["nftables", "iptables"] as const) {
      for (const intent of Object.values(VARIANTS)) {
        const first = JSON.stringify(compileLinux(intent, { flavour }));
        expect(JSON.stringify(compileLinux(structuredClone(intent), { flavour }))).toBe(first);
        expect(JSON.stringify(compileLinux(ZIntent.parse(JSON.parse(JSON.stringify(intent))), { flavour }))).toBe(first);
      }
    }
  });

  it("is plain data: JSON round-trips it unchanged", () => {
    const plan = compileLinux(VARIANTS.pinned, { flavour: "nftables" });
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it("previews the dual-WAN example exactly, in the order it is sent", () => {
    const plan = compileLinux(ZIntent.parse(DUAL_WAN_EXAMPLE), { flavour: "nftables" });
    expect(plan.target).toBe("linux-nftables");
    expect(plan.script).toMatchSnapshot();
    const order = [
      "# 1. Kernel settings",
      "ip route replace",
      "ip rule add pref 19000",
      "table inet waymark {",
      "\nnft -c -f /run/waymark/candidate.nft",
      "\nnft -f /run/waymark/candidate.nft",
      "LINK_COUNT='2'",
    ];
    const positions = order.map((marker) => plan.script.indexOf(marker));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(plan.script).toContain(plan.ruleset.trimEnd());
    expect(plan.script).toContain(plan.monitor.config.trimEnd());
  });

  it("the iptables flavour checks with --test, loads with --noflush and then hooks its chains", () => {
    const plan = compileLinux(VARIANTS.dual, { flavour: "iptables" });
    expect(plan.target).toBe("linux-iptables");
    expect(plan.apply).toEqual({
      check: ["iptables-restore", "-w", "--test", "--noflush", "/run/waymark/candidate.iptables"],
      load: ["iptables-restore", "-w", "--noflush", "/run/waymark/candidate.iptables"],
    });
    expect(plan.script).toContain("iptables -w -t mangle -C PREROUTING -j WAYMARK_PRE 2>/dev/null || iptables -w -t mangle -I PREROUTING 1 -j WAYMARK_PRE");
    expect(plan.monitor.flavour).toBe("iptables");
  });

  it("warns with the intent's warnings plus the target's own", () => {
    const sticky = compileLinux(VARIANTS.stickySource, { flavour: "iptables" });
    expect(sticky.warnings.slice(0, intentWarnings(VARIANTS.stickySource).length)).toEqual(intentWarnings(VARIANTS.stickySource));
    expect(sticky.warnings.map((w) => w.code)).toContain("iptables-hmark-whole-mark");
    expect(compileLinux(VARIANTS.dual, { flavour: "iptables" }).warnings.map((w) => w.code)).not.toContain("iptables-hmark-whole-mark");
    expect(compileLinux(VARIANTS.dual, { flavour: "nftables" }).warnings.map((w) => w.code)).toContain("linux-owns-mark");

    const pins = structuredClone(VARIANTS.dual);
    pins.outbound.pinned = [
      { destination: "192.168.10.0/25", link: "isp-a", comment: "" },
      { source: "172.16.0.0/12", link: "isp-b", comment: "" },
      { source: "192.168.10.7/32", destination: "8.8.8.8/32", link: "isp-b", comment: "" },
    ];
    const codes = compileLinux(pins, { flavour: "nftables" }).warnings.filter((w) => w.code.startsWith("pin-"));
    expect(codes.map((w) => [w.code, w.link])).toEqual([
      ["pin-destination-lan", "isp-a"],
      ["pin-source-outside-lan", "isp-b"],
    ]);
  });

  it("refuses an intent that does not parse before rendering anything", () => {
    const bad = { ...structuredClone(VARIANTS.dual), outbound: { ...VARIANTS.dual.outbound, lanInterfaces: ["lan0; nft flush ruleset"] } } as Intent;
    expect(() => compileLinux(bad, { flavour: "nftables" })).toThrow();
    expect(() => compileLinux(VARIANTS.dual, { flavour: "pf" as "nftables" })).toThrow(/unknown Linux flavour/);
  });
});

describe("[domain] interface names across device kinds", () => {
  it("accepts a RouterOS name with a space in the intent, but a Linux plan refuses it with the reason", () => {
    const intent = ZIntent.parse({ ...DUAL_WAN_EXAMPLE, outbound: { ...DUAL_WAN_EXAMPLE.outbound, lanInterfaces: ["office LAN"] } });
    expect(() => compileLinux(intent, { flavour: "nftables" })).toThrow(/"office LAN": it cannot exist on a Linux gateway/);
  });
});
