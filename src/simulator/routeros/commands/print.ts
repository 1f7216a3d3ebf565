// print / getall / listen for item menus (reference §1.6, §1.7): queries, count-only, from=, interval=, follow,
// and listen's change stream with `=.dead=true` for removed items.

import { setTimeout as sleep } from "node:timers/promises";

import { parseDuration } from "../duration";
import type { MenuSpec } from "../menus/spec";
import { tableOf } from "../menus/spec";
import { compileQuery } from "../query/stack";
import { trap, type CommandContext, type CommandDefinition, type Row } from "../types";
import { describeItem, resolveItems, visibleItems } from "./items";
import { TRUE_WORDS } from "./values";

export const waitOrAbort = async (ms: number, signal: AbortSignal): Promise<void> => {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    // Aborted by /cancel or a closed session: the caller checks the signal.
  }
};

export const intervalOf = (context: CommandContext): number | undefined => {
  const text = context.args.get("interval");
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  // The version's arg-desc range (00:00:00.200.. for print) was checked before the command ran (arg-desc.ts);
  // this is for menus outside the schemas. Wording as routers answer a value that is not a time.
  if (ms === null || ms <= 0) throw trap("invalid time value for argument interval", 1);
  return ms;
};

/** Repeats `rows` every interval until /cancel (print =interval=, monitors). */
export const streamEvery = async (context: CommandContext, intervalMs: number, rows: () => Row[]): Promise<void> => {
  while (!context.signal.aborted) {
    rows().forEach(context.emit);
    await waitOrAbort(intervalMs, context.signal);
  }
};

// Print-only flags: `=dynamic=` / `=static=` restrict to dynamic or static items, `=chain=` (firewall) to a chain.
const flagSet = (context: CommandContext, name: string): boolean => {
  const value = context.args.get(name);
  return value !== undefined && (value === "" || TRUE_WORDS.has(value));
};

const matchingRows = (context: CommandContext, spec: MenuSpec): Row[] => {
  const { device, args } = context;
  const matches = compileQuery(context.queries);
  const from = args.get("from");
  const restricted = from === undefined ? undefined : new Set(resolveItems(device, spec, from));
  const chain = args.get("chain");

  return visibleItems(device, spec)
    .filter((item) => !restricted || restricted.has(item))
    .filter((item) => (flagSet(context, "dynamic") ? item.dynamic : flagSet(context, "static") ? !item.dynamic : true))
    .filter((item) => chain === undefined || item.props.chain === chain)
    .map((item) => describeItem({ device, spec }, item))
    .filter(matches);
};

/** Emits a row whenever an item of the menu changes, `.dead` when it goes; until /cancel. */
export const listenToChanges = async (context: CommandContext, spec: MenuSpec, rows: () => Row[]): Promise<void> => {
  const last = new Map(rows().map((row) => [row[".id"] ?? "", JSON.stringify(row)]));
  const diff = () => {
    const current = rows();
    const seen = new Set<string>();
    for (const row of current) {
      const id = row[".id"] ?? "";
      const text = JSON.stringify(row);
      seen.add(id);
      if (last.get(id) !== text) context.emit(row);
      last.set(id, text);
    }
    for (const id of [...last.keys()]) {
      if (seen.has(id)) continue;
      last.delete(id);
      context.emit({ ".id": id, ".dead": "true" });
    }
  };
  const table = tableOf(spec);
  const stop = context.device.config.onChange((path) => {
    if (path === table || path === "") diff();
  });
  try {
    // The dataplane updates item.runtime without a config change (route activity, counters): look once a second.
    while (!context.signal.aborted) {
      await waitOrAbort(1_000, context.signal);
      if (!context.signal.aborted) diff();
    }
  } finally {
    stop();
  }
};

export const printItems = (spec: MenuSpec): CommandDefinition => ({
  run: async (context) => {
    const rows = () => matchingRows(context, spec);
    if (context.args.has("count-only")) return { ret: String(rows().length) };
    const interval = intervalOf(context);
    if (interval !== undefined) return void (await streamEvery(context, interval, rows));
    if (context.args.has("follow-only")) return void (await listenToChanges(context, spec, rows));
    const first = rows();
    first.forEach(context.emit);
    if (context.args.has("follow")) return void (await listenToChanges(context, spec, rows));

    return { empty: first.length === 0 };
  },
});

export const listenItems = (spec: MenuSpec): CommandDefinition => ({
  run: async (context) => {
    await listenToChanges(context, spec, () => matchingRows(context, spec));
  },
});
