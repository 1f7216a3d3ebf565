// The world around one simulated router, as tests and the demo drive it: hosts (LAN clients and servers on a
// connected network, WAN gateways, internet hosts beyond them), whether each answers, and the connections they
// open through the router. Nothing here touches a real socket.

import type { Flows, FlowOutcome, FlowSpec, Traffic } from "./flows";
import { formatIp, parseIp } from "./ip";
import type { Protocol } from "./packet";
import type { ProbeResult } from "./probe";
import type { Topology } from "./topology";
import { startTrafficGenerator, type TrafficGenerator, type TrafficOptions } from "./traffic";

export type NetworkHost = {
  address: string;
  /** The router interface the host is behind, when its address is not on one of the router's networks. */
  via?: string;
};

export type ConnectionRequest = {
  src: string;
  dst: string;
  protocol: Protocol;
  srcPort?: number;
  dstPort?: number;
  /** Default: the interface of the network `src` sits on, else the host's `via`, else the interface owning `dst`. */
  inInterface?: string;
  /** Size of the first packet (default 60, a TCP SYN). */
  bytes?: number;
};

export type ConnectionOutcome = Omit<FlowOutcome, "gateway"> & { gateway: string | undefined };

export type PingOutcome = { answered: boolean; outInterface: string | undefined; gateway: string | undefined };

export type SimNetwork = {
  addHost: (host: NetworkHost) => void;
  removeHost: (address: string) => void;
  /** A dead gateway, a dead internet target, a dead backend server: it stops answering. */
  setReachable: (address: string, reachable: boolean) => void;
  isReachable: (address: string) => boolean;
  /** Link (carrier) state of a router interface, for cable-pull tests. */
  setLinkUp: (interfaceName: string, up: boolean) => void;
  openConnection: (request: ConnectionRequest) => ConnectionOutcome;
  /** Sends more traffic on a flow opened by openConnection (`id` is the flow handle it returned). */
  sendTraffic: (id: string, traffic: Traffic) => ConnectionOutcome;
  closeConnection: (id: string) => void;
  /** A ping from the router itself, routed as netwatch routes it. */
  ping: (address: string) => PingOutcome;
  startTraffic: (options: TrafficOptions) => TrafficGenerator;
};

export type NetworkDeps = {
  flows: () => Flows;
  topology: () => Topology;
  probe: (dst: number) => ProbeResult;
  linksDown: Set<string>;
  onLinkChange: (interfaceName: string, up: boolean) => void;
  random: () => number;
  clock: Parameters<typeof startTrafficGenerator>[1]["clock"];
};

export type Hosts = {
  answers: (ip: number) => boolean;
  generation: () => number;
  network: (deps: NetworkDeps) => SimNetwork;
};

const mustParse = (address: string): number => {
  const ip = parseIp(address);
  if (ip === null) throw new Error(`not an IPv4 address: ${JSON.stringify(address)}`);
  return ip;
};

const publicOutcome = (outcome: FlowOutcome): ConnectionOutcome => ({
  ...outcome,
  gateway: outcome.gateway === undefined ? undefined : formatIp(outcome.gateway),
});

export const createHosts = (): Hosts => {
  const hosts = new Map<number, { via: string | undefined; reachable: boolean }>();
  let generation = 0;

  const network = (deps: NetworkDeps): SimNetwork => {
    const inInterfaceFor = (request: ConnectionRequest, src: number, dst: number): string | undefined => {
      if (request.inInterface !== undefined) return request.inInterface;
      const topology = deps.topology();
      return topology.connectedFor(src)?.interfaceName ?? hosts.get(src)?.via ?? topology.connected.find((n) => n.address === dst)?.interfaceName;
    };
    const ephemeralPort = () => 1024 + Math.floor(deps.random() * 64_511);
    const defaultPort = (protocol: Protocol, port: number | undefined, fallback: () => number) => (protocol === "icmp" ? undefined : (port ?? fallback()));

    const openConnection = (request: ConnectionRequest): ConnectionOutcome => {
      const src = mustParse(request.src);
      const dst = mustParse(request.dst);
      const inInterface = inInterfaceFor(request, src, dst);
      if (inInterface === undefined) throw new Error(`${request.src} is on none of the router's networks; give inInterface or add it with via`);
      const spec: FlowSpec = {
        src,
        dst,
        protocol: request.protocol,
        srcPort: defaultPort(request.protocol, request.srcPort, ephemeralPort),
        dstPort: defaultPort(request.protocol, request.dstPort, () => 80),
        inInterface,
      };

      return publicOutcome(deps.flows().open(spec, request.bytes));
    };

    return {
      addHost: ({ address, via }) => {
        const ip = mustParse(address);
        hosts.set(ip, { via, reachable: hosts.get(ip)?.reachable ?? true });
        generation += 1;
      },
      removeHost: (address) => {
        hosts.delete(mustParse(address));
        generation += 1;
      },
      setReachable: (address, reachable) => {
        const ip = mustParse(address);
        hosts.set(ip, { via: hosts.get(ip)?.via, reachable });
        generation += 1;
      },
      isReachable: (address) => hosts.get(mustParse(address))?.reachable ?? true,
      setLinkUp: (interfaceName, up) => {
        if (up) deps.linksDown.delete(interfaceName);
        else deps.linksDown.add(interfaceName);
        deps.onLinkChange(interfaceName, up);
      },
      openConnection,
      sendTraffic: (id, traffic) => publicOutcome(deps.flows().send(id, traffic)),
      closeConnection: (id) => deps.flows().close(id),
      ping: (address) => {
        const { answered, decision } = deps.probe(mustParse(address));
        const hop = decision.kind === "unicast" ? decision.nexthop : undefined;
        return { answered, outInterface: hop?.interfaceName, gateway: hop?.gateway === undefined ? undefined : formatIp(hop.gateway) };
      },
      startTraffic: (options) => startTrafficGenerator(options, { clock: deps.clock, random: deps.random, open: openConnection, flows: deps.flows }),
    };
  };

  return {
    // A host nobody mentioned answers: tests only name what they break.
    answers: (ip) => hosts.get(ip)?.reachable ?? true,
    generation: () => generation,
    network,
  };
};
