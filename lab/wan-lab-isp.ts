// A simulated ISP: a namespace routing between the gateway's WAN /30 ("cust0") and the internet host
// ("inet0"). It does not NAT; it drops customer packets with a foreign source (BCP 38), so a packet the
// gateway sends out the wrong WAN never reaches the internet. nft counters observe what it carried.
import type { LabNode } from "./lab";
import { ip, ipBatch, nft, nftJson, upWithAddress, type NftCounter } from "./wan-lab-net";
import type { IspName, IspPlan } from "./wan-lab-addr";

export const ISP_CUSTOMER_IF = "cust0";
export const ISP_BACKBONE_IF = "inet0";
const TABLE = "inet wmisp";

export type IspCounters = {
  /** Forwarded from the gateway towards the internet (after the source check). */
  up: NftCounter;
  /** Forwarded from the internet towards the gateway. */
  down: NftCounter;
  /** Dropped by dropAll()/setLoss(), in both directions and to the ISP itself. */
  dropped: NftCounter;
  /** Customer packets dropped because their source was not the gateway's WAN address (e.g. no NAT). */
  spoofed: NftCounter;
};

/** Packets of one TCP flow as they arrived at the ISP from the gateway (counted before any drop). */
export type IspFlow = { src: string; sport: number; dst: string; dport: number; packets: number; bytes: number };

export type Isp = IspPlan & {
  node: LabNode;
  /** Silently drops everything: forwarded, addressed to the ISP and sent by it. Links stay up (ARP works). */
  dropAll: () => Promise<void>;
  /** Drops this percentage (0-100) of packets at random, both directions. 0 = restore(). */
  setLoss: (percent: number) => Promise<void>;
  /** Undoes dropAll()/setLoss(). */
  restore: () => Promise<void>;
  /** Takes the ISP's end of the WAN link down: the gateway's wanN loses carrier. */
  cutLink: () => Promise<void>;
  restoreLink: () => Promise<void>;
  counters: () => Promise<IspCounters>;
  flows: () => Promise<IspFlow[]>;
  /** Zeroes the counters and forgets the flows. */
  resetCounters: () => Promise<void>;
};

/** Addresses, routes, forwarding and the nft table of one ISP (its veths already exist). */
export async function configureIsp(plan: IspPlan, node: LabNode): Promise<Isp> {
  const prefix = plan.subnet.split("/")[1];
  await ipBatch(node, [
    ...upWithAddress(ISP_CUSTOMER_IF, `${plan.ispAddress}/${prefix}`),
    ...upWithAddress(ISP_BACKBONE_IF, `${plan.backboneIsp}/30`),
    `route add default via ${plan.backboneInternet} dev ${ISP_BACKBONE_IF}`,
    // While cust0 is down its connected route is gone; without this the customer /30 would bounce
    // between the ISP and the internet host until the TTL ran out.
    `route add blackhole ${plan.subnet} metric 1000`,
  ]);
  await node.exec(["sysctl", "-qw", "net.ipv4.ip_forward=1"]);
  await nft(node, ispRuleset(plan));

  const setFault = (rule: string | null) => nft(node, [`flush chain ${TABLE} fault`, ...(rule ? [`add rule ${TABLE} fault ${rule}`] : []), ""].join("\n"));
  return {
    ...plan,
    node,
    dropAll: () => setFault("counter name dropped drop"),
    setLoss: (percent) => {
      if (!(percent >= 0 && percent <= 100)) throw new Error(`setLoss: ${percent} is not a percentage`);
      if (percent === 0) return setFault(null);
      if (percent === 100) return setFault("counter name dropped drop");
      return setFault(`numgen random mod 100 < ${Math.round(percent)} counter name dropped drop`);
    },
    restore: () => setFault(null),
    cutLink: async () => void (await ip(node, ["link", "set", "dev", ISP_CUSTOMER_IF, "down"])),
    restoreLink: async () => void (await ip(node, ["link", "set", "dev", ISP_CUSTOMER_IF, "up"])),
    counters: () => readCounters(node),
    flows: () => readFlows(node),
    resetCounters: async () => {
      await node.exec(["nft", "reset", "counters", "table", "inet", "wmisp"]);
      await node.exec(["nft", "flush", "set", "inet", "wmisp", "flows"]);
    },
  };
}

function ispRuleset(plan: IspPlan): string {
  return `table ${TABLE} {
  counter up { comment "forwarded gateway -> internet" }
  counter down { comment "forwarded internet -> gateway" }
  counter dropped { comment "fault injection" }
  counter spoofed { comment "customer packets with a foreign source" }
  set flows {
    type ipv4_addr . inet_service . ipv4_addr . inet_service
    size 262144
    flags dynamic
    counter
  }
  chain fault {
  }
  chain prerouting {
    type filter hook prerouting priority raw - 10; policy accept;
    iifname "${ISP_CUSTOMER_IF}" meta l4proto tcp update @flows { ip saddr . tcp sport . ip daddr . tcp dport }
    jump fault
  }
  chain output {
    type filter hook output priority raw - 10; policy accept;
    jump fault
  }
  chain forward {
    type filter hook forward priority filter; policy accept;
    iifname "${ISP_CUSTOMER_IF}" ip saddr != ${plan.subnet} counter name spoofed drop
    iifname "${ISP_CUSTOMER_IF}" counter name up accept
    oifname "${ISP_CUSTOMER_IF}" counter name down accept
  }
}
`;
}

async function readCounters(node: LabNode): Promise<IspCounters> {
  const json = await nftJson(node, ["list", "counters", "table", "inet", "wmisp"]);
  const byName = new Map<string, NftCounter>();
  for (const item of json.nftables) {
    const counter = item.counter as { name: string; packets: number; bytes: number } | undefined;
    if (counter) byName.set(counter.name, { packets: counter.packets, bytes: counter.bytes });
  }
  const get = (name: string) => byName.get(name) ?? { packets: 0, bytes: 0 };
  return { up: get("up"), down: get("down"), dropped: get("dropped"), spoofed: get("spoofed") };
}

type NftElem = { elem?: { val: { concat: [string, number, string, number] }; counter?: NftCounter } };

async function readFlows(node: LabNode): Promise<IspFlow[]> {
  const json = await nftJson(node, ["list", "set", "inet", "wmisp", "flows"]);
  const set = json.nftables.find((item) => item.set)?.set as { elem?: NftElem[] } | undefined;
  return (set?.elem ?? []).flatMap((entry) => {
    if (!entry.elem) return [];
    const [src, sport, dst, dport] = entry.elem.val.concat;
    const counter = entry.elem.counter ?? { packets: 0, bytes: 0 };
    return [{ src, sport, dst, dport, packets: counter.packets, bytes: counter.bytes }];
  });
}

/** Per connection (as the internet server saw it), the packets each ISP received from the gateway. */
export async function flowCarriers(
  isps: readonly Isp[],
  connections: readonly { seenAs: string | null; seenPort: number | null; host: string; port: number }[],
): Promise<Partial<Record<IspName, number>>[]> {
  const index = new Map<string, Partial<Record<IspName, number>>>();
  for (const isp of isps) {
    for (const flow of await isp.flows()) {
      const key = `${flow.src}:${flow.sport}>${flow.dst}:${flow.dport}`;
      const entry = index.get(key) ?? {};
      entry[isp.name] = (entry[isp.name] ?? 0) + flow.packets;
      index.set(key, entry);
    }
  }
  return connections.map((c) => ({ ...(index.get(`${c.seenAs}:${c.seenPort}>${c.host}:${c.port}`) ?? {}) }));
}
