// Runs one API command inside the router, without a session: what scripts (netwatch up/down, scheduler
// on-event, /system/script/run) and the dataplane use. Same registry, same argument checks, same traps as the API.

import { checkArgValues } from "./arg-desc";
import { isV7, type SimulatedDevice } from "./device";
import type { MenuRegistry, ResolvedCommand } from "./registry";
import { trap, type Row, type SessionHandle } from "./types";

// Scripts run as *sys (reference §2.5) in no API session: nothing they do is tied to a connection ending.
const SCRIPT_SESSION: SessionHandle = { id: "script", onEnd: () => {} };

export type Execution = { rows: Row[]; ret?: string };

/** Names first (the version's schema), then values (its arg-desc ranges): the checks of every command, API or script. */
export const checkArgs = (device: SimulatedDevice, resolved: ResolvedCommand, args: ReadonlyMap<string, string>): void => {
  for (const name of args.keys()) {
    // v6 answers a bare "unknown parameter"; v7 names it ("unknown parameter thr-rtt-max", reference §4).
    if (!resolved.accepted.includes(name)) throw trap(isV7(device) ? `unknown parameter ${name}` : "unknown parameter");
  }
  checkArgValues(device.version, resolved.menu.path, resolved.name, args);
};

/** `command` is an API command word, e.g. "/ip/route/disable". Throws TrapReply as the API would answer. */
export const executeCommand = async (
  device: SimulatedDevice,
  registry: MenuRegistry,
  command: string,
  args: ReadonlyMap<string, string>,
  queries: readonly string[] = [],
): Promise<Execution> => {
  const resolved = registry.resolve(command);
  checkArgs(device, resolved, args);
  const { definition } = resolved;
  const rows: Row[] = [];
  const outcome = await definition.run({ device, session: SCRIPT_SESSION, args, queries, emit: (row) => rows.push(row), signal: new AbortController().signal });
  return { rows, ret: outcome?.ret };
};
