import { describe, expect, it } from "vitest";
import { ZIntent, type Intent } from "../intent";
import { DUAL_WAN_EXAMPLE, SERVER_POOL_EXAMPLE } from "../intent/examples";
import { compileLinux, type LinuxPlan } from "./linux";
import { VARIANTS } from "./linux/variants.fixture";
import { ZDevicePlan } from "./plan-schema";
import { compileRouterOs, type RouterOsPlan } from "./routeros";

// Every plan the compilers produce for the example intents, stored as run-push stores it (JSON.stringify), parses
// back through ZDevicePlan to the same bytes: the hashes taken of a plan (planHash, the Linux gateway's
// applied.sha256, RouterOS appliedHash of its objects) still match after a read from the database.

const dualWan = ZIntent.parse(DUAL_WAN_EXAMPLE);
const INTENTS: [string, Intent][] = [
  ["dual-WAN example", dualWan],
  ...Object.entries(VARIANTS).map(([name, intent]): [string, Intent] => [`linux variant ${name}`, intent]),
];

const plans: [string, LinuxPlan | RouterOsPlan][] = [
  ...INTENTS.flatMap(([name, intent]) =>
    (["nftables", "iptables"] as const).map((flavour): [string, LinuxPlan] => [`${name}, ${flavour}`, compileLinux(intent, { flavour })]),
  ),
  ...[...INTENTS, ["server-pool example", ZIntent.parse(SERVER_POOL_EXAMPLE)] as [string, Intent]].flatMap(([name, intent]) =>
    (["6", "7"] as const).flatMap((version) =>
      (["pcc", "ecmp"] as const).map((balancer): [string, RouterOsPlan] => [
        `${name}, RouterOS v${version} ${balancer}`,
        compileRouterOs(intent, { version, balancer }),
      ]),
    ),
  ),
];

describe("[domain] ZDevicePlan: stored plans read back through their schema", () => {
  it.each(plans)("parses %s back to the bytes that were stored", (_name, plan) => {
    const stored = JSON.stringify(plan);
    expect(JSON.stringify(ZDevicePlan.parse(JSON.parse(stored)))).toBe(stored);
  });

  it("covers warnings with and without a link, switched objects and connection removals", () => {
    const all = plans.map(([, plan]) => plan);
    const warnings = all.flatMap((p) => p.warnings);
    expect(warnings.some((w) => w.link !== undefined) && warnings.some((w) => w.link === undefined)).toBe(true);
    const routeros = all.filter((p): p is RouterOsPlan => p.target === "routeros");
    expect(routeros.some((p) => p.objects.some((o) => o.switchedBy) && p.removeConnections.length > 0)).toBe(true);
    expect(new Set(all.map((p) => p.target))).toEqual(new Set(["routeros", "linux-nftables", "linux-iptables"]));
  });

  it("refuses a Linux plan stored before the plan named its LAN, saying where", () => {
    const { lan: _lan, ...older } = compileLinux(dualWan, { flavour: "nftables" });
    const result = ZDevicePlan.safeParse(older);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["lan"]);
  });

  it("refuses an unknown target, a field the type does not have and a wrong menu", () => {
    const routeros = compileRouterOs(dualWan, { version: "7" });
    expect(ZDevicePlan.safeParse({ ...routeros, target: "vyos" }).success).toBe(false);
    expect(ZDevicePlan.safeParse({ ...routeros, extra: 1 }).success).toBe(false);
    const [first, ...rest] = routeros.objects;
    expect(ZDevicePlan.safeParse({ ...routeros, objects: [{ ...first!, menu: "/system/script" }, ...rest] }).success).toBe(false);
    expect(ZDevicePlan.safeParse({}).success).toBe(false);
  });
});
