import { describe, expect, it } from "vitest";
import { compileRouterOs } from ".";
import { ZIntent } from "../../intent";
import { SERVER_POOL_EXAMPLE } from "../../intent/examples";

// The whole feature set at once — weighted links, server pools (weighted, sticky, draining, disabled), e-mail
// alerts — for each version and balancer. Changes to these snapshots are changes to what routers receive.

const intent = () => ZIntent.parse(SERVER_POOL_EXAMPLE);

describe("[domain] compileRouterOs: every version × balancer, with pools and alerts", () => {
  it.each([
    ["6", "pcc"],
    ["6", "ecmp"],
    ["7", "pcc"],
    ["7", "ecmp"],
  ] as const)("renders v%s with %s exactly", (version, balancer) => {
    const plan = compileRouterOs(intent(), { version, balancer });
    expect(plan.balancer).toBe(balancer);
    expect(plan.script).toMatchSnapshot();
    expect(plan.warnings.map((w) => w.code)).toMatchSnapshot();
    const lines = plan.script
      .trimEnd()
      .split("\n")
      .filter((l) => !l.startsWith("#"));
    expect(lines.filter((l) => / add /.test(l))).toHaveLength(plan.objects.length);
    expect(lines.filter((l) => !/ add /.test(l))).toEqual(['/ip firewall connection remove [find protocol="udp" reply-src-address="192.168.10.54:53"]']);
  });

  it("is byte-identical for the same intent, and plain data", () => {
    for (const version of ["6", "7"] as const) {
      for (const balancer of ["pcc", "ecmp"] as const) {
        const first = JSON.stringify(compileRouterOs(intent(), { version, balancer }));
        expect(JSON.stringify(compileRouterOs(ZIntent.parse(JSON.parse(JSON.stringify(intent()))), { version, balancer }))).toBe(first);
        const plan = compileRouterOs(intent(), { version, balancer });
        expect(JSON.parse(first)).toEqual(plan);
        const comments = plan.objects.map((o) => o.comment);
        expect(new Set(comments).size).toBe(comments.length);
        expect(comments.every((c) => /^waymark:[a-z0-9:./-]+$/.test(c))).toBe(true);
      }
    }
  });

  it("writes the removals in the slashed dialect too", () => {
    const script = compileRouterOs(intent(), { version: "7", dialect: "slashed" }).script;
    expect(script).toContain('\n/ip/firewall/connection remove [find protocol="udp" reply-src-address="192.168.10.54:53"]\n');
    expect(script).toContain("\n/ip/firewall/nat add action=dst-nat chain=dstnat");
  });
});
