// The router's script runner (device.runtime.runScript): /system script run, netwatch up/down scripts and scheduler
// events all come through here. A failing script stops at the failing line, leaves a `script,error` log line and,
// for whoever awaited it (the API's /system/script/run), rejects with the router's trap; it never takes the
// simulator down.

import type { SimClock } from "../clock";
import type { SimulatedDevice } from "../device";
import { createRouterLog } from "../dataplane/log";
import { trap, TrapReply } from "../types";
import { runStatements, type ScriptEnv } from "./interpreter";

export { startScheduler } from "./scheduler";

// Scripts that run scripts that run scripts: the router has a limit too; past it, refuse rather than spin.
const MAX_RUNNING = 32;

export const installScriptRunner = (device: SimulatedDevice, clock: SimClock): void => {
  const log = createRouterLog(device, clock);
  const env: ScriptEnv = { device, clock, log, globals: new Map() };
  let running = 0;

  device.runtime.runScript = async (source, origin) => {
    if (running >= MAX_RUNNING) throw trap("simulator: too many scripts running at once");
    running += 1;
    let line: number | undefined;
    try {
      await runStatements(env, source, (current) => (line = current));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // [UNVERIFIED] wording; RouterOS logs a failed background script under topics script,error.
      log("script,error", `executing script from ${origin} failed${line === undefined ? "" : ` (line ${line})`}: ${message}`);
      throw error instanceof TrapReply ? error : trap(message);
    } finally {
      running -= 1;
    }
  };
};
