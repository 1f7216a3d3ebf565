export { createLab, ensureLabDeps, LAB_NET, type Lab, type LabLink, type LabNode, type LinkEnd } from "./lab";
export { startGatewayLab, type GatewayLab, type GatewayLabOptions } from "./gateway";
export { startSshd, fingerprintOf, type Sshd, type SshdOptions } from "./sshd";
export { sweepLeftovers, teardownLease, listNamespaces, listRootLinks, namespacePids } from "./teardown";
export { readLeases, type Lease } from "./state";
