import { describe, expect, it } from "vitest";

import { diffRouterOs, type PrintedItem } from "@/lib/domain/diff/routeros";

import { examplePlan } from "@tests/support/routeros/push";
import { rollbackNames, rollbackOnEvent, rollbackScript, windowInterval } from "./rollback-script";

const rule = (id: string, comment: string, props: Record<string, string> = {}): PrintedItem => ({
  ".id": id,
  chain: "prerouting",
  action: "accept",
  comment,
  disabled: "false",
  dynamic: "false",
  log: "false",
  "log-prefix": "",
  bytes: "5",
  packets: "1",
  ...props,
});

describe("RouterOS rollback script", () => {
  const plan = examplePlan("7");
  const mangle = plan.objects.filter((o) => o.menu === "/ip/firewall/mangle");
  const current = {
    "/ip/firewall/mangle": [
      rule("*1", "admin: vpn"),
      rule("*2", "waymark:old:0", { action: "mark-routing", "new-routing-mark": "to-old", passthrough: "false" }),
      rule("*3", "admin: after"),
      { ".id": "*4", chain: "forward", action: "passthrough", comment: "special dummy rule", dynamic: "true" },
    ],
    "/routing/table": [{ ".id": "*10", name: "to-old", fib: "true", comment: "waymark:table:old", disabled: "false", dynamic: "false", invalid: "false" }],
  };
  const steps = diffRouterOs(plan.objects, current, { version: "7" });
  const script = rollbackScript("0f9c3a7e-2b", steps, current, "7");
  const lines = script.trimEnd().split("\n");

  it("uses only plain menu commands, so every RouterOS version runs it", () => {
    expect(script).not.toMatch(/[{}()]|:if|:len/);
    expect(lines[0]).toBe("# Waymark rollback for push 0f9c3a7e-2b: undoes 28 changes, last first.");
  });

  it("removes what the push adds, last first, by comment", () => {
    expect(lines[1]).toBe('/tool netwatch remove [find comment="waymark:netwatch:isp-b"]');
    expect(lines).toContain('/routing table remove [find comment="waymark:table:isp-a"]');
    expect(lines.indexOf('/ip firewall mangle remove [find comment="waymark:lan-accept"]')).toBeGreaterThan(
      lines.indexOf(`/ip firewall mangle remove [find comment="${mangle.at(-1)!.comment}"]`),
    );
  });

  it("re-creates removed objects from their printed settable properties, dependents last", () => {
    const at = (line: string) => lines.indexOf(line);
    expect(at('/ip firewall mangle remove [find comment="waymark:old:0"]')).toBeLessThan(at('/routing table remove [find comment="waymark:table:old"]'));
    expect(at('/routing table add comment="waymark:table:old" fib name=to-old')).toBeGreaterThan(
      at('/routing table remove [find comment="waymark:table:old"]'),
    );
    expect(
      at('/ip firewall mangle add action=mark-routing chain=prerouting comment="waymark:old:0" new-routing-mark=to-old passthrough=false'),
    ).toBeGreaterThan(at('/routing table add comment="waymark:table:old" fib name=to-old'));
    expect(script).not.toMatch(/bytes|packets|dynamic|invalid|log/);
  });

  it("puts the old Waymark rules back before the item that followed them, skipping dynamic ones, found by its unique comment", () => {
    // By comment, not *3: ids change on reboot, and the job still fires after a reboot inside the window.
    expect(lines.at(-1)).toBe('/ip firewall mangle move [find comment="waymark:old:0"] destination=[find comment="admin: after"]');
  });

  it("names a neighbour by id only when its comment does not single it out", () => {
    const shared = { ...current, "/ip/firewall/mangle": [...current["/ip/firewall/mangle"].slice(0, 2), rule("*3", "admin: dup"), rule("*5", "admin: dup")] };
    const anchored = rollbackScript("0f9c3a7e-2b", diffRouterOs(plan.objects, shared, { version: "7" }), shared, "7")
      .trimEnd()
      .split("\n");
    expect(anchored.at(-1)).toBe('/ip firewall mangle move [find comment="waymark:old:0"] destination=*3');
  });

  it("names the job after the push and lets it run once", () => {
    const names = rollbackNames("0F9C3A7E-2B44");
    expect(names).toEqual({ script: "waymark-rollback-0f9c3a7e", job: "waymark-rollback-0f9c3a7e" });
    expect(rollbackOnEvent(names).split("\n")).toEqual([
      '/system scheduler remove [find name="waymark-rollback-0f9c3a7e"]',
      "/system script run waymark-rollback-0f9c3a7e",
      '/system script remove [find name="waymark-rollback-0f9c3a7e"]',
    ]);
    expect(windowInterval(90)).toBe("90s");
  });
});
