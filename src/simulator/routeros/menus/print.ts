import { setTimeout as sleep } from "node:timers/promises";

import type { SimulatedDevice } from "../device";
import { parseDuration } from "../duration";
import { trap, type CommandContext, type CommandDefinition, type Row } from "../types";

// `print` arguments of settings menus such as /system/identity and /system/resource
// (routeros-schema 7.16.2, from /console/inspect on a CHR).
export const SETTINGS_PRINT_ARGS = ["as-value", "file", "interval", "oid", "without-paging"] as const;

const waitOrAbort = async (ms: number, signal: AbortSignal): Promise<void> => {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    // Aborted by /cancel or a closed session: the caller checks the signal.
  }
};

const streamEvery = async (context: CommandContext, intervalMs: number, rows: () => Row[]): Promise<void> => {
  while (!context.signal.aborted) {
    rows().forEach(context.emit);
    await waitOrAbort(intervalMs, context.signal);
  }
};

/** A print over `rows`: `.proplist` is applied by the session; `=interval=` repeats until /cancel. */
export const printCommand = (
  rows: (device: SimulatedDevice) => Row[],
  args: readonly string[] = SETTINGS_PRINT_ARGS,
): CommandDefinition => ({
  args,
  run: async (context) => {
    if (context.queries.length > 0) throw trap("simulator: query words are not simulated yet", 5);
    const interval = context.args.get("interval");
    if (interval !== undefined) {
      const intervalMs = parseDuration(interval);
      // [UNVERIFIED] exact RouterOS wording for a bad duration.
      if (intervalMs === null || intervalMs <= 0) throw trap(`invalid value for argument interval`, 1);
      await streamEvery(context, intervalMs, () => rows(context.device));
      return;
    }
    const items = rows(context.device);
    items.forEach(context.emit);

    return { empty: items.length === 0 };
  },
});
