// Matchers shared by /ip/firewall/{filter,nat,mangle,raw} (reference §2.1; CLI reference ip/firewall/mangle).

import { invalidValue, isIpv4, noMatch, parseCidr } from "../commands/values";
import { isV7 } from "../device";
import type { PropertySpec } from "./spec";

// 10.0.0.1, 10.0.0.0/24 or 10.0.0.1-10.0.0.9, optionally negated.
const parseAddressMatch = (value: string, name: string): string => {
  const body = value.startsWith("!") ? value.slice(1) : value;
  const range = body.split("-");
  const ok = range.length === 2 ? range.every(isIpv4) : parseCidr(body) !== null;
  if (!ok) throw invalidValue(name);
  return value;
};

const ADDRESS_TYPES = ["unicast", "local", "broadcast", "multicast", "blackhole", "prohibit", "unreachable", "anycast"];
const CONNECTION_STATES = ["established", "invalid", "new", "related", "untracked"];

// PCC page [DOC]: [!]ValuesToHash:Denominator/Remainder, Denominator 1..4294967295, Remainder 0..4294967295.
const PCC_HASHES = [
  "both-addresses",
  "both-ports",
  "dst-address-and-port",
  "src-address",
  "src-port",
  "both-addresses-and-ports",
  "dst-address",
  "dst-port",
  "src-address-and-port",
];
const PCC = /^(!?)([a-z-]+):(\d+)\/(\d+)$/;
const MAX_U32 = 4_294_967_295;

export const parsePerConnectionClassifier = (value: string, name: string): string => {
  const match = PCC.exec(value);
  const [, , hash = "", denominator = "", remainder = ""] = match ?? [];
  const d = Number(denominator);
  const r = Number(remainder);
  // [UNVERIFIED] the router's wording for a remainder not below the denominator.
  if (!match || !PCC_HASHES.includes(hash) || d < 1 || d > MAX_U32 || r > MAX_U32 || r >= d) throw invalidValue(name);
  return value;
};

const interfaceRef: PropertySpec = { kind: "ref", ref: { menu: "interface" }, negatable: true };
const interfaceListRef: PropertySpec = { kind: "ref", ref: { menu: "interface/list" }, negatable: true };
const address: PropertySpec = { kind: "string", parse: (value, { name }) => parseAddressMatch(value, name) };
const negatableText: PropertySpec = { kind: "string", negatable: true };

export const firewallMatchers: Readonly<Record<string, PropertySpec>> = {
  "src-address": address,
  "dst-address": address,
  "src-address-list": negatableText,
  "dst-address-list": negatableText,
  "src-address-type": { kind: "enum", values: ADDRESS_TYPES, list: true, negatable: true },
  "dst-address-type": { kind: "enum", values: ADDRESS_TYPES, list: true, negatable: true },
  protocol: negatableText,
  "src-port": negatableText,
  "dst-port": negatableText,
  port: negatableText,
  "in-interface": interfaceRef,
  "out-interface": interfaceRef,
  "in-interface-list": interfaceListRef,
  "out-interface-list": interfaceListRef,
  "connection-state": { kind: "enum", values: CONNECTION_STATES, list: true, negatable: true },
  "connection-mark": negatableText,
  "packet-mark": negatableText,
  "routing-mark": negatableText,
  "per-connection-classifier": { kind: "string", parse: (value, { name }) => parsePerConnectionClassifier(value, name) },
  "jump-target": { kind: "string" },
  "address-list": { kind: "string" },
  "address-list-timeout": { kind: "string" },
  log: { kind: "bool", default: "false" },
  "log-prefix": { kind: "string", default: "" },
};

/** v7 routing marks are routing tables and must exist first ("Moving from ROSv6 to v7"); v6 marks are free text. */
export const routingMarkReference: PropertySpec = {
  kind: "string",
  parse: (value, context) => {
    if (!isV7(context.device)) return value;
    const tables = context.device.config.table("routing/table").items.map((item) => item.props.name);
    // [UNVERIFIED] message for a mark that names no table (reference §4 expects this one).
    if (!tables.includes(value)) throw noMatch(context.name);
    return value;
  },
};
