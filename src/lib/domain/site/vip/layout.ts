// Where a shared-VIP site lives on a node. Every name is Waymark's own and carries the site's name, so two sites on
// one node never share an object, and nothing outside these is touched.

const SITE = /^[a-z][a-z0-9-]{0,23}$/;

function checked(site: string): string {
  if (!SITE.test(site)) throw new Error("site name outside its grammar");
  return site;
}

/** nft identifiers take no "-"; site names have no "_", so the mapping is one to one. */
export function vipTableName(site: string): string {
  return `waymark_vip_${checked(site).replaceAll("-", "_")}`;
}

export const VIP_SCRIPT = "/usr/local/lib/waymark/vip-heartbeat.pl";
/** The hash seed of every site's jhash: fixed, because changing it would move every client. */
export const VIP_HASH_SEED = 0x5741594d;

export function vipPaths(site: string) {
  const name = checked(site);
  return {
    /** Installed by the confirm: what a reboot's boot script re-applies. */
    configDir: `/etc/waymark/vip/${name}`,
    tableFile: `/etc/waymark/vip/${name}/table.nft`,
    heartbeatConfig: `/etc/waymark/vip/${name}/heartbeat.conf`,
    /** The daemon's runtime: its state file (what reads show) and pid. */
    runDir: `/run/waymark/vip/${name}`,
    state: `/run/waymark/vip/${name}/state`,
    pid: `/run/waymark/vip/${name}/heartbeat.pid`,
    log: `/run/waymark/vip/${name}/heartbeat.log`,
  } as const;
}

/** 01:00:5e followed by the low 23 bits of the address (RFC 1112 §6.4), as CLUSTERIP used. */
export function multicastMacOf(vip: string): string {
  const [, b, c, d] = vip.split(".").map(Number);
  const bytes = [0x01, 0x00, 0x5e, (b ?? 0) & 0x7f, c ?? 0, d ?? 0];
  return bytes.map((x) => x.toString(16).padStart(2, "0")).join(":");
}
