// The WAN lab gateway's management side: the root <-> gateway veth (the only thing the root namespace
// gets) renamed "mgmt0" on the gateway, a guard so nothing but the gateway's own replies crosses it, and
// the real OpenSSH server with the same user and keys as startGatewayLab().
import type { Lab, LabNode } from "./lab";
import { startSshd } from "./sshd";
import { ensureLabUser, generateClientKeys } from "./users";
import { ipBatch, nft } from "./wan-lab-net";

export const MGMT_IF = "mgmt0";

export type Management = {
  /** Gateway address on mgmt0; sshd listens on it at `port`. */
  host: string;
  port: number;
  /** The root namespace's end of the management /30. */
  rootAddress: string;
  username: string;
  password: string;
  privateKey: string;
  encryptedKey: string;
  passphrase: string;
  readonly hostKeyFingerprint: string;
  rotateHostKey: () => Promise<string>;
  stopSshd: () => Promise<void>;
};

export async function startManagement(lab: Lab, gateway: LabNode, keep: boolean): Promise<Management> {
  const uplink = await lab.link(lab.root, gateway);
  await ipBatch(gateway, [`link set dev ${uplink.b.ifname} down`, `link set dev ${uplink.b.ifname} name ${MGMT_IF}`, `link set dev ${MGMT_IF} up`]);
  await nft(gateway, guardRuleset(uplink.a.address));
  const [user, keys] = await Promise.all([ensureLabUser(), generateClientKeys(lab.tmpDir)]);
  const sshd = await startSshd(gateway, {
    dir: lab.tmpDir,
    allowUsers: [user.username],
    authorizedKeys: keys.authorizedKeys,
    // Pushing a policy needs root on the gateway (nft, ip rule, conntrack); the lab's keys may log in as root.
    permitRootKeys: true,
    detached: keep,
  });
  return {
    host: uplink.b.address,
    port: sshd.port,
    rootAddress: uplink.a.address,
    username: user.username,
    password: user.password,
    privateKey: keys.privateKey,
    encryptedKey: keys.encryptedKey,
    passphrase: keys.passphrase,
    get hostKeyFingerprint() {
      return sshd.hostKeyFingerprint;
    },
    rotateHostKey: () => sshd.rotateHostKey(),
    stopSshd: () => sshd.stop(),
  };
}

/**
 * Lab safety, not gateway policy: whatever routes a test or Waymark installs on the gateway, nothing is
 * forwarded into or out of the management link, and the gateway itself only talks to the root's end of it.
 * Its own table, so Waymark's tables (and `nft list ruleset` checks) can tell it apart.
 */
function guardRuleset(rootAddress: string): string {
  return `table inet wmlab_guard {
  chain forward {
    type filter hook forward priority raw; policy accept;
    iifname "${MGMT_IF}" counter drop
    oifname "${MGMT_IF}" counter drop
  }
  chain postrouting {
    type filter hook postrouting priority srcnat + 100; policy accept;
    oifname "${MGMT_IF}" ip daddr != ${rootAddress} counter drop
    oifname "${MGMT_IF}" meta nfproto ipv6 counter drop
  }
}
`;
}
