// The router's log (device.runtime.log), as the memory action keeps it: the newest 1000 lines
// (/system logging action memory-lines default), so a demo running for days does not grow without bound.

import type { SimClock } from "../clock";
import type { SimulatedDevice } from "../device";

const MEMORY_LINES = 1000;

export type RouterLog = (topics: string, message: string) => void;

export const createRouterLog =
  (device: SimulatedDevice, clock: Pick<SimClock, "now">): RouterLog =>
  (topics, message) => {
    const log = device.runtime.log;
    log.push({ topics, message, at: clock.now() });
    if (log.length > MEMORY_LINES) log.splice(0, log.length - MEMORY_LINES);
  };
