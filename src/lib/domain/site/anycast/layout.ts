// Where an anycast site's objects live on a member, and what they are called in BIRD and nftables. Pure: the
// compiler renders files with these names, the device side reads them back by the same names. Every name is
// derived from the site name (grammar ^[a-z][a-z0-9-]{0,23}$) or a device name squeezed into BIRD's symbol grammar,
// so nothing an admin typed reaches BIRD's or nft's parser except through these functions.

/** A BIRD symbol (protocol, filter): letters, digits and _, starting with a letter. */
export const BIRD_SYMBOL = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** An interface BIRD and the kernel both accept, quoted in BIRD's configuration: no quotes, wildcards or spaces. */
export const BIRD_INTERFACE = /^[A-Za-z0-9][A-Za-z0-9._@:+-]{0,14}$/;

const symbolPart = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");

export type AnycastNames = {
  /** The site's part of every name: "web-dns" → "web_dns". */
  key: string;
  /** Server: the static protocol holding the service /32, enabled and disabled by the health daemon. */
  service: string;
  /** Server: the BGP session to the edge. */
  edgeSession: string;
  bfd: string;
  device: string;
  /** Edge: the kernel protocol merging the servers' routes into one ECMP route. */
  kernel: string;
  importFilter: string;
  standbyFilter: string;
  /** nftables table holding the counters (served packets on a server, forwarded per next hop at the edge). */
  nftTable: string;
  configDir: string;
  healthConfig: string;
  countersFile: string;
  sysctlFile: string;
  appliedHash: string;
  healthState: string;
  healthPid: string;
  healthScript: string;
};

export function anycastNames(site: string): AnycastNames {
  if (!/^[a-z][a-z0-9-]{0,23}$/.test(site)) throw new Error(`site name outside its grammar: ${JSON.stringify(site)}`);
  const key = symbolPart(site);
  const configDir = `/etc/waymark/anycast/${site}`;
  return {
    key,
    service: `wm_${key}_svc`,
    edgeSession: `wm_${key}_edge`,
    bfd: `wm_${key}_bfd`,
    device: "wm_device",
    kernel: `wm_${key}_kernel`,
    importFilter: `wm_${key}_in`,
    standbyFilter: `wm_${key}_standby_in`,
    nftTable: `waymark_anycast_${key}`,
    configDir,
    healthConfig: `${configDir}/health.conf`,
    countersFile: `${configDir}/counters.nft`,
    sysctlFile: `${configDir}/sysctl.conf`,
    appliedHash: `${configDir}/applied.sha256`,
    healthState: `/run/waymark/anycast-${site}.state`,
    healthPid: `/run/waymark/anycast-${site}.pid`,
    healthScript: "/usr/local/lib/waymark/anycast-health.pl",
  };
}

/**
 * The edge's BGP protocol per server, from the server's device name ("web-1" → wm_web_web_1); a name that squeezes
 * to nothing, or to one already taken, gets the server's position instead, so every protocol is distinct.
 */
export function serverProtocols(site: string, deviceNames: readonly string[]): string[] {
  const { key } = anycastNames(site);
  const taken = new Set<string>();
  return deviceNames.map((name, index) => {
    const part = symbolPart(name).slice(0, 24);
    let protocol = part ? `wm_${key}_${part}` : `wm_${key}_server_${index + 1}`;
    if (taken.has(protocol) || !BIRD_SYMBOL.test(protocol)) protocol = `wm_${key}_server_${index + 1}`;
    taken.add(protocol);
    return protocol;
  });
}
