// What the router knows about its own links, derived from configuration: interfaces and whether they run,
// addresses and their connected networks, interface lists and firewall address lists.

import type { ConfigItem, RouterConfig } from "../config";
import { inPrefix, parseAddressRange, parsePrefix, type AddressRange, type Prefix } from "./ip";

export type ConnectedNetwork = { prefix: Prefix; address: number; interfaceName: string };

export type AddressSet = { has: (ip: number) => boolean };

export type Topology = {
  /** Interface items by name. */
  interfaces: ReadonlyMap<string, ConfigItem>;
  isRunning: (interfaceName: string) => boolean;
  connected: readonly ConnectedNetwork[];
  localAddresses: ReadonlySet<number>;
  /** The connected network (on a running interface) holding `ip`, longest prefix first. */
  connectedFor: (ip: number) => ConnectedNetwork | undefined;
  /** First address of an interface: what masquerade and router-originated probes use as source. */
  addressOf: (interfaceName: string) => number | undefined;
  interfaceLists: ReadonlyMap<string, ReadonlySet<string>>;
  inInterfaceList: (interfaceName: string | undefined, list: string) => boolean;
  addressList: (name: string) => AddressSet;
};

export const isTrue = (value: string | undefined): boolean => value === "true" || value === "yes";

export const enabledItems = (config: RouterConfig, path: string): ConfigItem[] =>
  config.hasTable(path) ? config.table(path).items.filter((item) => !isTrue(item.props.disabled)) : [];

const EMPTY_SET: AddressSet = { has: () => false };

// Single addresses go in a Set; prefixes and ranges are few in practice, so a list scan is enough.
const buildAddressSet = (entries: readonly string[]): AddressSet => {
  const singles = new Set<number>();
  const ranges: AddressRange[] = [];
  for (const entry of entries) {
    const range = parseAddressRange(entry);
    if (range === null) continue; // a DNS name: RouterOS resolves it, the simulator does not
    if (range.from === range.to) singles.add(range.from);
    else ranges.push(range);
  }

  return { has: (ip) => singles.has(ip) || ranges.some((range) => ip >= range.from && ip <= range.to) };
};

const collectLists = (config: RouterConfig, interfaces: ReadonlyMap<string, ConfigItem>): Map<string, Set<string>> => {
  const lists = new Map<string, Set<string>>();
  const listOf = (name: string) => lists.get(name) ?? lists.set(name, new Set()).get(name)!;
  // Built-in lists (v7 /interface list print shows all, none, dynamic, static).
  listOf("all");
  listOf("none");
  for (const [name, item] of interfaces) {
    listOf("all").add(name);
    listOf(item.dynamic ? "dynamic" : "static").add(name);
  }
  for (const member of enabledItems(config, "interface/list/member")) {
    const { list, interface: name } = member.props;
    if (list !== undefined && name !== undefined) listOf(list).add(name);
  }

  return lists;
};

const collectAddressLists = (config: RouterConfig): Map<string, AddressSet> => {
  const entries = new Map<string, string[]>();
  for (const item of enabledItems(config, "ip/firewall/address-list")) {
    const { list, address } = item.props;
    if (list === undefined || address === undefined) continue;
    entries.set(list, [...(entries.get(list) ?? []), address]);
  }

  return new Map([...entries].map(([name, addresses]) => [name, buildAddressSet(addresses)]));
};

export const buildTopology = (config: RouterConfig, linksDown: ReadonlySet<string>): Topology => {
  const interfaces = new Map<string, ConfigItem>();
  for (const item of config.hasTable("interface") ? config.table("interface").items : []) {
    if (item.props.name !== undefined) interfaces.set(item.props.name, item);
  }
  const isRunning = (name: string) => {
    const item = interfaces.get(name);
    return item !== undefined && !isTrue(item.props.disabled) && !linksDown.has(name);
  };

  const connected: ConnectedNetwork[] = [];
  for (const item of enabledItems(config, "ip/address")) {
    const { address = "", interface: interfaceName = "" } = item.props;
    const [ipText = ""] = address.split("/");
    const prefix = parsePrefix(address);
    const ip = parsePrefix(ipText)?.network;
    if (prefix === null || ip === undefined || !interfaces.has(interfaceName)) continue;
    connected.push({ prefix, address: ip, interfaceName });
  }
  const running = connected.filter((network) => isRunning(network.interfaceName)).sort((a, b) => b.prefix.length - a.prefix.length);
  const interfaceLists = collectLists(config, interfaces);
  const addressLists = collectAddressLists(config);

  return {
    interfaces,
    isRunning,
    connected,
    localAddresses: new Set(connected.map((network) => network.address)),
    connectedFor: (ip) => running.find((network) => inPrefix(ip, network.prefix)),
    addressOf: (name) => connected.find((network) => network.interfaceName === name)?.address,
    interfaceLists,
    inInterfaceList: (name, list) => name !== undefined && (interfaceLists.get(list)?.has(name) ?? false),
    addressList: (name) => addressLists.get(name) ?? EMPTY_SET,
  };
};
