import { describe, expect, it } from "vitest";

import { parseExport } from "./parse";

describe("[simulator] parseExport", () => {
  it("reads the header and terse commands with selectors, quotes and switches", () => {
    const parsed = parseExport(
      [
        "# 2023-12-03 20:27:23 by RouterOS 7.10",
        "# software id = ",
        '/interface ethernet set [ find default-name=ether1 ] arp=proxy-arp name="wan A"',
        '/routing table add comment="tunnel swing" fib name=rmark-vpn-redirect',
        '/ip ipsec policy set 0 proposal="IPSEC IKEv2"',
        "/ip service set telnet disabled=yes",
        "/ip settings set rp-filter=loose",
        '/ip firewall nat add dst-address-type="" to-addresses=192.168.99.1',
        "/snmp community set [ find ] disabled=yes",
        "/user set *1A comment=x",
      ].join("\n"),
    );

    expect(parsed.header).toEqual({ date: "2023-12-03 20:27:23", version: "7.10" });
    expect(parsed.warnings).toEqual([]);
    expect(parsed.commands).toEqual([
      {
        menu: "interface/ethernet",
        verb: "set",
        selector: { kind: "find", where: { "default-name": "ether1" } },
        props: { arp: "proxy-arp", name: "wan A" },
        switches: [],
        line: 3,
      },
      {
        menu: "routing/table",
        verb: "add",
        selector: undefined,
        props: { comment: "tunnel swing", fib: "", name: "rmark-vpn-redirect" },
        switches: ["fib"],
        line: 4,
      },
      { menu: "ip/ipsec/policy", verb: "set", selector: { kind: "number", index: 0 }, props: { proposal: "IPSEC IKEv2" }, switches: [], line: 5 },
      { menu: "ip/service", verb: "set", selector: { kind: "name", name: "telnet" }, props: { disabled: "yes" }, switches: [], line: 6 },
      { menu: "ip/settings", verb: "set", selector: undefined, props: { "rp-filter": "loose" }, switches: [], line: 7 },
      { menu: "ip/firewall/nat", verb: "add", selector: undefined, props: { "dst-address-type": "", "to-addresses": "192.168.99.1" }, switches: [], line: 8 },
      { menu: "snmp/community", verb: "set", selector: { kind: "find", where: {} }, props: { disabled: "yes" }, switches: [], line: 9 },
      { menu: "user", verb: "set", selector: { kind: "id", id: "*1A" }, props: { comment: "x" }, switches: [], line: 10 },
    ]);
  });

  it("reads the classic form: a menu line, comments, then commands wrapped with backslashes", () => {
    const parsed = parseExport(
      [
        "# jun/01/2023 12:11:25 by RouterOS 6.49.7",
        "/ip firewall mangle",
        "add action=mark-connection chain=prerouting connection-mark=no-mark \\",
        "    connection-state=new new-connection-mark=ISP1 \\",
        "    per-connection-classifier=both-addresses:2/0",
        "# inactive",
        'add action=mark-routing chain=prerouting comment="long comment that \\',
        '    wraps\\_inside the string" new-routing-mark=to_ISP1',
        "/ip route",
        "add distance=1 gateway=10.0.0.1 routing-mark=to_ISP1",
      ].join("\n"),
    );

    expect(parsed.header?.version).toBe("6.49.7");
    expect(parsed.warnings).toEqual([]);
    expect(parsed.commands.map(({ menu, verb, props, line }) => ({ menu, verb, props, line }))).toEqual([
      {
        menu: "ip/firewall/mangle",
        verb: "add",
        props: {
          action: "mark-connection",
          chain: "prerouting",
          "connection-mark": "no-mark",
          "connection-state": "new",
          "new-connection-mark": "ISP1",
          "per-connection-classifier": "both-addresses:2/0",
        },
        line: 3,
      },
      {
        menu: "ip/firewall/mangle",
        verb: "add",
        props: { action: "mark-routing", chain: "prerouting", comment: "long comment that wraps inside the string", "new-routing-mark": "to_ISP1" },
        line: 7,
      },
      { menu: "ip/route", verb: "add", props: { distance: "1", gateway: "10.0.0.1", "routing-mark": "to_ISP1" }, line: 10 },
    ]);
  });

  it("decodes every escape of a quoted value, including \\XX bytes of UTF-8 text", () => {
    const parsed = parseExport(String.raw`/system script add name=s source="a\"b\\c\nd\re\tf\$g\?h\_i\D0\9F\D1\80\D0\B8" comment="C:\\"`);

    expect(parsed.commands[0]?.props).toEqual({ name: "s", source: 'a"b\\c\nd\re\tf$g?h iПри', comment: "C:\\" });
  });

  it("joins a string wrapped after an escape and keeps an escaped backslash at a line end from joining", () => {
    const parsed = parseExport(
      ['/tool netwatch add down-script="\\r\\', '    \\n:log info \\"down\\"" host=10.0.0.1', '/system note set note="ends in \\\\"'].join("\n"),
    );

    expect(parsed.commands.map((command) => command.props)).toEqual([{ "down-script": '\r\n:log info "down"', host: "10.0.0.1" }, { note: "ends in \\" }]);
  });

  it("reports what it cannot read as warnings with line numbers and goes on", () => {
    const parsed = parseExport(
      [
        "add chain=forward",
        '/ip address add address=10.0.0.1/24 comment="open',
        "/ip firewall filter [ oops ]",
        ":delay 5s",
        "/ip firewall filter add chain=forward",
      ].join("\n"),
    );

    expect(parsed.warnings).toEqual([
      { line: 1, text: "add chain=forward", reason: "add before any menu line" },
      { line: 2, text: '/ip address add address=10.0.0.1/24 comment="open', reason: "unterminated quoted value" },
      { line: 3, text: "/ip firewall filter [ oops ]", reason: "not a command" },
      { line: 4, text: ":delay 5s", reason: "script statement, not configuration" },
    ]);
    expect(parsed.commands).toHaveLength(1);
  });

  it("recovers a quoted value that lost its continuation backslash when the next line is indented", () => {
    const parsed = parseExport(
      [
        '/system script add name=x source=":local a 1\\r\\',
        "    \\n/user set [find name=r] password=redacted",
        '    \\n:put done"',
        "/ip address add address=10.0.0.1/24",
      ].join("\n"),
    );

    expect(parsed.commands.map((command) => command.props)).toEqual([
      { name: "x", source: ":local a 1\r\n/user set [find name=r] password=redacted\n:put done" },
      { address: "10.0.0.1/24" },
    ]);
    expect(parsed.warnings.map((warning) => [warning.line, warning.reason])).toEqual([
      [1, "quoted value continued without a backslash; joined with the indented lines below"],
    ]);
  });
});
