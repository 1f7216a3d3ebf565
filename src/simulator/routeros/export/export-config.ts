// The simulated router's configuration as terse /export text: one line per item, tables in the order they were
// created and items in table order, then settings menus; dynamic and built-in items left out. For tests (foreign
// objects unchanged and in order) and for debugging; booting the output gives the same items back. Written the
// way /export writes: arguments in alphabetical order, yes/no for booleans, bare words where RouterOS leaves them
// bare (log-prefix=#VPN, dst-address-type=!local, include=*200001C), quoted otherwise
// (comment="VPN \"Allow IPSec-ah\"", dst-address-type=""). Every one-line command of both fixtures comes back
// byte for byte (boot.test.ts).

import { quoteRouterOs } from "@/lib/domain/compile/routeros/quote";

import type { ConfigItem, RouterConfig } from "../config";
import type { SimulatedDevice } from "../device";
import { builtinRef } from "./builtins";
import { INTERFACE_TABLE, interfaceMenuOf } from "./interfaces";
import { isFreeText, isSwitch, sameValue, specFor, type ExportMenuSpec } from "./normalize";
import type { ExportSelector } from "./parse";

export type ExportConfigOptions = {
  /** Only these menus ("ip/firewall/mangle"); all when absent. */
  menus?: readonly string[];
  /** Menu specs, to write switches as bare words; default: the simulator's own for the device's version. */
  specs?: readonly ExportMenuSpec[];
};

// Characters seen unquoted in real exports (export-6.48.4.rsc, export-7.10.rsc); anything else is quoted,
// which RouterOS reads the same way. [UNVERIFIED] whether /export quotes % & < > ^ | as well.
const BARE = /^[A-Za-z0-9!#*+,\-./:@_~]+$/;

export const renderExportValue = (value: string): string => (BARE.test(value) ? value : quoteRouterOs(value));

const menuLine = (menu: string): string => `/${menu.replaceAll("/", " ")}`;

const renderSelector = (selector: ExportSelector): string => {
  switch (selector.kind) {
    case "find": {
      const where = Object.entries(selector.where).map(([name, value]) => ` ${name}=${renderExportValue(value)}`);
      return `[ find${where.join("")} ]`;
    }
    case "number":
      return String(selector.index);
    case "id":
      return selector.id;
    case "name":
      return renderExportValue(selector.name);
  }
};

// Print shows a host address as 10.255.255.2/32; /export writes `address=10.255.255.2` (export-6.48.4.rsc).
const exportedValue = (menu: string, name: string, value: string): string => (menu === "ip/address" && name === "address" ? value.replace(/\/32$/, "") : value);

// /export lists arguments in alphabetical order: true of all 1203 commands in the two fixtures.
const renderProps = (
  menu: string,
  props: Readonly<Record<string, string>>,
  skip: (name: string, value: string) => boolean,
  spec: ExportMenuSpec | undefined,
): string[] =>
  Object.entries(props)
    .filter(([name, value]) => !skip(name, value))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, stored]) => {
      const value = exportedValue(menu, name, stored);
      if (value === "" && isSwitch(name, spec)) return name;
      if ((value === "true" || value === "false") && !isFreeText(name)) return `${name}=${value === "true" ? "yes" : "no"}`;
      return `${name}=${renderExportValue(value)}`;
    });

type ItemLine = { menu: string; text: string };

const line = (menu: string, verb: string, words: readonly string[]): ItemLine => ({ menu, text: [menuLine(menu), verb, ...words].join(" ") });

type Lookup = (menu: string) => ExportMenuSpec | undefined;

const factOf = (item: ConfigItem, name: string): string | undefined => item.runtime[name] ?? item.props[name];

const interfaceLine = (item: ConfigItem, specOf: Lookup): ItemLine | undefined => {
  const kindMenu = interfaceMenuOf(factOf(item, "type"));
  const menu = kindMenu ?? INTERFACE_TABLE;
  const defaultName = factOf(item, "default-name");
  const skip = (name: string, value: string) =>
    (name === "type" && kindMenu !== undefined) || (defaultName !== undefined && (name === "default-name" || (name === "name" && value === defaultName)));
  const words = renderProps(menu, item.props, skip, specOf(menu));
  if (defaultName === undefined) return line(menu, "add", words);
  // A port nobody changed is not in an export.
  if (words.length === 0) return undefined;
  return line(menu, "set", [renderSelector({ kind: "find", where: { "default-name": defaultName } }), ...words]);
};

const itemLine = (config: RouterConfig, tableName: string, item: ConfigItem, specOf: Lookup): ItemLine | undefined => {
  if (tableName === INTERFACE_TABLE) return interfaceLine(item, specOf);
  const builtin = builtinRef(config, tableName, item.id);
  if (!builtin)
    return line(
      tableName,
      "add",
      renderProps(tableName, item.props, () => false, specOf(tableName)),
    );
  const { menu, selector } = builtin;
  // Properties the selector already says (`[ find default=yes ]`, `set telnet`) are not repeated.
  const implied: Record<string, string> = selector.kind === "find" ? selector.where : selector.kind === "name" ? { name: selector.name } : {};
  const skip = (name: string, value: string) => implied[name] !== undefined && sameValue(value, implied[name]);
  return line(menu, "set", [renderSelector(selector), ...renderProps(menu, item.props, skip, specOf(menu))]);
};

export const exportConfig = (device: SimulatedDevice, options: ExportConfigOptions = {}): string => {
  const wanted = options.menus ? new Set(options.menus) : undefined;
  const given = options.specs ? new Map(options.specs.map((spec) => [spec.path, spec])) : undefined;
  const specOf: Lookup = (menu) => (given ? given.get(menu) : specFor(device, menu));
  const lines: string[] = [];
  for (const [tableName, table] of device.config.tables) {
    for (const item of table.items) {
      // Dynamic items and the router's own (the interface lists all/none/…) are not configuration.
      if (item.dynamic || item.runtime.builtin === "true") continue;
      const rendered = itemLine(device.config, tableName, item, specOf);
      if (rendered && (!wanted || wanted.has(rendered.menu))) lines.push(rendered.text);
    }
  }
  for (const [menu, row] of device.config.snapshot().settings) {
    if (Object.keys(row).length === 0 || (wanted && !wanted.has(menu))) continue;
    lines.push(
      line(
        menu,
        "set",
        renderProps(menu, row, () => false, specOf(menu)),
      ).text,
    );
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
};
