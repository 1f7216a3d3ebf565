import type { SimulatedDevice } from "../device";
import { intervalOf, streamEvery } from "../commands/print";
import { compileQuery } from "../query/stack";
import type { CommandDefinition, Row } from "../types";

// `print` arguments of settings menus such as /system/identity and /system/resource
// (routeros-schema 7.16.2, from /console/inspect on a CHR). Only used where the schema lacks the menu.
export const SETTINGS_PRINT_ARGS = ["as-value", "file", "interval", "oid", "without-paging"] as const;

/** A print over `rows`: queries filter, `.proplist` is applied by the session, `=interval=` repeats until /cancel. */
export const printCommand = (rows: (device: SimulatedDevice) => Row[], args: readonly string[] = SETTINGS_PRINT_ARGS): CommandDefinition => ({
  args,
  run: async (context) => {
    const matches = compileQuery(context.queries);
    const current = () => rows(context.device).filter(matches);
    const interval = intervalOf(context);
    if (interval !== undefined) return void (await streamEvery(context, interval, current));
    const items = current();
    items.forEach(context.emit);

    return { empty: items.length === 0 };
  },
});
