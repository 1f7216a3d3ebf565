// A simple traffic generator for the demo: LAN clients open TCP connections to internet hosts at a steady rate,
// each lives a while and moves its share of the byte rate (mostly downloads), then closes.

import type { SimClock } from "../clock";
import type { Flows } from "./flows";
import type { ConnectionOutcome, ConnectionRequest } from "./network";

export type TrafficOptions = {
  clients: readonly string[];
  /** Internet hosts the clients talk to; default a handful in 198.18.0.0/15 (the benchmarking range). */
  destinations?: readonly string[];
  newConnectionsPerSecond: number;
  /** Total over all flows, both directions. */
  bytesPerSecond: number;
  /** How long a connection lives, in seconds; default 5 to 60. */
  connectionSeconds?: readonly [number, number];
  dstPort?: number;
};

export type TrafficGenerator = {
  stop: () => void;
  activeFlows: () => number;
  stats: () => { opened: number; delivered: number; failed: number };
};

type GeneratorDeps = {
  clock: SimClock;
  random: () => number;
  open: (request: ConnectionRequest) => ConnectionOutcome;
  flows: () => Flows;
};

const DEFAULT_DESTINATIONS = ["198.18.0.10", "198.18.1.20", "198.18.2.30", "198.18.3.40", "198.19.0.50", "198.19.1.60"];
const UPLOAD_SHARE = 0.1;
const MTU_PAYLOAD = 1400;

export const startTrafficGenerator = (options: TrafficOptions, deps: GeneratorDeps): TrafficGenerator => {
  const destinations = options.destinations ?? DEFAULT_DESTINATIONS;
  const [minSeconds, maxSeconds] = options.connectionSeconds ?? [5, 60];
  const active = new Map<string, number>(); // flow id → when it closes
  const stats = { opened: 0, delivered: 0, failed: 0 };
  let owed = 0;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(deps.random() * list.length)]!;

  const openSome = (now: number) => {
    owed += options.newConnectionsPerSecond;
    for (; owed >= 1 && options.clients.length > 0; owed -= 1) {
      stats.opened += 1;
      let outcome: ConnectionOutcome;
      try {
        outcome = deps.open({ src: pick(options.clients), dst: pick(destinations), protocol: "tcp", dstPort: options.dstPort ?? 443 });
      } catch {
        stats.failed += 1; // a client on none of the router's networks: nothing to send through
        continue;
      }
      if (outcome.delivered) stats.delivered += 1;
      else stats.failed += 1;
      active.set(outcome.id, now + (minSeconds + deps.random() * (maxSeconds - minSeconds)) * 1000);
    }
  };

  const tick = () => {
    const now = deps.clock.now();
    for (const [id, closesAt] of active) {
      if (closesAt > now) continue;
      deps.flows().close(id);
      active.delete(id);
    }
    openSome(now);
    const share = active.size === 0 ? 0 : options.bytesPerSecond / active.size;
    const up = Math.round(share * UPLOAD_SHARE);
    const down = Math.round(share - up);
    for (const id of active.keys()) {
      deps.flows().send(id, {
        bytes: up,
        packets: Math.max(1, Math.ceil(up / MTU_PAYLOAD)),
        replyBytes: down,
        replyPackets: Math.max(1, Math.ceil(down / MTU_PAYLOAD)),
      });
    }
  };
  const timer = deps.clock.every(1_000, tick);

  return {
    stop: () => {
      deps.clock.cancel(timer);
      for (const id of active.keys()) deps.flows().close(id);
      active.clear();
    },
    activeFlows: () => active.size,
    stats: () => ({ ...stats }),
  };
};
