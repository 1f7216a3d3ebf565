// Multi-WAN lab: a gateway with lan0/wan1/wan2(/wan3) and a real sshd, two or three ISPs routing to an
// "internet" host (192.0.2.10/.11 with the traffic server), and LAN clients behind a switch.
//
//   root ──mgmt /30 (10.213.<b>.x)── gateway ──wan1 198.51.100.2/30── isp1 ──100.64.1.0/30──┐
//                                      │     ──wan2 203.0.113.2/30─── isp2 ──100.64.2.0/30──┤ internet
//   lan1..lanN ── lansw (bridge) ── lan0 192.168.10.1/24  (wan3 198.51.100.10/30 ── isp3)───┘ 192.0.2.10,.11
//
// The gateway starts with no default route and no NAT/policy (Waymark pushes those); `defaultVia` or
// setDefaultRoute() give a plain baseline. Only the management /30 touches the root namespace.
import { createLab, type Lab, type LabNode } from "./lab";
import type { GatewayLab } from "./gateway";
import { openConnections, startTrafficServer, type ConnectOptions, type ConnectionResult, type TrafficServer } from "./traffic";
import { INTERNET_HOSTS, ISP_PLANS, LAN_GATEWAY, LAN_SUBNET, lanClientAddress, whichLink, type IspName, type IspPlan } from "./wan-lab-addr";
import { configureIsp, flowCarriers, ISP_BACKBONE_IF, ISP_CUSTOMER_IF, type Isp } from "./wan-lab-isp";
import { ip, ipBatch, sysctl, upWithAddress, vethTo } from "./wan-lab-net";
import { MGMT_IF, startManagement } from "./wan-lab-ssh";

export type WanLabOptions = {
  /** Leave it running after this process exits. */
  keep?: boolean;
  label?: string;
  /** Number of ISPs/WAN links: 2 (default) or 3. */
  isps?: 2 | 3;
  /** LAN client namespaces lan1..lanN at 192.168.10.(10+i); default 4. */
  lanClients?: number;
  /** Baseline only: a plain default route on the gateway via this ISP (no NAT is installed). */
  defaultVia?: IspName;
  /** Start the TCP truth server on the internet host (default true). */
  trafficServer?: boolean;
};

export type LanClient = {
  name: string;
  node: LabNode;
  address: string;
  /** Opens TCP connections from this client to the internet server (see traffic.ts). */
  connect: (options?: ConnectOptions) => Promise<ConnectionResult[]>;
};

export type WanLab = Omit<GatewayLab, "blackholeHost"> & {
  /** The gateway's interface names: management, LAN and one WAN per ISP. */
  interfaces: { mgmt: string; lan: string; wans: string[] };
  /** The root namespace's address on the management /30. */
  rootAddress: string;
  isps: Isp[];
  isp: (name: IspName) => Isp;
  internet: LabNode;
  /** Addresses of the internet host that answer ping and run the traffic server. */
  probeTargets: readonly string[];
  lanSubnet: string;
  lanGateway: string;
  clients: LanClient[];
  /** The traffic server on the internet host (null with trafficServer: false). */
  server: TrafficServer | null;
  /** Replaces (or with null removes) the gateway's main-table default route. Baseline/test helper. */
  setDefaultRoute: (isp: IspName | null) => Promise<void>;
  /** Per connection, how many of its packets each ISP received from the gateway. */
  carriers: (results: readonly ConnectionResult[]) => Promise<Partial<Record<IspName, number>>[]>;
  whichLink: (seenAs: string | null | undefined) => IspName | null;
  /** How long startWanLab took, in ms. */
  startupMs: number;
};

export async function startWanLab(options: WanLabOptions = {}): Promise<WanLab> {
  const started = Date.now();
  const lab = await createLab({ label: options.label ?? "wan", keep: options.keep });
  try {
    const wanLab = await build(lab, options);
    wanLab.startupMs = Date.now() - started;
    return wanLab;
  } catch (error) {
    await lab.teardown();
    throw error;
  }
}

async function build(lab: Lab, options: WanLabOptions): Promise<WanLab> {
  const keep = options.keep ?? false;
  const plans = ISP_PLANS.slice(0, options.isps ?? 2);
  const clientCount = options.lanClients ?? 4;
  if (!Number.isInteger(clientCount) || clientCount < 0 || clientCount > 200) throw new Error("wan lab: lanClients must be 0-200");
  const hostname = `wm-gw-${lab.tag}`;

  const gateway = await lab.addNode("gateway", { hostname });
  const [internet, lansw, ispNodes, clientNodes] = await Promise.all([
    lab.addNode("internet"),
    lab.addNode("lansw"),
    Promise.all(plans.map((plan) => lab.addNode(plan.name))),
    Promise.all(Array.from({ length: clientCount }, (_, i) => lab.addNode(`lan${i + 1}`))),
  ]);
  const ispNode = (plan: IspPlan) => ispNodes[plans.indexOf(plan)] as LabNode;

  // Phase 1: every veth is created from inside one lab namespace with its peer placed in another.
  await Promise.all([
    ipBatch(gateway, [
      ...plans.flatMap((plan) => [
        vethTo(plan.wanIf, ispNode(plan), ISP_CUSTOMER_IF),
        ...upWithAddress(plan.wanIf, `${plan.wanAddress}/${plan.subnet.split("/")[1]}`),
      ]),
      vethTo("lan0", lansw, "gw0"),
      ...upWithAddress("lan0", `${LAN_GATEWAY}/24`),
    ]),
    ipBatch(internet, [
      ...INTERNET_HOSTS.map((address) => `addr add ${address}/32 dev lo`),
      ...plans.flatMap((plan) => [vethTo(plan.name, ispNode(plan), ISP_BACKBONE_IF), ...upWithAddress(plan.name, `${plan.backboneInternet}/30`)]),
    ]),
    ipBatch(lansw, [
      "link add name br0 type bridge",
      "link set dev br0 up",
      ...clientNodes.flatMap((node, i) => [vethTo(`c${i + 1}`, node, "eth0"), `link set dev c${i + 1} master br0`, `link set dev c${i + 1} up`]),
    ]),
  ]);

  // Phase 2: the far ends, routes, forwarding and the ISPs' nft tables.
  const [isps] = await Promise.all([
    Promise.all(plans.map((plan) => configureIsp(plan, ispNode(plan)))),
    ipBatch(lansw, ["link set dev gw0 master br0", "link set dev gw0 up"]),
    ...clientNodes.map((node, i) => ipBatch(node, [...upWithAddress("eth0", `${lanClientAddress(i + 1)}/24`), `route add default via ${LAN_GATEWAY}`])),
    sysctl(gateway, { "net.ipv4.ip_forward": 1 }),
  ]);
  // The internet host routes each customer /30 back through its own ISP (after the ISPs' ends are up).
  await ipBatch(
    internet,
    plans.map((plan) => `route add ${plan.subnet} via ${plan.backboneIsp} dev ${plan.name}`),
  );

  const [management, server] = await Promise.all([
    startManagement(lab, gateway, keep),
    options.trafficServer === false ? null : startTrafficServer(internet, { dir: lab.tmpDir, detached: keep }),
  ]);

  const setDefaultRoute = async (name: IspName | null) => {
    // No default route is fine: removing one is idempotent.
    if (name === null) return void (await ip(gateway, ["route", "del", "default"]).catch(() => undefined));
    const plan = plans.find((p) => p.name === name);
    if (!plan) throw new Error(`wan lab: no ${name} (isps: ${plans.length})`);
    await ip(gateway, ["route", "replace", "default", "via", plan.ispAddress, "dev", plan.wanIf]);
  };
  if (options.defaultVia) await setDefaultRoute(options.defaultVia);

  const clients: LanClient[] = clientNodes.map((node, i) => ({
    name: `lan${i + 1}`,
    node,
    address: lanClientAddress(i + 1),
    connect: (connectOptions) => openConnections(node, connectOptions),
  }));

  return {
    host: management.host,
    port: management.port,
    username: management.username,
    password: management.password,
    privateKey: management.privateKey,
    encryptedKey: management.encryptedKey,
    passphrase: management.passphrase,
    hostname,
    get hostKeyFingerprint() {
      return management.hostKeyFingerprint;
    },
    rotateHostKey: () => management.rotateHostKey(),
    stop: async () => {
      await server?.stop();
      await management.stopSshd();
      await lab.teardown();
    },
    lab,
    gateway,
    interfaces: { mgmt: MGMT_IF, lan: "lan0", wans: plans.map((plan) => plan.wanIf) },
    rootAddress: management.rootAddress,
    isps,
    isp: (name) => {
      const found = isps.find((isp) => isp.name === name);
      if (!found) throw new Error(`wan lab: no ${name} (isps: ${plans.length})`);
      return found;
    },
    internet,
    probeTargets: INTERNET_HOSTS,
    lanSubnet: LAN_SUBNET,
    lanGateway: LAN_GATEWAY,
    clients,
    server,
    setDefaultRoute,
    carriers: (results) => flowCarriers(isps, results),
    whichLink,
    startupMs: 0,
  };
}
