// Values as an export writes them → values as print returns them. An export writes booleans as yes/no, print
// and the API as true/false (reference §1.8); switches (`fib`, `blackhole`) are stored as "" like the menus store
// them. With a menu spec the property's kind decides (and its own normalizer runs: durations, prefixes); without
// one, yes/no becomes true/false except in properties holding the user's own text.

import { normalizeValue } from "../commands/values";
import type { SimulatedDevice } from "../device";
import { itemSpecFor, settingsSpecs } from "../menus";
import { availableFor, type MenuSpec, type PropertySpec, type ValueContext } from "../menus/spec";

/** What the loader needs from a menu spec (menus/spec.ts MenuSpec or SettingsSpec). */
export type ExportMenuSpec = Pick<MenuSpec, "path" | "properties"> & Partial<Pick<MenuSpec, "table" | "firstId" | "nameKey">>;

// Free text: "comment=yes" is the word yes.
const FREE_TEXT = new Set([
  "comment",
  "name",
  "source",
  "on-event",
  "note",
  "log-prefix",
  "content",
  "regexp",
  "value",
  "text",
  "user",
  "password",
  "secret",
  "ssid",
  "from",
  "to",
  "cc",
  "subject",
  "body",
  "up-script",
  "down-script",
  "test-script",
  "contact",
  "location",
  "supplicant-identity",
]);

/** The simulator's own spec of `path` for this device's version: an item menu or a settings menu. */
export const specFor = (device: SimulatedDevice, path: string): ExportMenuSpec | undefined =>
  itemSpecFor(device.version, path) ?? settingsSpecs.find((spec) => spec.path === path && availableFor(spec)(device.version));

export const isFreeText = (name: string): boolean => FREE_TEXT.has(name);

// Switches known without a spec, for export: /routing table `fib`, /ip route `blackhole` (reference §1.8, §2.4),
// OSPF `passive` and `no-summaries` (export-7.10.rsc).
const KNOWN_SWITCHES = new Set(["fib", "blackhole", "passive", "no-summaries"]);

export const isSwitch = (name: string, spec: ExportMenuSpec | undefined): boolean =>
  spec?.properties[name] ? spec.properties[name].kind === "switch" : KNOWN_SWITCHES.has(name);

const byShape = (name: string, value: string): string => {
  if (FREE_TEXT.has(name)) return value;
  if (value === "yes") return "true";
  if (value === "no") return "false";
  return value;
};

const bySpec = (device: SimulatedDevice, name: string, property: PropertySpec, value: string): string => {
  // References are not checked at boot: the export may name an item further down, or one the simulator lacks.
  if (property.kind === "ref" || (property.kind === "string" && !property.parse)) return value;
  const context: ValueContext = { device, name };
  return normalizeValue(property, context, value);
};

export type NormalizedProps = { props: Record<string, string>; problems: string[] };

export const normalizeProps = (
  device: SimulatedDevice,
  spec: ExportMenuSpec | undefined,
  raw: Readonly<Record<string, string>>,
  switches: readonly string[],
): NormalizedProps => {
  const props: Record<string, string> = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const property = spec?.properties[name];
    if (switches.includes(name) || property?.kind === "switch") {
      props[name] = "";
    } else if (spec && property) {
      try {
        props[name] = bySpec(device, name, property, value);
      } catch {
        props[name] = byShape(name, value);
        problems.push(`${name}=${value} is not a value the simulated ${spec.path} accepts; kept as written`);
      }
    } else {
      props[name] = byShape(name, value);
    }
  }
  return { props, problems };
};

/** A `[ find k=v ]` value compared with a stored one: `default=yes` finds `default=true`. */
export const sameValue = (stored: string | undefined, written: string): boolean =>
  stored !== undefined && (stored === written || stored === byShape("", written));
