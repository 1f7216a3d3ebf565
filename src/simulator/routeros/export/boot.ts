// Boots a simulated router from someone else's /export: every command in file order, so each menu keeps the
// file's order (firewall rules, address lists, routes). Lenient like a router importing its own backup would not
// be: no reference checks, unknown menus are stored as plain tables so nothing is lost, and whatever cannot be
// read or applied is reported as a warning with its line.

import type { SimulatedDevice } from "../device";
import type { ExportHeader } from "./lines";
import { applyCommand } from "./apply";
import { specFor, type ExportMenuSpec } from "./normalize";
import { parseExport, type ExportCommand, type ExportWarning } from "./parse";

export type BootOptions = {
  /**
   * Menu specs whose property kinds normalize values (bool, switch, duration, prefix) and name their tables;
   * default: the simulator's own specs for the device's version (menus/).
   */
  specs?: readonly ExportMenuSpec[];
};

export type BootReport = {
  /** From the `# … by RouterOS x.y` line; says which RouterOS wrote the file, not what the simulator runs. */
  header?: ExportHeader;
  /** Commands applied (possibly with a warning). */
  applied: number;
  /** What was not understood or not applied, in line order. */
  warnings: ExportWarning[];
};

const describe = (command: ExportCommand): string => `/${command.menu.replaceAll("/", " ")} ${command.verb}`;

export const bootFromExport = (device: SimulatedDevice, text: string, options: BootOptions = {}): BootReport => {
  const parsed = parseExport(text);
  const given = options.specs ? new Map(options.specs.map((spec) => [spec.path, spec])) : undefined;
  const lookup = (path: string) => (given ? given.get(path) : specFor(device, path));
  const warnings = [...parsed.warnings];
  let applied = 0;
  for (const command of parsed.commands) {
    let problems: string[];
    try {
      problems = applyCommand(device, command, lookup(command.menu));
      applied += 1;
    } catch (error) {
      problems = [error instanceof Error ? error.message : String(error)];
    }
    for (const reason of problems) warnings.push({ line: command.line, text: describe(command), reason });
  }
  warnings.sort((a, b) => a.line - b.line);
  return { header: parsed.header, applied, warnings };
};
