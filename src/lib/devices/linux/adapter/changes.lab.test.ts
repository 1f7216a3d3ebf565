// What a push would change, asked of a real gateway (the dual-WAN lab): everything before the first push, nothing
// after it, and only the pool and the monitor's weight after a new weight.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWanLab, type WanLab } from "../../../../../lab";
import { startPrivateSshd, type PrivateSshd } from "../../../../../lab/private-sshd";
import { rootTargetOf } from "@tests/support/linux/lab-target";
import { ZIntent, type IntentInput } from "@/lib/domain/intent";
import { ZTargetOptions } from "@/lib/domain/target-options";
import type { DeviceDriver } from "../../driver";
import { createLinuxDriver } from ".";

let lab: WanLab;
let sshd: PrivateSshd;
let driver: DeviceDriver;

beforeAll(async () => {
  lab = await startWanLab({ label: "changes", lanClients: 1 });
  sshd = await startPrivateSshd(lab);
  driver = createLinuxDriver(rootTargetOf(lab, sshd));
}, 60_000);

afterAll(async () => {
  await sshd?.stop();
  await lab?.stop();
});

const intent = (weight: number): IntentInput => ({
  links: [
    { name: "isp1", interface: "wan1", gateway: "198.51.100.1", weight, probe: { targets: [...lab.probeTargets] } },
    { name: "isp2", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe: { targets: [...lab.probeTargets] } },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
});

async function planFor(weight: number) {
  const inspection = await driver.inspect();
  const compiled = driver.compile(ZIntent.parse(intent(weight)), inspection.capabilities, { targetOptions: ZTargetOptions.parse({}) });
  return { inspection, plan: compiled.plan! };
}

describe("[lab] what a push would change on a Linux gateway", () => {
  it("adds everything before the first push, nothing after it, and changes only the pool and the monitor's weight after a new weight", async () => {
    const first = await planFor(3);
    const before = driver.changes(first.plan, first.inspection)!;
    expect(before.change + before.remove).toBe(0);
    expect(before.add).toBeGreaterThan(20);
    const planHash = createHash("sha256").update(JSON.stringify(first.plan)).digest("hex");
    const outcome = await driver.push(first.plan, first.inspection, {
      pushId: `c${process.pid}`,
      planHash,
      lastAppliedHash: null,
      confirmWindowSec: 20,
      onProgress: () => {},
    });
    expect(outcome).toMatchObject({ outcome: "confirmed" });
    const again = await planFor(3);
    expect(driver.changes(again.plan, again.inspection)).toEqual({ add: 0, change: 0, remove: 0, items: [] });
    const reweighted = await planFor(1);
    expect(driver.changes(reweighted.plan, reweighted.inspection)?.items).toEqual([
      { op: "change", what: "nft map wan_pool" },
      { op: "change", what: "link monitor settings: LINK_0_WEIGHT" },
    ]);
  }, 120_000);
});
