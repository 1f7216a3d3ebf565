import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { createDevice, type SimulatedDevice } from "../device";
import { defaultMenus } from "../menus";
import { seedDefaultConfig } from "../menus/seed";
import { createMenuRegistry } from "../registry";
import { bootFromExport, exportConfig } from ".";

// Real exports of someone else's routers (fixtures/README.md).
const V6_EXPORT = readFileSync(new URL("./fixtures/export-6.48.4.rsc", import.meta.url), "utf8");
const V7_EXPORT = readFileSync(new URL("./fixtures/export-7.10.rsc", import.meta.url), "utf8");

// A router as the simulator starts one: ether1..ether5, the built-in interface lists, v7's main table.
const device = (version: string): SimulatedDevice => {
  const router = createDevice({ version, identity: "edge-1", boardName: "RB5009UPr+S+", users: [] }, createMenuRegistry(defaultMenus, version));
  seedDefaultConfig(router);
  return router;
};

const booted = (version: string, text: string) => {
  const router = device(version);
  const report = bootFromExport(router, text);
  return { router, report };
};

// Counted without the parser: terse `/menu words add` lines, plus `add` lines under a classic menu line.
const addLines = (text: string, menu: string): number => {
  const words = `/${menu.replaceAll("/", " ")}`;
  let current = "";
  let count = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("/") && !line.includes("=") && !/ (add|set)( |$)/.test(line)) current = line.trim();
    else if (line.startsWith(`${words} add `) || line === `${words} add`) count += 1;
    else if (line.startsWith("add ") && current === words) count += 1;
  }
  return count;
};

// What the export configured: not the router's own items (built-in lists, the dynamic main table).
const configured = (router: SimulatedDevice, table: string) =>
  router.config.table(table).items.filter((item) => !item.dynamic && item.runtime.builtin !== "true");
const props = (router: SimulatedDevice, table: string) => configured(router, table).map((item) => item.props);

describe("[simulator] bootFromExport on real exports", () => {
  const KEY_MENUS_V6 = [
    "interface/list",
    "interface/list/member",
    "ip/address",
    "ip/route",
    "ip/route/rule",
    "ip/firewall/mangle",
    "ip/firewall/nat",
    "ip/firewall/filter",
    "ip/firewall/address-list",
    "tool/netwatch",
    "system/script",
    "system/scheduler",
  ];
  const KEY_MENUS_V7 = [
    "interface/list",
    "interface/list/member",
    "ip/address",
    "ip/route",
    "routing/table",
    "ip/firewall/mangle",
    "ip/firewall/nat",
    "ip/firewall/filter",
    "ip/firewall/address-list",
    "tool/netwatch",
    "system/script",
    "system/scheduler",
  ];

  it.each([
    ["6.48.4", "6.49.10", V6_EXPORT, KEY_MENUS_V6],
    ["7.10", "7.16.2", V7_EXPORT, KEY_MENUS_V7],
  ])("keeps one item per add line in every key menu (export %s)", (_, version, text, menus) => {
    const { router, report } = booted(version, text);
    const counts = Object.fromEntries(menus.map((menu) => [menu, configured(router, menu).length]));

    expect(counts).toEqual(Object.fromEntries(menus.map((menu) => [menu, addLines(text, menu)])));
    expect(counts["ip/firewall/filter"]).toBeGreaterThan(200);
    expect(report.applied).toBeGreaterThan(500);
  });

  it("keeps the file's order within a menu (mangle and filter comments in file order)", () => {
    const { router } = booted("6.49.10", V6_EXPORT);
    const commentsInFile = (menu: string) =>
      V6_EXPORT.split("\n")
        .filter((line) => line.startsWith(`/${menu.replaceAll("/", " ")} add `))
        .map((line) => /comment=("(?:\\.|[^"\\])*"|\S+)/.exec(line)?.[1]?.replace(/^"|"$/g, "").replaceAll('\\"', '"'));

    expect(props(router, "ip/firewall/mangle").map((p) => p.comment)).toEqual(commentsInFile("ip/firewall/mangle"));
    expect(props(router, "ip/firewall/filter").map((p) => p.comment)).toEqual(commentsInFile("ip/firewall/filter"));
  });

  it("stores values as print shows them: yes/no as true/false, switches empty, quoting and continuations undone", () => {
    const { router } = booted("6.49.10", V6_EXPORT);
    const mangle = props(router, "ip/firewall/mangle");
    const nat = props(router, "ip/firewall/nat");

    expect(mangle.find((p) => p.comment === "DUMMY")).toEqual({ action: "passthrough", chain: "prerouting", comment: "DUMMY", disabled: "true" });
    expect(mangle.find((p) => p.comment === "VPN Sites")?.passthrough).toBe("false");
    expect(nat.find((p) => p.comment === "WINBOX NAT loopback")?.["dst-address-type"]).toBe("");
    expect(props(router, "ip/firewall/filter").find((p) => p.comment === 'VPN "Allow IPSec-ah"')?.["src-address-list"]).toBe("VPN server");
    expect(props(router, "tool/netwatch")[0]?.["down-script"]).toBe(
      '\r\n:put "info: Netwatch UP"\r\n:log info "Netwatch UP"\r\n\r\n:global NetwatchHostName "miniAlx";\r\n/system script run doNetwatchHost;',
    );
    expect(router.config.settings("ip/settings")).toEqual({ "accept-source-route": "true", "rp-filter": "loose", "tcp-syncookies": "true" });
    // start-tls is an enum on v6 (no, yes, tls-only), so its "yes" stays.
    expect(router.config.settings("tool/e-mail")).toMatchObject({ address: "smtp.gmail.com", port: "587", "start-tls": "yes" });
    expect(router.identity).toBe("mikrouter");

    const v7 = booted("7.16.2", V7_EXPORT).router;
    expect(props(v7, "routing/table")).toEqual([{ comment: "tunnel swing", fib: "", name: "rmark-vpn-redirect" }]);
  });

  it("makes every interface the export declares or renames an item of the interface table, type and default-name as read-only facts", () => {
    const { router } = booted("6.49.10", V6_EXPORT);
    const interfaces = router.config.table("interface").items.map((item) => [item.props.name, item.runtime.type, item.runtime["default-name"]]);

    expect(interfaces).toEqual([
      ["wan A", "ether", "ether1"],
      ["lan B", "ether", "ether2"],
      ["lan C", "ether", "ether3"],
      ["lan A", "ether", "ether4"],
      ["lan D", "ether", "ether5"],
      ["ip-mapping-br", "bridge", undefined],
      ["main-infrastructure-br", "bridge", undefined],
      ["ospf-loopback-br", "bridge", undefined],
      ["optic", "ether", "sfp1"],
      ["pppoe-rostelecom", "pppoe-out", undefined],
      ["wlan 2Ghz", "wlan", "wlan1"],
      ["wlan 5Ghz", "wlan", "wlan2"],
      ["tunnel", "l2tp-out", undefined],
    ]);
    expect(props(router, "interface").find((p) => p.name === "optic")).toEqual({
      name: "optic",
      advertise: "10M-half,10M-full,100M-half,100M-full,1000M-half,1000M-full",
      disabled: "true",
    });
    expect(
      booted("7.16.2", V7_EXPORT)
        .router.config.table("interface")
        .items.map((item) => item.props.name),
    ).toEqual(["wan", "ether2", "ether3", "ether4", "ether5", "main-infrastructure-br", "ospf-loopback-br", "rw-alx", "tunnel-anna", "tunnel-mikrotik"]);
  });

  it("numbers v7 static routes from *80000001 and v6 ones from *1", () => {
    expect(booted("7.16.2", V7_EXPORT).router.config.table("ip/route").items[0]?.id).toBe("*80000001");
    expect(booted("6.49.10", V6_EXPORT).router.config.table("ip/route").items[0]?.id).toBe("*1");
    expect(
      bootFromExport(
        createDevice({ version: "7.10", identity: "r", boardName: "CHR", users: [] }, createMenuRegistry([], "7.10")),
        "/ip route add gateway=10.0.0.1",
      ).warnings,
    ).toEqual([]);
  });

  it("creates the built-in items an export only sets (services, default profiles, logging rules)", () => {
    const { router } = booted("6.49.10", V6_EXPORT);

    expect(props(router, "ip/service")).toEqual([
      { name: "telnet", disabled: "true" },
      { name: "api", disabled: "true" },
      { name: "api-ssl", disabled: "true" },
    ]);
    expect(props(router, "interface/wireless/security-profiles")[0]).toEqual({ default: "true", "supplicant-identity": "MikroTik" });
    expect(props(router, "system/logging").slice(0, 2)).toEqual([{ action: "OnScreenLog", topics: "info,!ipsec,!script,!dns" }, { action: "OnScreenLog" }]);
  });

  it("reports the fixtures' damaged script lines; other warnings are only values the simulator's menus refuse", () => {
    const v6 = booted("6.49.10", V6_EXPORT).report;
    const v7 = booted("7.16.2", V7_EXPORT).report;
    const unreadable = (warnings: typeof v6.warnings) =>
      warnings.filter((warning) => !warning.reason.endsWith("kept as written")).map((warning) => warning.line);

    expect(v6.header).toEqual({ date: "apr/23/2023 14:54:00", version: "6.48.4" });
    expect(unreadable(v6.warnings)).toEqual([2968, 3501]);
    expect(unreadable(v7.warnings)).toEqual([716]);
    expect(v6.warnings.length + v7.warnings.length).toBeLessThan(8);
  });

  it("writes every one-line command of both exports back exactly as the file has it", () => {
    for (const [version, text] of [
      ["6.49.10", V6_EXPORT],
      ["7.16.2", V7_EXPORT],
    ] as const) {
      const written = new Set(exportConfig(booted(version, text).router).split("\n"));
      const oneLiners = text.split("\n").filter((line) => line.startsWith("/") && !line.endsWith("\\") && / (add|set)( |$)/.test(line));

      expect(oneLiners.length).toBeGreaterThan(500);
      expect(oneLiners.filter((line) => !written.has(line))).toEqual([]);
    }
  });

  it("does not fail on menus it does not model, values it refuses or lines it cannot read", () => {
    const router = device("7.16.2");
    const report = bootFromExport(
      router,
      [
        "/caps-man channel add band=2ghz-onlyn name=common",
        '/ip firewall filter add chain="unterminated',
        "/ip firewall filter remove [ find comment=missing ]",
        ":put done",
        "/ip firewall mangle add chain=prerouting in-interface=nowhere passthrough=maybe",
      ].join("\n"),
    );

    expect(props(router, "caps-man/channel")).toEqual([{ band: "2ghz-onlyn", name: "common" }]);
    // No reference checks at boot: in-interface names an interface the router does not have.
    expect(props(router, "ip/firewall/mangle")).toEqual([{ chain: "prerouting", "in-interface": "nowhere", passthrough: "maybe" }]);
    expect(report.warnings.map((warning) => [warning.line, warning.reason])).toEqual([
      [2, "unterminated quoted value"],
      [3, "remove: no such item in ip/firewall/filter"],
      [4, "script statement, not configuration"],
      [5, "passthrough=maybe is not a value the simulated ip/firewall/mangle accepts; kept as written"],
    ]);
  });
});
