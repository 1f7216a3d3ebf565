// "Remove Waymark's policy" on someone else's router: the two real exports (7.10 and 6.48.4) take a full policy,
// then its removal through the device seam (an empty plan, with the same arm, gate and rollback as a push). After
// it the router exports exactly as it did before Waymark's first push: every Waymark object gone, nothing else
// changed, added or reordered, and no rollback script or job left behind.

import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import type { IntentInput } from "@/lib/domain/intent";
import { driverFor } from "@/lib/devices";
import type { PushProgress } from "@/lib/devices/push-types";
import { exportConfig } from "@/simulator/routeros";

import { compile, pushConfirmed, useScenarioRouters, WAYMARK } from "./support/router";
import type { Site } from "./support/sites";

const startRouter = useScenarioRouters();

const fixture = (file: string) => readFileSync(new URL(`../../../src/simulator/routeros/export/fixtures/${file}`, import.meta.url), "utf8");

const FIXTURES = [
  {
    label: "7.10",
    version: "7.10",
    file: "export-7.10.rsc",
    major: "7" as const,
    wan: ["wan", "ether2"],
    gateways: ["185.13.148.1", "100.64.0.1"],
    lan: ["main-infrastructure-br", "192.168.97.0/29"],
  },
  {
    label: "6.48.4",
    version: "6.48.4",
    file: "export-6.48.4.rsc",
    major: "6" as const,
    wan: ["optic", "tunnel"],
    gateways: ["100.64.0.1", "100.64.1.1"],
    lan: ["ip-mapping-br", "192.168.99.0/24"],
  },
];

const intentFor = (f: (typeof FIXTURES)[number]): IntentInput => ({
  links: f.wan.map((wan, i) => ({
    name: `isp-${i}`,
    interface: wan,
    gateway: f.gateways[i]!,
    weight: i === 0 ? 3 : 1,
    probe: { targets: [`192.0.2.${10 + i}`] },
  })),
  outbound: { lanInterfaces: [f.lan[0]!], lanSources: [f.lan[1]!], pinned: [{ destination: "10.20.0.0/16", link: "isp-1" }] },
});

describe("[scenario] removing Waymark's policy leaves the router as it was before the first push", () => {
  it.each(FIXTURES)("$label", async (f) => {
    const router = await startRouter({ major: f.major, version: f.version, bootExport: fixture(f.file) } as Site);
    const before = exportConfig(router.sim.device);
    await pushConfirmed(router, compile(intentFor(f), f.major, "pcc"));
    expect(exportConfig(router.sim.device)).not.toBe(before);

    const driver = driverFor({
      kind: "routeros",
      host: "127.0.0.1",
      port: router.sim.port,
      transport: "plain",
      username: WAYMARK.name,
      password: WAYMARK.password,
    });
    const inspection = await driver.inspect();
    const events: Parameters<PushProgress>[0][] = [];
    const outcome = await driver.remove(inspection, {
      pushId: "remove-1",
      planHash: "",
      lastAppliedHash: null,
      confirmWindowSec: 30,
      onProgress: (e) => events.push(e),
    });
    expect(outcome, JSON.stringify(events)).toMatchObject({ outcome: "confirmed" });
    expect(exportConfig(router.sim.device)).toBe(before);

    // Removing again finds nothing of Waymark's: nothing to do.
    const again = await driver.remove(await driver.inspect(), {
      pushId: "remove-2",
      planHash: "",
      lastAppliedHash: null,
      confirmWindowSec: 30,
      onProgress: () => undefined,
    });
    expect(again.outcome).toBe("unchanged");
  });
});
