// Everything that runs inside a simulated router besides the API: the script runner, the dataplane (with
// check-gateway and netwatch) and the scheduler, on one clock. index.ts starts it with the simulator.

import { createClock, type SimClock } from "../clock";
import type { SimulatedDevice } from "../device";
import { executeCommand } from "../execute";
import { formatRouterDate } from "../menus/dates";
import { installScriptRunner, startScheduler } from "../script";
import { createDataplane, type DataplaneOptions, type SimNetwork } from "./index";

export type RouterRuntimeOptions = {
  /** "manual": time moves only on clock.advance(ms), for deterministic tests. Default "real". */
  clock?: "real" | "manual" | SimClock;
  network?: DataplaneOptions;
};

export type RouterRuntime = { clock: SimClock; network: SimNetwork; stop: () => void };

const scriptNamed = (device: SimulatedDevice, name: string) =>
  device.config.hasTable("system/script") && device.config.table("system/script").items.some((item) => item.props.name === name);

export const startRouterRuntime = (device: SimulatedDevice, options: RouterRuntimeOptions = {}): RouterRuntime => {
  const clock = typeof options.clock === "object" ? options.clock : createClock(options.clock);
  device.runtime.now = clock.now;
  installScriptRunner(device, clock);
  const dataplane = createDataplane(device, clock, options.network);
  const scheduler = startScheduler({
    config: device.config,
    clock,
    formatDate: (ms) => formatRouterDate(device, new Date(ms)),
    runEvent: async (onEvent, origin) => {
      const name = onEvent.trim();
      if (scriptNamed(device, name)) await executeCommand(device, device.registry, "/system/script/run", new Map([["number", name]]));
      else await device.runtime.runScript?.(onEvent, origin);
    },
  });

  return {
    clock,
    network: dataplane.network,
    stop: () => {
      scheduler.dispose();
      dataplane.dispose();
      if (typeof options.clock !== "object") clock.dispose();
    },
  };
};
