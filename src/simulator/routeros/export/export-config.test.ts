import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { createDevice, type SimulatedDevice } from "../device";
import { defaultMenus } from "../menus";
import { seedDefaultConfig } from "../menus/seed";
import { createMenuRegistry } from "../registry";
import { bootFromExport, exportConfig, parseExport, renderExportValue } from ".";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

const device = (version: string): SimulatedDevice => {
  const router = createDevice({ version, identity: "edge-1", boardName: "CHR", users: [] }, createMenuRegistry(defaultMenus, version));
  seedDefaultConfig(router);
  return router;
};

const snapshotOf = (router: SimulatedDevice) => {
  const { tables, settings } = router.config.snapshot();
  return {
    tables: Object.fromEntries([...tables].map(([path, table]) => [path, table.items.map((item) => item.props)])),
    settings: Object.fromEntries([...settings].filter(([, row]) => Object.keys(row).length > 0)),
  };
};

describe("[simulator] exportConfig", () => {
  it.each([
    ["export-6.48.4.rsc", "6.49.10"],
    ["export-7.10.rsc", "7.16.2"],
  ])("boots back to the same items in the same order (%s → export → boot)", (name, version) => {
    const first = device(version);
    bootFromExport(first, fixture(name));
    const second = device(version);
    const report = bootFromExport(second, exportConfig(first));

    // Only values the simulator's menus refuse (and keep) may be reported, as on the first boot.
    expect(report.warnings.filter((warning) => !warning.reason.endsWith("kept as written"))).toEqual([]);
    expect(snapshotOf(second)).toEqual(snapshotOf(first));
  });

  it("writes one menu when asked, arguments in alphabetical order and values quoted the RouterOS way", () => {
    const router = device("7.16.2");
    const report = bootFromExport(
      router,
      [
        "/routing table add name=to_isp1 fib",
        '/ip firewall mangle add chain=prerouting action=mark-routing comment="pin \\"ops\\" \\$HOME" passthrough=no new-routing-mark=to_isp1 dst-address-type=!local log-prefix=#LB',
        '/ip firewall nat add action=masquerade chain=srcnat dst-address-type="" out-interface="wan A"',
      ].join("\n"),
    );

    expect(report.warnings).toEqual([]);
    expect(exportConfig(router, { menus: ["ip/firewall/mangle"] })).toBe(
      '/ip firewall mangle add action=mark-routing chain=prerouting comment="pin \\"ops\\" \\$HOME" dst-address-type=!local log-prefix=#LB new-routing-mark=to_isp1 passthrough=no\n',
    );
    expect(exportConfig(router, { menus: ["routing/table"] })).toBe("/routing table add fib name=to_isp1\n");
  });

  it("writes host addresses without /32 and leaves out ports nobody changed, as /export does", () => {
    const router = device("7.16.2");
    bootFromExport(
      router,
      [
        "/interface ethernet set [ find default-name=ether2 ] comment=uplink",
        "/ip address add address=10.255.255.2 interface=ether2 network=10.255.255.2",
      ].join("\n"),
    );

    expect(router.config.table("ip/address").items[0]?.props.address).toBe("10.255.255.2/32");
    expect(exportConfig(router)).toBe(
      [
        "/interface ethernet set [ find default-name=ether2 ] comment=uplink",
        "/ip address add address=10.255.255.2 interface=ether2 network=10.255.255.2",
        "",
      ].join("\n"),
    );
  });

  it("leaves dynamic items out, as /export does", () => {
    const router = device("7.16.2");
    router.config.table("ip/route").add({ "dst-address": "10.0.0.0/24", gateway: "ether1" }, { dynamic: true });
    router.config.table("ip/route").add({ "dst-address": "0.0.0.0/0", gateway: "10.0.0.1" });

    expect(exportConfig(router)).toBe("/ip route add dst-address=0.0.0.0/0 gateway=10.0.0.1\n");
  });

  it.each([
    ["192.168.99.0/24", "192.168.99.0/24"],
    ["both-addresses:2/0", "both-addresses:2/0"],
    ["!VPN network", '"!VPN network"'],
    ["", '""'],
    ["s'home'", "\"s'home'\""],
    [".(exe)", '".(exe)"'],
    ["reject;", '"reject;"'],
    ["a\tb\r\n", '"a\\tb\\r\\n"'],
    ["При", '"\\D0\\9F\\D1\\80\\D0\\B8"'],
    ["~~WINB-MIK", "~~WINB-MIK"],
    ["*200001C", "*200001C"],
  ])("renders %j as %s and parses it back", (value, written) => {
    expect(renderExportValue(value)).toBe(written);
    expect(parseExport(`/system note set note=${written}`).commands[0]?.props.note).toBe(value);
  });
});
