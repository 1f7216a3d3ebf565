import { createLab, type Lab, type LabNode } from "./lab";
import { startSshd, type Sshd } from "./sshd";
import { ensureLabUser, generateClientKeys } from "./users";

export type GatewayLab = {
  /** Gateway address on the root<->gateway veth; sshd listens here on `port`. */
  host: string;
  port: number;
  username: string;
  password: string;
  /** Unencrypted ed25519 private key (OpenSSH format) in the user's authorized_keys. */
  privateKey: string;
  /** Passphrase-protected RSA private key (OpenSSH format) in the user's authorized_keys. */
  encryptedKey: string;
  passphrase: string;
  /** An address routed into the gateway that silently drops everything (SYNs never answered). */
  blackholeHost: string;
  /** The gateway's own hostname (private UTS namespace), what `hostname` prints over SSH. */
  hostname: string;
  /** Current sshd ed25519 host key, "SHA256:...". Changes after rotateHostKey(). */
  readonly hostKeyFingerprint: string;
  rotateHostKey: () => Promise<string>;
  stop: () => Promise<void>;
  lab: Lab;
  gateway: LabNode;
};

export type GatewayLabOptions = {
  /** Leave it running after this process exits (for the CLI / Playwright). */
  keep?: boolean;
  label?: string;
};

export async function startGatewayLab(options: GatewayLabOptions = {}): Promise<GatewayLab> {
  const lab = await createLab({ label: options.label ?? "gateway", keep: options.keep });
  try {
    return await buildGateway(lab, options.keep ?? false);
  } catch (error) {
    await lab.teardown();
    throw error;
  }
}

async function buildGateway(lab: Lab, keep: boolean): Promise<GatewayLab> {
  const hostname = `wm-gw-${lab.tag}`;
  const gateway = await lab.addNode("gateway", { hostname });
  const uplink = await lab.link(lab.root, gateway);
  const blackholeHost = await addBlackhole(lab, gateway, uplink.b.address, uplink.a.ifname);
  const user = await ensureLabUser();
  const keys = await generateClientKeys(lab.tmpDir);
  const sshd: Sshd = await startSshd(gateway, {
    dir: lab.tmpDir,
    allowUsers: [user.username],
    authorizedKeys: keys.authorizedKeys,
    detached: keep,
  });
  return {
    host: uplink.b.address,
    port: sshd.port,
    username: user.username,
    password: user.password,
    privateKey: keys.privateKey,
    encryptedKey: keys.encryptedKey,
    passphrase: keys.passphrase,
    blackholeHost,
    hostname,
    get hostKeyFingerprint() {
      return sshd.hostKeyFingerprint;
    },
    rotateHostKey: () => sshd.rotateHostKey(),
    stop: async () => {
      await sshd.stop();
      await lab.teardown();
    },
    lab,
    gateway,
  };
}

/** The address is local to the gateway, and the gateway's firewall drops it before TCP can answer. */
async function addBlackhole(lab: Lab, gateway: LabNode, via: string, rootIf: string): Promise<string> {
  const address = lab.spareAddress();
  await gateway.exec(["ip", "addr", "add", `${address}/32`, "dev", "lo"]);
  await lab.root.exec(["ip", "route", "add", `${address}/32`, "via", via, "dev", rootIf]);
  const ruleset = [
    "table inet wmlab {",
    "  chain input {",
    "    type filter hook input priority filter; policy accept;",
    `    ip daddr ${address} counter drop`,
    "  }",
    "}",
    "",
  ].join("\n");
  await gateway.exec(["nft", "-f", "-"], { input: ruleset });
  return address;
}
