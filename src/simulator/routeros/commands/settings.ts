// Settings menus (one row, no ids): /ip/settings, /tool/e-mail. print shows defaults overlaid by what was set.

import type { SimulatedDevice } from "../device";
import type { SettingsSpec } from "../menus/spec";
import { availableFor } from "../menus/spec";
import type { CommandDefinition, MenuDefinition, Row } from "../types";
import { getSettingsValue } from "./get";
import { defaultOf, versionHas } from "./items";
import { intervalOf, streamEvery } from "./print";
import { normalizeValue } from "./values";

export const settingsRow = (device: SimulatedDevice, spec: SettingsSpec): Row => {
  const stored = device.config.settings(spec.path);
  const row: Row = {};
  for (const [name, property] of Object.entries(spec.properties)) {
    const value = stored[name] ?? (versionHas(device, spec.path, name) ? defaultOf(property, device) : undefined);
    if (value !== undefined) row[name] = value;
  }
  return { ...row, ...stored };
};

const print = (spec: SettingsSpec): CommandDefinition => ({
  run: async (context) => {
    const row = () => [settingsRow(context.device, spec)];
    const interval = intervalOf(context);
    if (interval !== undefined) return void (await streamEvery(context, interval, row));
    row().forEach(context.emit);
  },
});

const set = (spec: SettingsSpec): CommandDefinition => ({
  run: ({ device, args }) => {
    const values: Record<string, string> = {};
    for (const [name, value] of args) {
      const property = spec.properties[name];
      values[name] = property ? normalizeValue(property, { device, name }, value) : value;
    }
    device.config.setSettings(spec.path, values);
  },
});

export const settingsMenu = (spec: SettingsSpec): MenuDefinition => ({
  path: spec.path,
  available: availableFor(spec),
  commands: {
    print: print(spec),
    set: set(spec),
    get: getSettingsValue(
      (device) => settingsRow(device, spec),
      (name) => spec.properties[name] !== undefined,
    ),
    ...spec.commands,
  },
});
