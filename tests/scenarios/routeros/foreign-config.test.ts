// Scenario 4: pushing onto someone else's router — the two real exports in src/simulator/routeros/export/fixtures
// (RouterOS 7.10 and 6.48.4, full of user chains, address lists, disabled rules and odd quoting). Everything Waymark
// did not create must be unchanged and in the same order afterwards, item by item and as /export writes it, and
// Waymark's firewall rules must sit as one block after the admin's rules on the first push.

import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { ZIntent, type IntentInput } from "@/lib/domain/intent";
import { exportConfig } from "@/simulator/routeros";

import { compile, items, pushConfirmed, useScenarioRouters, type ScenarioRouter } from "./support/router";
import type { Site } from "./support/sites";
import { foreignTables, isWaymark } from "./support/views";

const startRouter = useScenarioRouters();

const fixture = (file: string) => readFileSync(new URL(`../../../src/simulator/routeros/export/fixtures/${file}`, import.meta.url), "utf8");

// Interface names are taken from the exports themselves, including the v6 router's "wan A" and the 7.10 router's
// LAN bridge main-infrastructure-br (the intent accepts RouterOS names; only a Linux plan refuses them).
const FIXTURES = [
  {
    label: "7.10 (Defm/mikrobackups rawconf_CHR)",
    version: "7.10",
    file: "export-7.10.rsc",
    major: "7" as const,
    links: [
      { name: "isp-a", interface: "wan", gateway: "185.13.148.1" }, // ether1 renamed; the export's own default route
      { name: "isp-b", interface: "ether2", gateway: "100.64.0.1" },
    ],
    lan: { interface: "main-infrastructure-br", cidr: "192.168.97.0/29" },
  },
  {
    label: "6.48.4 (Defm/mikrobackups rawconf_mikrouter)",
    version: "6.48.4",
    file: "export-6.48.4.rsc",
    major: "6" as const,
    links: [
      { name: "isp-a", interface: "optic", gateway: "100.64.0.1" }, // sfp1 renamed
      { name: "isp-b", interface: "tunnel", gateway: "100.64.1.1" }, // the export's l2tp-out
    ],
    lan: { interface: "ip-mapping-br", cidr: "192.168.99.0/24" },
  },
];

type Fixture = (typeof FIXTURES)[number];

const intentFor = (f: Fixture): IntentInput => ({
  links: f.links.map((l, i) => ({ ...l, weight: i === 0 ? 3 : 1, probe: { targets: [`192.0.2.${10 + i}`] } })),
  outbound: { lanInterfaces: [f.lan.interface], lanSources: [f.lan.cidr] },
});

const foreignExport = (router: ScenarioRouter) =>
  exportConfig(router.sim.device)
    .split("\n")
    .filter((line) => !line.includes("waymark"))
    .join("\n");

/** Positions of Waymark's rules among a firewall table's static rules: one run, at its end. */
function blockOf(router: ScenarioRouter, menu: string): { size: number; first: number; last: number; total: number } {
  const rules = items(router, menu);
  const positions = rules.flatMap((item, index) => (isWaymark(item.props) ? [index] : []));
  return { size: positions.length, first: positions[0] ?? -1, last: positions.at(-1) ?? -1, total: rules.length };
}

describe("[scenario 4] pushing onto real exports leaves the admin's configuration alone", () => {
  it.each(FIXTURES)("$label", async (f) => {
    const site = { major: f.major, version: f.version, bootExport: fixture(f.file) } as Site;
    const router = await startRouter(site);
    expect(router.sim.bootReport?.applied).toBeGreaterThan(500);
    const tablesBefore = foreignTables(router);
    const exportBefore = foreignExport(router);
    const admin = { mangle: items(router, "ip/firewall/mangle").length, nat: items(router, "ip/firewall/nat").length };

    const pcc = compile(intentFor(f), f.major, "pcc");
    const first = await pushConfirmed(router, pcc);
    expect(foreignTables(router)).toEqual(tablesBefore);
    expect(foreignExport(router)).toBe(exportBefore);
    const mangle = blockOf(router, "ip/firewall/mangle");
    const nat = blockOf(router, "ip/firewall/nat");
    const planned = (menu: string) => pcc.objects.filter((o) => o.menu === menu).length;
    expect(mangle).toEqual({
      size: planned("/ip/firewall/mangle"),
      first: admin.mangle,
      last: admin.mangle + planned("/ip/firewall/mangle") - 1,
      total: admin.mangle + planned("/ip/firewall/mangle"),
    });
    expect(nat).toEqual({
      size: planned("/ip/firewall/nat"),
      first: admin.nat,
      last: admin.nat + planned("/ip/firewall/nat") - 1,
      total: admin.nat + planned("/ip/firewall/nat"),
    });

    // A change (ECMP instead of PCC): still nothing of the admin's touched, Waymark's rules still one block.
    const ecmp = compile(intentFor(f), f.major, "ecmp");
    const second = await pushConfirmed(router, ecmp);
    expect(foreignTables(router)).toEqual(tablesBefore);
    expect(foreignExport(router)).toBe(exportBefore);
    const moved = blockOf(router, "ip/firewall/mangle");
    expect(moved.last - moved.first + 1).toBe(moved.size);
    expect((await router.waymark.readState(ecmp)).drift).toEqual([]);

    const foreignCount = Object.values(tablesBefore).reduce((sum, list) => sum + list.length, 0);
    console.log(
      `[scenario 4] ${f.label}: ${foreignCount} foreign items in ${Object.keys(tablesBefore).length} tables unchanged and in order after a first push ` +
        `(${first.ms} ms) and a PCC→ECMP change (${second.ms} ms); Waymark's mangle block at ${mangle.first}–${mangle.last} after ${admin.mangle} admin rules, ` +
        `nat block at ${nat.first}–${nat.last} after ${admin.nat}`,
    );
  });

  // RouterOS names interfaces with spaces and longer than 15 characters (both exports do: "wan A",
  // "main-infrastructure-br", "pppoe-rostelecom"); the intent accepts them.
  it("accepts the exports' own interface names in an intent", () => {
    const intent: IntentInput = {
      links: [
        { name: "isp-a", interface: "wan A", gateway: "1.0.0.2", probe: { targets: ["192.0.2.10"] } },
        { name: "isp-b", interface: "pppoe-rostelecom", gateway: "100.64.0.1", probe: { targets: ["192.0.2.11"] } },
      ],
      outbound: { lanInterfaces: ["main-infrastructure-br"], lanSources: ["192.168.99.0/24"] },
    };
    expect(ZIntent.safeParse(intent).success).toBe(true);
  });
});
