// Print rows → read-back records. Every API value is a string (API page, "Value can be empty"); counters are
// unsigned 64-bit decimals and become bigint; flags print as "true"/"false" and may be left out when false on v7
// (reference §1.8: "Absent/false flags may be omitted").

import { RouterOsProtocolError } from "../errors";
import type { RouterOsRow } from "../reply";
import { parseBoolean, parseCounter } from "../values";

export type RuleState = { comment: string; menu: string; chain: string; action: string; bytes: bigint; packets: bigint; disabled: boolean };
export type RouteState = { comment: string; gateway: string; table: string; distance: number; active: boolean; disabled: boolean };
export type NetwatchState = { comment: string; host: string; status: "up" | "down" | "unknown"; since: string | null };
export type InterfaceState = {
  name: string;
  running: boolean;
  rxByte: bigint;
  txByte: bigint;
  rxPacket: bigint;
  txPacket: bigint;
  rxBitsPerSecond: number;
  txBitsPerSecond: number;
};

const required = (row: RouterOsRow, name: string, where: string): string => {
  const value = row[name];
  if (value === undefined) throw new RouterOsProtocolError(`${where}: row without ${name}`);
  return value;
};

// /ip/firewall/mangle/print =.proplist=.id,comment,chain,action,bytes,packets,disabled (Firewall Filter page,
// "Stats": bytes and packets "the total amount ... matched by the rule"); a row as RouterOS 7 sends it:
//   !re =.id=*12 =comment=waymark:pcc:isp-a:0 =chain=prerouting =action=mark-connection =bytes=104874 =packets=953
//       =disabled=false
// `action` is left out by a print that has no value for it; RouterOS's default action is accept.
export const parseRuleRow = (menu: string, row: RouterOsRow): RuleState => ({
  comment: row.comment ?? "",
  menu,
  chain: required(row, "chain", menu),
  action: row.action ?? "accept",
  bytes: parseCounter(row.bytes ?? "0"),
  packets: parseCounter(row.packets ?? "0"),
  disabled: parseBoolean(row.disabled),
});

/** Any rule of a shown firewall table, the admin's own included, with its print number. */
export type ChainRule = {
  menu: string;
  /** The number `print` shows: 0-based over the whole table, dynamic rules included (Firewall page, "print"). */
  number: number;
  id: string;
  comment: string;
  chain: string;
  /** The row's matchers and action properties, as printed, for the words. */
  properties: Record<string, string>;
  bytes: bigint;
  packets: bigint;
  disabled: boolean;
  dynamic: boolean;
};

// The same print, whole table (no comment query), so the admin's rules come too; e.g. RouterOS 7.16's defconf
// fasttrack rule and a rule of the admin's:
//   !re =.id=*2 =chain=forward =action=fasttrack-connection =connection-state=established,related =hw-offload=true
//       =bytes=0 =packets=0 =disabled=false =dynamic=false =comment=defconf: fasttrack
//   !re =.id=*3 =chain=forward =action=change-mss =new-mss=1400 =out-interface=wan2 =protocol=tcp =tcp-flags=syn
//       =passthrough=true =bytes=52 =packets=1 =disabled=false =dynamic=false =comment=clamp MSS for the LTE link
export const parseChainRow = (menu: string, number: number, row: RouterOsRow): ChainRule => {
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(row)) if (value !== undefined && !COUNTER_OR_FLAG.has(name)) properties[name] = value;
  return {
    menu,
    number,
    id: required(row, ".id", menu),
    comment: row.comment ?? "",
    chain: required(row, "chain", menu),
    properties,
    bytes: parseCounter(row.bytes ?? "0"),
    packets: parseCounter(row.packets ?? "0"),
    disabled: parseBoolean(row.disabled),
    dynamic: parseBoolean(row.dynamic),
  };
};

const COUNTER_OR_FLAG = new Set([".id", "comment", "chain", "bytes", "packets", "disabled", "dynamic"]);

// /ip/route/print, a real RouterOS 7 row (REST output in pdudotdev/aiNOC, same names and values as the API):
//   {".id":"*80000001","active":"true","distance":"1","dst-address":"172.20.20.0/24","dynamic":"false",
//    "gateway":"172.31.255.29","immediate-gw":"172.31.255.29%ether1","inactive":"false","routing-table":"main",
//    "scope":"30","static":"true","target-scope":"10"}
// An inactive route has no `active` key. v6 names the table `routing-mark` and leaves it out for main.
export const parseRouteRow = (row: RouterOsRow): RouteState => ({
  comment: row.comment ?? "",
  gateway: row.gateway ?? "",
  table: row["routing-table"] ?? row["routing-mark"] ?? "main",
  distance: Number.parseInt(row.distance ?? "1", 10),
  active: parseBoolean(row.active),
  disabled: parseBoolean(row.disabled),
});

const NETWATCH_STATUS = new Set(["up", "down", "unknown"]);

// /tool/netwatch/print (v7 CLI reference: read-only status "unknown | down | up", since "when state of the host
// changed last time"); a row:
//   !re =.id=*1 =host=192.0.2.10 =status=up =since=2026-11-20 10:00:00 =comment=waymark:netwatch:isp-a
// A fresh entry is "unknown" and prints no since (or an empty one).
export const parseNetwatchRow = (row: RouterOsRow): NetwatchState => {
  const status = row.status ?? "unknown";
  if (!NETWATCH_STATUS.has(status)) throw new RouterOsProtocolError(`/tool/netwatch: unexpected status ${JSON.stringify(status)}`);
  return { comment: row.comment ?? "", host: row.host ?? "", status: status as NetwatchState["status"], since: row.since || null };
};

// /interface/print =.proplist=name,running,rx-byte,tx-byte,rx-packet,tx-packet (CLI reference: read-only rx-byte,
// tx-byte, rx-packet, tx-packet; flag R = running), e.g.
//   !re =name=wan1 =running=true =rx-byte=183427311 =tx-byte=22873465 =rx-packet=150211 =tx-packet=98112
// /interface/monitor-traffic =interface=wan1,wan2 =once= → one row per interface (CLI reference: name,
// rx-bits-per-second, tx-bits-per-second, … as plain numbers over the API):
//   !re =name=wan1 =rx-packets-per-second=120 =rx-bits-per-second=1048576 =tx-packets-per-second=80
//       =tx-bits-per-second=262144 …
export const parseInterfaceRows = (interfaces: readonly RouterOsRow[], traffic: readonly RouterOsRow[]): InterfaceState[] =>
  interfaces.map((row) => {
    const name = required(row, "name", "/interface");
    const rate = traffic.find((t) => t.name === name);
    return {
      name,
      running: parseBoolean(row.running),
      rxByte: parseCounter(row["rx-byte"] ?? "0"),
      txByte: parseCounter(row["tx-byte"] ?? "0"),
      rxPacket: parseCounter(row["rx-packet"] ?? "0"),
      txPacket: parseCounter(row["tx-packet"] ?? "0"),
      rxBitsPerSecond: Number(rate?.["rx-bits-per-second"] ?? 0),
      txBitsPerSecond: Number(rate?.["tx-bits-per-second"] ?? 0),
    };
  });
