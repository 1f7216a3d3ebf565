// /safe-mode (schemas from 7.18 list take/release/unroll/toggle): while a session holds safe mode, every change is
// provisional; if that session ends without release, the router rolls back (tik4net wiki "Safe Mode": "if you take
// safe mode and the connection drops before SafeModeRelease(), RouterOS rolls everything back on its own").
// One holder at a time; the console asks a second taker "Hijacking Safe Mode from someone - unroll/release/don't take
// it [u/r/d]", the API cannot ask, so it refuses [UNVERIFIED wording].

import { noMatch } from "../commands/values";
import type { ConfigSnapshot } from "../config";
import type { SimulatedDevice } from "../device";
import { trap, type CommandContext, type CommandDefinition, type MenuDefinition, type Row } from "../types";

type Holder = { session: string; snapshot: ConfigSnapshot };

const holders = new WeakMap<SimulatedDevice, Holder>();

const heldBy = (context: CommandContext): Holder | undefined => {
  const holder = holders.get(context.device);
  return holder?.session === context.session.id ? holder : undefined;
};

const take = (context: CommandContext): void => {
  const { device, session } = context;
  const current = holders.get(device);
  if (current?.session === session.id) return;
  if (current) throw trap("failure: safe mode already taken by another session", 4);
  const holder: Holder = { session: session.id, snapshot: device.config.snapshot() };
  holders.set(device, holder);
  session.onEnd(() => {
    if (holders.get(device) !== holder) return;
    holders.delete(device);
    device.config.restore(holder.snapshot);
  });
};

const release = (context: CommandContext): void => {
  if (heldBy(context)) holders.delete(context.device);
};

const unroll = (context: CommandContext): void => {
  const holder = heldBy(context);
  if (!holder) return;
  holders.delete(context.device);
  context.device.config.restore(holder.snapshot);
};

const verb = (run: (context: CommandContext) => void): CommandDefinition => ({ run });

const stateRow = (context: CommandContext): Row => ({ active: String(heldBy(context) !== undefined) });

export const safeModeMenu: MenuDefinition = {
  path: "safe-mode",
  commands: {
    take: verb(take),
    release: verb(release),
    unroll: verb(unroll),
    toggle: verb((context) => (heldBy(context) ? release(context) : take(context))),
    // [UNVERIFIED] property name.
    print: verb((context) => context.emit(stateRow(context))),
    get: {
      run: (context) => {
        const value = stateRow(context)[context.args.get("value-name") ?? ""];
        if (value === undefined) throw noMatch("value-name");
        return { ret: value };
      },
    },
  },
};

/** Whether any session holds safe mode on the device (for tests and the demo). */
export const safeModeHolder = (device: SimulatedDevice): string | undefined => holders.get(device)?.session;
