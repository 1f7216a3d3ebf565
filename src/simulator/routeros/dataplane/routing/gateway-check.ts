// check-gateway, as the IP Routing manual describes it: "The router periodically (every 10 seconds) checks the
// gateway by sending either an ICMP echo request (ping) or an ARP request (arp). If no response from the gateway is
// received for 10 seconds, the request times out. After two timeouts gateway is considered unreachable. After
// receiving a reply from the gateway it is considered reachable and the timeout counter is reset."
// A probe sent at round n is judged at round n+1, so a gateway that dies is dropped two rounds after the first
// unanswered probe; a reply arrives within the round it was sent.

import type { Nexthop } from "./routes";

export const CHECK_GATEWAY_INTERVAL_MS = 10_000;

const TIMEOUTS_TO_FAIL = 2;

type ProbeState = { up: boolean; misses: number; awaiting: boolean };

export type GatewayHealth = {
  isUp: (key: string) => boolean;
  /** One round over every checked next hop; true when some gateway changed state. */
  probeRound: (targets: readonly Nexthop[], answers: (hop: Nexthop) => boolean) => boolean;
};

export const createGatewayHealth = (): GatewayHealth => {
  const states = new Map<string, ProbeState>();

  const probeOne = (key: string, answered: boolean): boolean => {
    const state = states.get(key) ?? { up: true, misses: 0, awaiting: false };
    states.set(key, state);
    const wasUp = state.up;
    if (state.awaiting) {
      state.misses += 1;
      if (state.misses >= TIMEOUTS_TO_FAIL) state.up = false;
    }
    if (answered) Object.assign(state, { up: true, misses: 0, awaiting: false });
    else state.awaiting = true;

    return wasUp !== state.up;
  };

  return {
    isUp: (key) => states.get(key)?.up ?? true,
    probeRound: (targets, answers) => {
      const seen = new Set<string>();
      let changed = false;
      for (const hop of targets) {
        if (hop.healthKey === undefined || seen.has(hop.healthKey)) continue;
        seen.add(hop.healthKey);
        changed = probeOne(hop.healthKey, answers(hop)) || changed;
      }
      for (const key of states.keys()) if (!seen.has(key)) states.delete(key);

      return changed;
    },
  };
};
