import type { BalanceMethod, Intent } from "../../intent";
import * as guard from "./guard";
import { GATEWAY_PATHS, hex, IPT_CHAINS, MARK_MASK, NFT_OBJECTS, NFT_TABLE, NO_LINK_MARK, POOL_SIZE } from "./layout";
import { linkModels, type LinkModel } from "./links";
import { poolModels, type PoolModel } from "./server-pools";
import type { LinuxFlavour } from "./types";

// /etc/waymark/monitor.conf, format 1: what the on-device monitor reads.
//
// Syntax: POSIX sh, read with `. /etc/waymark/monitor.conf`. Only `#` comment lines and KEY='value' lines; every
// value is single-quoted and limited to [A-Za-z0-9 ._:/,-], so sourcing it runs nothing. Every key is always
// present (empty string when it does not apply), so the monitor can run under `set -u`.
//
// Global keys
//   WAYMARK_CONFIG_FORMAT  1
//   FLAVOUR                nftables | iptables: which state update the monitor sends (below)
//   METHOD                 per-connection | sticky-source | sticky-source-destination
//   NFT_TABLE              'inet waymark'   (nftables) the table holding POOL_MAP and LINKS_UP_SET
//   POOL_MAP, LINKS_UP_SET wan_pool, links_up
//   IPT_POOL_CHAIN         WAYMARK_POOL     (iptables) the pool chain
//   IPT_UP_CHAIN_PREFIX    WAYMARK_UP       (iptables) WAYMARK_UP<i>: jumps to IPT_TO_CHAIN_PREFIX<i> while link i is up
//   IPT_TO_CHAIN_PREFIX    WAYMARK_TO
//   MARK_MASK, NO_LINK_MARK 0xff00, 0xff00 (hex)
//   LAST_RESORT            main-table | unreachable | blackhole (informational: the ruleset already handles it)
//   STATE_FILE             where the monitor keeps link states (tmpfs)
//   POOL_SIZE              100
//   LINK_COUNT             n; links are LINK_0_… to LINK_<n-1>_…
// Per link i (0-based, intent order)
//   LINK_i_INDEX, LINK_i_NAME, LINK_i_INTERFACE, LINK_i_GATEWAY
//   LINK_i_MARK (hex), LINK_i_TABLE     probes must carry the mark (SO_MARK, `ping -m MARK`): the ruleset keeps a
//                                       mark set by the socket, so a probe leaves by its link even while it is down
//   LINK_i_WEIGHT, LINK_i_TIER
//   LINK_i_PROBE_TYPE (icmp|tcp), LINK_i_PROBE_PORT (empty for icmp), LINK_i_PROBE_TARGETS (space separated)
//   LINK_i_PROBE_INTERVAL_MS, _TIMEOUT_MS, _MIN_ANSWERING, _DOWN_COUNT, _UP_COUNT
//   LINK_i_ON_FAILOVER  flush | keep: when link i goes down, flush deletes its flows (`conntrack -D -m
//                       LINK_i_MARK/MARK_MASK`) so clients reconnect at once through a live link
//   LINK_i_ON_FAILBACK  flush | keep: when link i leaves the pool because a lower tier came back (a backup being
//                       relieved), flush deletes link i's flows so they move back; keep leaves them on link i
//
// Server pools (nftables only; present only when the intent has pools, so a plan without them is unchanged)
//   POOL_COUNT             n; pools are POOL_0_… to POOL_<n-1>_…
//   POOL_p_NAME, POOL_p_MAP  the pool's name and its map in NFT_TABLE (pool_<name>), buckets 0..POOL_SIZE-1
//   POOL_p_PROBE           "<icmp|tcp|http> <interval ms> <timeout ms> <down count> <up count> <expect status> <path>"
//   POOL_p_BACKENDS        one word per backend, in intent order: "<name>:<address>:<port>:<active|drain|disabled>"
//   POOL_p_BUCKETS         one word per bucket: the active backends in order of preference, one hex digit each
//                          (the backend's position in POOL_p_BACKENDS). The monitor gives a bucket to the first
//                          backend of its word whose check is up (bucket-prefs.ts); none up → no element.
//   Pool update on a verdict change: `nft -f` of flush map NFT_TABLE POOL_p_MAP; add element … { 0 : a . port, … }.
//
// State update on any link change, one atomic transaction with the pool recomputed as pool.ts states:
//   nftables: `nft -f` of: flush map NFT_TABLE POOL_MAP; add element … POOL_MAP { 0-74 : 0x100, 75-99 : 0x200 };
//             flush set NFT_TABLE LINKS_UP_SET; add element … { live marks } (an add with no elements is omitted)
//   iptables: `iptables-restore -w --noflush` of *mangle, :IPT_POOL_CHAIN and every :…UP<i> declared (which
//             flushes them), the pool rules and one `-j …TO<i>` per live link, COMMIT (iptables-pool.ts).

/** A link as the monitor sees it: the compiler's link model (minus counter names) plus its probe and flow handling. */
export type MonitorLinkConfig = Omit<LinkModel, "counters"> & {
  probe: {
    type: "icmp" | "tcp";
    port: number | null;
    targets: string[];
    intervalMs: number;
    timeoutMs: number;
    minAnswering: number;
    downCount: number;
    upCount: number;
  };
  onFailover: "flush" | "keep";
  onFailback: "flush" | "keep";
};

export type MonitorConfig = {
  format: 1;
  flavour: LinuxFlavour;
  method: BalanceMethod;
  nftTable: string;
  poolMap: string;
  linksUpSet: string;
  iptPoolChain: string;
  iptUpChainPrefix: string;
  iptToChainPrefix: string;
  markMask: number;
  noLinkMark: number;
  lastResort: Intent["outbound"]["lastResort"];
  stateFile: string;
  poolSize: number;
  links: MonitorLinkConfig[];
  /** Server pools; absent when the intent has none (so such a plan is byte-identical to one from before pools). */
  pools?: PoolModel[];
};

export function monitorConfig(intent: Intent, flavour: LinuxFlavour): MonitorConfig {
  const models = linkModels(intent);
  // The iptables flavour has no pools (compileLinux refuses them with an error warning).
  const pools = flavour === "nftables" ? poolModels(intent) : [];
  return {
    format: 1,
    flavour: guard.oneOf(flavour, ["nftables", "iptables"]),
    method: guard.oneOf(intent.outbound.method, ["per-connection", "sticky-source", "sticky-source-destination"]),
    nftTable: `${NFT_TABLE.family} ${NFT_TABLE.name}`,
    poolMap: NFT_OBJECTS.pool,
    linksUpSet: NFT_OBJECTS.linksUp,
    iptPoolChain: IPT_CHAINS.pool,
    iptUpChainPrefix: IPT_CHAINS.upPrefix,
    iptToChainPrefix: IPT_CHAINS.toPrefix,
    markMask: MARK_MASK,
    noLinkMark: NO_LINK_MARK,
    lastResort: guard.oneOf(intent.outbound.lastResort, ["main-table", "unreachable", "blackhole"]),
    stateFile: GATEWAY_PATHS.monitorState,
    poolSize: POOL_SIZE,
    links: intent.links.map((link, i) => {
      const { counters: _counters, ...model } = models[i]!;
      const p = link.probe;
      return {
        ...model,
        probe: {
          type: guard.oneOf(p.type, ["icmp", "tcp"]),
          port: p.port === undefined ? null : guard.integer(p.port, 1, 65535),
          targets: p.targets.map(guard.ipv4),
          intervalMs: guard.integer(p.intervalMs, 100, 60_000),
          timeoutMs: guard.integer(p.timeoutMs, 50, 10_000),
          minAnswering: guard.integer(p.minAnswering, 1, p.targets.length),
          downCount: guard.integer(p.downCount, 1, 50),
          upCount: guard.integer(p.upCount, 1, 100),
        },
        onFailover: guard.oneOf(link.onFailover, ["flush", "keep"]),
        onFailback: guard.oneOf(link.onFailback, ["flush", "keep"]),
      };
    }),
    ...(pools.length === 0 ? {} : { pools }),
  };
}

const SAFE_VALUE = /^[A-Za-z0-9 ._:/,~-]*$/;
const KEY = /^[A-Z][A-Z0-9_]*$/;

function line(key: string, value: string | number): string {
  const text = String(value);
  if (!KEY.test(key) || !SAFE_VALUE.test(text)) throw new guard.CompileGrammarError(`monitor.conf ${key}`, text);
  return `${key}='${text}'`;
}

export function renderMonitorConfig(config: MonitorConfig): string {
  const global: [string, string | number][] = [
    ["WAYMARK_CONFIG_FORMAT", config.format],
    ["FLAVOUR", config.flavour],
    ["METHOD", config.method],
    ["NFT_TABLE", config.nftTable],
    ["POOL_MAP", config.poolMap],
    ["LINKS_UP_SET", config.linksUpSet],
    ["IPT_POOL_CHAIN", config.iptPoolChain],
    ["IPT_UP_CHAIN_PREFIX", config.iptUpChainPrefix],
    ["IPT_TO_CHAIN_PREFIX", config.iptToChainPrefix],
    ["MARK_MASK", hex(config.markMask)],
    ["NO_LINK_MARK", hex(config.noLinkMark)],
    ["LAST_RESORT", config.lastResort],
    ["STATE_FILE", config.stateFile],
    ["POOL_SIZE", config.poolSize],
    ["LINK_COUNT", config.links.length],
  ];
  const perLink = config.links.map((l) => {
    const k = (suffix: string) => `LINK_${l.index}_${suffix}`;
    return [
      `# link ${l.index}: ${l.name}`,
      ...(
        [
          [k("INDEX"), l.index],
          [k("NAME"), l.name],
          [k("INTERFACE"), l.interface],
          [k("GATEWAY"), l.gateway],
          [k("MARK"), hex(l.mark)],
          [k("TABLE"), l.table],
          [k("WEIGHT"), l.weight],
          [k("TIER"), l.tier],
          [k("PROBE_TYPE"), l.probe.type],
          [k("PROBE_PORT"), l.probe.port ?? ""],
          [k("PROBE_TARGETS"), l.probe.targets.join(" ")],
          [k("PROBE_INTERVAL_MS"), l.probe.intervalMs],
          [k("PROBE_TIMEOUT_MS"), l.probe.timeoutMs],
          [k("PROBE_MIN_ANSWERING"), l.probe.minAnswering],
          [k("PROBE_DOWN_COUNT"), l.probe.downCount],
          [k("PROBE_UP_COUNT"), l.probe.upCount],
          [k("ON_FAILOVER"), l.onFailover],
          [k("ON_FAILBACK"), l.onFailback],
        ] as [string, string | number][]
      ).map(([key, value]) => line(key, value)),
    ];
  });
  return [
    `# ${GATEWAY_PATHS.monitorConfig}: generated by Waymark; do not edit (the next push replaces it).`,
    `# Format 1: POSIX sh KEY='value' lines; read it with \`. ${GATEWAY_PATHS.monitorConfig}\`.`,
    ...global.map(([key, value]) => line(key, value)),
    ...perLink.flat(),
    ...poolLines(config.pools ?? []),
    "",
  ].join("\n");
}

function poolLines(pools: readonly PoolModel[]): string[] {
  if (pools.length === 0) return [];
  return [
    line("POOL_COUNT", pools.length),
    ...pools.flatMap((p) => {
      const k = (suffix: string) => `POOL_${p.index}_${suffix}`;
      const { type, intervalMs, timeoutMs, downCount, upCount, expectStatus, path } = p.probe;
      return [
        `# pool ${p.index}: ${p.name}`,
        line(k("NAME"), p.name),
        line(k("MAP"), p.map),
        line(k("PROBE"), [type, intervalMs, timeoutMs, downCount, upCount, expectStatus, path].join(" ")),
        line(k("BACKENDS"), p.backends.map((b) => `${b.name}:${b.address}:${b.port}:${b.state}`).join(" ")),
        line(k("BUCKETS"), p.buckets.join(" ")),
      ];
    }),
  ];
}
