import { describe, expect, it } from "vitest";
import { compileLinux } from "@/lib/domain/compile/linux";
import { ZIntent } from "@/lib/domain/intent";
import { blockedLink, blockScript, drillRuleset } from "./drill";

const plan = compileLinux(
  ZIntent.parse({
    links: [
      { name: "isp1", interface: "wan1", gateway: "198.51.100.1", probe: { targets: ["192.0.2.10", "192.0.2.11"] } },
      { name: "isp2", interface: "wan2", gateway: "203.0.113.1", probe: { type: "tcp", port: 443, targets: ["192.0.2.12"] } },
    ],
    outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
  }),
  { flavour: "nftables" },
);

describe("the Linux drill block", () => {
  it("drops only the link's probe answers on its interface: ICMP echo replies, or segments from the probed port", () => {
    expect(drillRuleset(blockedLink(plan, "isp1"))).toContain('iifname "wan1" ip saddr { 192.0.2.10, 192.0.2.11 } icmp type echo-reply counter drop');
    expect(drillRuleset(blockedLink(plan, "isp2"))).toContain('iifname "wan2" ip saddr { 192.0.2.12 } tcp sport 443 counter drop');
  });

  it("arms the expiry before it loads the table, and refuses a link the plan does not have or a value outside its grammar", () => {
    const script = blockScript(45);
    expect(script.indexOf("sleep 45")).toBeGreaterThan(0);
    expect(script.indexOf("sleep 45")).toBeLessThan(script.indexOf("nft -f -"));
    expect(script).toContain("--on-active=45s");
    expect(() => blockedLink(plan, "isp9")).toThrow(/no link isp9/);
    const hostile = structuredClone(plan);
    hostile.monitor.links[0]!.interface = 'wan1" accept; #';
    expect(() => blockedLink(hostile, "isp1")).toThrow();
  });
});
