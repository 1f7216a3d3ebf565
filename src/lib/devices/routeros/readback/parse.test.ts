import { describe, expect, it } from "vitest";

import { RouterOsProtocolError } from "../errors";
import { parseInterfaceRows, parseNetwatchRow, parseRouteRow, parseRuleRow } from "./parse";

describe("RouterOS read-back parsers", () => {
  it("reads rule counters past 2^53 as bigint and defaults the action to accept", () => {
    const row = {
      ".id": "*12",
      comment: "waymark:pcc:isp-a:0",
      chain: "prerouting",
      bytes: "18446744073709551615",
      packets: "9007199254740993",
      disabled: "true",
    };
    expect(parseRuleRow("/ip/firewall/mangle", row)).toEqual({
      comment: "waymark:pcc:isp-a:0",
      menu: "/ip/firewall/mangle",
      chain: "prerouting",
      action: "accept",
      bytes: 18446744073709551615n,
      packets: 9007199254740993n,
      disabled: true,
    });
    expect(() => parseRuleRow("/ip/firewall/nat", { ".id": "*1" })).toThrow(RouterOsProtocolError);
  });

  it("reads the real v7 route row, an inactive one without `active`, and a v6 routing mark", () => {
    const v7 = {
      ".id": "*80000001",
      active: "true",
      distance: "1",
      "dst-address": "172.20.20.0/24",
      dynamic: "false",
      gateway: "172.31.255.29",
      "immediate-gw": "172.31.255.29%ether1",
      inactive: "false",
      "routing-table": "main",
      scope: "30",
      static: "true",
      "target-scope": "10",
    };
    expect(parseRouteRow(v7)).toEqual({ comment: "", gateway: "172.31.255.29", table: "main", distance: 1, active: true, disabled: false });
    expect(
      parseRouteRow({ gateway: "203.0.113.1", distance: "2", "routing-table": "to-isp-a", inactive: "true", comment: "waymark:route:isp-a:via:isp-b" }),
    ).toMatchObject({ active: false, table: "to-isp-a", distance: 2 });
    expect(parseRouteRow({ gateway: "198.51.100.1", "routing-mark": "to-isp-a", active: "true" }).table).toBe("to-isp-a");
    expect(parseRouteRow({ gateway: "198.51.100.1" }).table).toBe("main");
  });

  it("reads netwatch status and since, refusing a status RouterOS never prints", () => {
    expect(parseNetwatchRow({ host: "192.0.2.10", status: "up", since: "2026-11-20 10:00:00", comment: "waymark:netwatch:isp-a" })).toEqual({
      comment: "waymark:netwatch:isp-a",
      host: "192.0.2.10",
      status: "up",
      since: "2026-11-20 10:00:00",
    });
    expect(parseNetwatchRow({ host: "192.0.2.11", since: "" })).toMatchObject({ status: "unknown", since: null });
    expect(() => parseNetwatchRow({ host: "192.0.2.11", status: "flapping" })).toThrow(RouterOsProtocolError);
  });

  it("joins interface counters with one monitor-traffic sample by name", () => {
    const interfaces: Record<string, string>[] = [
      { name: "wan1", running: "true", "rx-byte": "183427311", "tx-byte": "22873465" },
      { name: "wan2", running: "false" },
    ];
    const traffic = [{ name: "wan1", "rx-bits-per-second": "1048576", "tx-bits-per-second": "262144" }];
    expect(parseInterfaceRows(interfaces, traffic)).toEqual([
      { name: "wan1", running: true, rxByte: 183427311n, txByte: 22873465n, rxPacket: 0n, txPacket: 0n, rxBitsPerSecond: 1048576, txBitsPerSecond: 262144 },
      { name: "wan2", running: false, rxByte: 0n, txByte: 0n, rxPacket: 0n, txPacket: 0n, rxBitsPerSecond: 0, txBitsPerSecond: 0 },
    ]);
  });
});
