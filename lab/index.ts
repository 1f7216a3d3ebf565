export { createLab, ensureLabDeps, LAB_NET, type Lab, type LabLink, type LabNode, type LinkEnd } from "./lab";
export { startGatewayLab, type GatewayLab, type GatewayLabOptions } from "./gateway";
export { startSshd, fingerprintOf, type Sshd, type SshdOptions } from "./sshd";
export { sweepLeftovers, teardownLease, listNamespaces, listRootLinks, namespacePids } from "./teardown";
export { readLeases, type Lease } from "./state";
export { startWanLab, type WanLab, type WanLabOptions, type LanClient } from "./wan-lab";
export type { Isp, IspCounters, IspFlow } from "./wan-lab-isp";
export { ISP_PLANS, INTERNET_HOSTS, TRAFFIC_PORTS, LAN_SUBNET, LAN_GATEWAY, LAB_PREFIXES, type IspName, type IspPlan } from "./wan-lab-addr";
export {
  whichLink,
  openConnections,
  startTrafficServer,
  summarize,
  startIperfServer,
  runIperf,
  type ConnectOptions,
  type ConnectionResult,
  type ServerConnection,
  type TrafficServer,
  type TrafficServerOptions,
  type TrafficSummary,
  type IperfServer,
  type IperfResult,
} from "./traffic";
export { startPrivateSshd, type PrivateSshd, type PrivateSshdOptions } from "./private-sshd";
