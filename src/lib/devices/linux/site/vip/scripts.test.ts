import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { compileSite } from "@/lib/domain/site/compile";
import { ZSiteIntent } from "@/lib/domain/site/intent";
import type { VipNodePlan } from "@/lib/domain/site/member-plan";
import { changeScript, confirmScript, downScript, planned, presentScript, readScript, upScript } from "./scripts";

const intent = ZSiteIntent.parse({
  kind: "shared-vip",
  vip: "192.0.2.10",
  members: [1, 2].map((n) => ({ device: `d${n}`, role: "vip-node", interface: "eth0", address: `192.0.2.1${n}`, nodeId: n })),
});
const plan = compileSite("web", intent, new Map(intent.members.map((m) => [m.device, { id: m.device, name: m.device, capabilities: null }]))).members[0]
  ?.plan as VipNodePlan;
const HASH = "a".repeat(64);

const parses = (script: string) => execFileSync("sh", ["-n", "-c", script]);

describe("shared-VIP node scripts", () => {
  it("are valid POSIX sh, every one of them", () => {
    for (const kind of ["apply", "remove"] as const) {
      parses(changeScript({ kind, plan, pushId: "p1", confirmWindowSec: 30, daemon: "#!/usr/bin/perl\nprint 1;\n" }));
      parses(confirmScript({ kind, plan, pushId: "p1" }, HASH));
    }
    for (const script of [upScript(plan, "/run/waymark/push-p1"), downScript(plan), presentScript(plan), readScript(plan)]) parses(script);
  });

  it("stages the change in the push's order: lock, upload, check, snapshot, arm, apply", () => {
    const script = changeScript({ kind: "apply", plan, pushId: "p1", confirmWindowSec: 30, daemon: "" });
    const order = ["take_lock", "stage upload", "stage check", "stage snapshot", "stage arm", "stage apply"].map((s) => script.lastIndexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(script).toContain("nft -c -f /run/waymark/push-p1/table.nft");
  });

  it("refuses a plan whose values left their grammar before any script is written", () => {
    expect(() => planned({ ...plan, interface: "eth0; reboot" })).toThrow(/interface/);
    expect(() => planned({ ...plan, vip: "192.0.2.10 && reboot" })).toThrow(/virtual IP/);
    expect(() => planned({ ...plan, multicastMac: "ff:ff:ff:ff:ff:ff" })).toThrow(/multicast MAC/);
    expect(() => planned({ ...plan, site: "web$(reboot)" })).toThrow(/site name/);
    expect(() => changeScript({ kind: "apply", plan, pushId: "p1; reboot", confirmWindowSec: 30, daemon: "" })).toThrow(/push id/);
    expect(() => confirmScript({ kind: "apply", plan, pushId: "p1" }, "not-a-hash")).toThrow(/plan hash/);
  });
});
