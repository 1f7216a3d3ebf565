// One router's dataplane: compiled configuration, conntrack, interface counters, check-gateway, netwatch and the
// network around it, all on the simulator's clock.

import type { SimClock } from "../clock";
import { isV7, type SimulatedDevice } from "../device";
import { formatRouterDate } from "../menus/dates";
import { seededRandom } from "../seeded-random";
import { createCompiledView } from "./compiled";
import { createConntrack } from "./conntrack";
import { createFlows, type Flows } from "./flows";
import { createInterfaceCounters } from "./interfaces";
import { formatIp } from "./ip";
import { createRouterLog } from "./log";
import { createHosts, type NetworkHost, type SimNetwork } from "./network";
import { startNetwatch } from "./netwatch";
import type { Packet } from "./packet";
import type { PathDeps } from "./path";
import { probeFromRouter } from "./probe";
import type { CompiledRule } from "./rules/chains";
import { CHECK_GATEWAY_INTERVAL_MS, createGatewayHealth } from "./routing/gateway-check";
import type { Nexthop } from "./routing/routes";

export type { ConnectionOutcome, ConnectionRequest, NetworkHost, PingOutcome, SimNetwork } from "./network";
export type { TrafficGenerator, TrafficOptions } from "./traffic";

export type DataplaneOptions = {
  /** Hosts known from the start. */
  hosts?: readonly NetworkHost[];
  /** Seed of the generator behind ephemeral ports and the traffic generator (same seed, same run). */
  seed?: number;
};

export type Dataplane = { network: SimNetwork; dispose: () => void };

const describePacket = (rule: CompiledRule, p: Packet) =>
  `${rule.props["log-prefix"] ?? ""}${p.hook}: in:${p.inInterface ?? "(unknown 0)"} out:${p.outInterface ?? "(unknown 0)"}, ` +
  `proto ${p.protocol.toUpperCase()}, ${formatIp(p.src)}${p.srcPort === undefined ? "" : `:${p.srcPort}`}->` +
  `${formatIp(p.dst)}${p.dstPort === undefined ? "" : `:${p.dstPort}`}, len ${Math.round(p.bytes / Math.max(1, p.packets))}`;

export const createDataplane = (device: SimulatedDevice, clock: SimClock, options: DataplaneOptions = {}): Dataplane => {
  const { config } = device;
  const v7 = isV7(device);
  const log = createRouterLog(device, clock);
  const health = createGatewayHealth();
  const linksDown = new Set<string>();
  const view = createCompiledView(config, v7, health, linksDown);
  const conntrack = createConntrack(config);
  const counters = createInterfaceCounters(config, (name) => view.current().topology.interfaces.get(name));
  const hosts = createHosts();
  const path: PathDeps = {
    v7,
    counters,
    answers: hosts.answers,
    reachabilityGeneration: hosts.generation,
    logRule: (rule, packet) => log("firewall,info", describePacket(rule, packet)),
    effects: {
      addressOf: (name) => view.current().topology.addressOf(name),
      addToAddressList: (list, address) => {
        const table = config.table("ip/firewall/address-list");
        const text = formatIp(address);
        if (!table.items.some((item) => item.props.list === list && item.props.address === text)) table.add({ list, address: text }, { dynamic: true });
      },
    },
  };
  const flows: Flows = createFlows({ view, conntrack, path, now: clock.now });
  const probe = (dst: number) => probeFromRouter(view.current(), path, dst);
  const random = seededRandom(options.seed ?? 1);
  // "masquerade purges its conntrack entries when the out-interface goes down" (NAT manual, reference §2.2).
  const onLinkChange = (interfaceName: string, up: boolean) => {
    view.invalidate();
    if (up) return;
    for (const conn of [...conntrack.all()]) if (conn.masquerade && conn.outInterface === interfaceName) conntrack.remove(conn);
  };
  const network = hosts.network({ flows: () => flows, topology: () => view.current().topology, probe, linksDown, onLinkChange, random, clock });
  for (const host of options.hosts ?? []) network.addHost(host);

  let lastTick = clock.now();
  const housekeeping = clock.every(1_000, () => {
    const now = clock.now();
    conntrack.expire(now);
    counters.sampleRates(now - lastTick);
    lastTick = now;
  });
  const gatewayChecks = clock.every(CHECK_GATEWAY_INTERVAL_MS, () => {
    const compiled = view.current();
    const targets = compiled.routing.entries.filter((entry) => entry.enabled).flatMap((entry) => entry.resolved.filter((hop): hop is Nexthop => hop !== null));
    const answers = (hop: Nexthop) => compiled.topology.isRunning(hop.interfaceName) && (hop.gateway === undefined || hosts.answers(hop.gateway));
    if (health.probeRound(targets, answers)) view.invalidate();
  });
  const netwatch = startNetwatch({
    config,
    clock,
    v7,
    ping: (host) => probe(host).answered,
    formatDate: (ms) => formatRouterDate(device, new Date(ms)),
    log,
    runScript: (source, origin) => device.runtime.runScript?.(source, origin) ?? Promise.resolve(),
  });
  view.current();

  return {
    network,
    dispose: () => {
      clock.cancel(housekeeping);
      clock.cancel(gatewayChecks);
      netwatch.dispose();
      conntrack.dispose();
      view.dispose();
    },
  };
};
