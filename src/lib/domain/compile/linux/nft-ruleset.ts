import type { Intent } from "../../intent";
import { HASH_SEED, hex, MARK_MASK, NFT_OBJECTS, NFT_TABLE, NO_LINK_MARK, POOL_SIZE } from "./layout";
import { lanInterfaces, lanSources, linkModels, pinModels, type LinkModel, type PinModel } from "./links";
import { initialPool, nftPoolElements } from "./pool";
import { poolDeclarations, poolForwardRules, poolModels, poolNatRules, poolRefuseRules, type PoolModel } from "./server-pools";

// The nftables flavour: one file that creates-if-missing, deletes and recreates `table inet waymark` in a single
// kernel transaction (nft -f), so a push is atomic and idempotent and no other table is ever touched.
//
// Mark handling on nft 1.0.6 (Debian 12): saving or restoring only the bits under 0xff00 needs a binary operation
// with a variable right-hand side (nft >= 1.1.2, kernel >= 6.13; 1.0.6 refuses it). So the whole mark is copied
// between packet and connection, and the pool lookup writes the whole mark: Waymark owns the mark on the gateway.
// Where 1.0.6 allows it (setting a constant), the bits outside 0xff00 are kept.

const TABLE = `${NFT_TABLE.family} ${NFT_TABLE.name}`;
const KEEP_OTHER_BITS = hex(~MARK_MASK >>> 0);
const LINK_BITS = `meta mark and ${hex(MARK_MASK)}`;
const DESTINATIONS_NOT_BALANCED = "fib daddr type { local, broadcast, multicast } return";

export function renderNftRuleset(intent: Intent): string {
  const links = linkModels(intent);
  const pins = pinModels(intent, links);
  const lastResort = intent.outbound.lastResort;
  const pools = poolModels(intent);
  const body = [
    ...counters(links, lastResort),
    ...sets(intent, links),
    ...poolDeclarations(pools),
    chain("pick", [], pick(intent, links, pins)),
    chain("prerouting", ["type filter hook prerouting priority mangle; policy accept;"], prerouting(intent, links)),
    ...(pools.length === 0
      ? []
      : [
          chain("inbound", ["type nat hook prerouting priority dstnat; policy accept;"], poolNatRules(pools)),
          chain("inbound_refuse", ["type filter hook input priority filter; policy accept;"], poolRefuseRules(pools)),
        ]),
    chain("output", ["type route hook output priority mangle; policy accept;"], output(pools)),
    chain("forward", ["type filter hook forward priority mangle; policy accept;"], [...forward(links), ...poolForwardRules(pools)]),
    chain("postrouting", ["type nat hook postrouting priority srcnat; policy accept;"], postrouting(links)),
  ];
  return [
    "#!/usr/sbin/nft -f",
    `# Waymark ruleset: ${links.length} link${links.length === 1 ? "" : "s"} (${links.map((l) => l.name).join(", ")}), ${intent.outbound.method}, last resort ${lastResort}.`,
    "# Generated; do not edit. Replaces table inet waymark in one transaction; no other table is touched.",
    `# Marks under ${hex(MARK_MASK)}: ${links.map((l) => `${hex(l.mark)} ${l.name}`).join(", ")}, ${hex(NO_LINK_MARK)} no link up.`,
    "# nft 1.0.6 cannot save/restore part of a mark (needs nft >= 1.1.2, kernel >= 6.13): the whole mark is",
    "# copied between packet and connection, so Waymark owns the mark; constants keep the other bits.",
    `table ${TABLE}`,
    `delete table ${TABLE}`,
    `table ${TABLE} {`,
    body.map((block) => block.join("\n")).join("\n\n"),
    "}",
    "",
  ].join("\n");
}

function counters(links: readonly LinkModel[], lastResort: string): string[][] {
  const perLink = links.flatMap((l) => [
    [`\tcounter ${l.counters.newConnections} { comment "new connections assigned to ${l.name} (${l.interface})" }`],
    [`\tcounter ${l.counters.tx} { comment "forwarded out through ${l.name} (${l.interface})" }`],
    [`\tcounter ${l.counters.rx} { comment "forwarded in through ${l.name} (${l.interface})" }`],
  ]);
  const noLink = [`\tcounter ${NFT_OBJECTS.noLinkCounter} { comment "new connections with no link up (last resort ${lastResort})" }`];
  return [[...perLink.flat(), ...noLink]];
}

function sets(intent: Intent, links: readonly LinkModel[]): string[][] {
  return [
    [
      "\t# Live links, kept by the monitor; a pin applies only while its link is in here.",
      `\tset ${NFT_OBJECTS.linksUp} {`,
      "\t\ttypeof meta mark",
      `\t\telements = { ${links.map((l) => hex(l.mark)).join(", ")} }`,
      "\t}",
    ],
    [
      `\t# Buckets 0-${POOL_SIZE - 1} → link, all links up; the monitor rewrites it atomically when links change state.`,
      `\tmap ${NFT_OBJECTS.pool} {`,
      `\t\ttypeof numgen random mod ${POOL_SIZE} : meta mark`,
      "\t\tflags interval",
      `\t\telements = { ${nftPoolElements(initialPool(links))} }`,
      "\t}",
    ],
    [
      `\tset ${NFT_OBJECTS.lanSources} {`,
      "\t\ttype ipv4_addr",
      "\t\tflags interval",
      "\t\tauto-merge",
      `\t\telements = { ${lanSources(intent).join(", ")} }`,
      "\t}",
    ],
  ];
}

function chain(name: string, head: string[], rules: string[]): string[] {
  return [`\tchain ${name} {`, ...head.map((h) => `\t\t${h}`), ...rules.map((r) => `\t\t${r}`), "\t}"];
}

function setMark(mark: number): string {
  return `meta mark set meta mark and ${KEEP_OTHER_BITS} or ${hex(mark)}`;
}

function pick(intent: Intent, links: readonly LinkModel[], pins: readonly PinModel[]): string[] {
  const counterMap = links.map((l) => `${hex(l.mark)} : "${l.counters.newConnections}"`).join(", ");
  const pinRules = pins.map((p) => {
    const match = [p.source && `ip saddr ${p.source}`, p.destination && `ip daddr ${p.destination}`].filter(Boolean).join(" ");
    const note = p.comment === "" ? "" : ` comment "${p.comment}"`;
    return `${match} ${setMark(p.link.mark)} ${LINK_BITS} @${NFT_OBJECTS.linksUp} counter name "${p.link.counters.newConnections}" return${note}`;
  });
  const lastResort =
    intent.outbound.lastResort === "main-table"
      ? [`# No link up: leave the mark at 0, the main table routes it.`, `counter name "${NFT_OBJECTS.noLinkCounter}"`]
      : [
          `# No link up: ${hex(NO_LINK_MARK)}, whose routing rule answers ${intent.outbound.lastResort}.`,
          `${setMark(NO_LINK_MARK)} counter name "${NFT_OBJECTS.noLinkCounter}"`,
        ];
  return [
    ...(pinRules.length === 0
      ? []
      : ["# Pinned traffic first; a pin whose link is down falls through to the pool.", ...pinRules, `meta mark set meta mark and ${KEEP_OTHER_BITS}`]),
    `meta mark set ${poolKey(intent)} map @${NFT_OBJECTS.pool} counter name ${LINK_BITS} map { ${counterMap} } return`,
    ...lastResort,
  ];
}

function poolKey(intent: Intent): string {
  switch (intent.outbound.method) {
    case "per-connection":
      return `numgen random mod ${POOL_SIZE}`;
    case "sticky-source":
      return `jhash ip saddr mod ${POOL_SIZE} seed ${hex(HASH_SEED)}`;
    case "sticky-source-destination":
      return `jhash ip saddr . ip daddr mod ${POOL_SIZE} seed ${hex(HASH_SEED)}`;
  }
}

function prerouting(intent: Intent, links: readonly LinkModel[]): string[] {
  const lans = lanInterfaces(intent)
    .map((i) => `"${i}"`)
    .join(", ");
  return [
    "meta nfproto != ipv4 return",
    "meta mark set ct mark",
    `${LINK_BITS} != 0x0 return`,
    "ct state != new return",
    "# A connection arriving on a WAN keeps that link, so its replies leave the way it came.",
    ...links.map((l) => `iifname "${l.interface}" ${setMark(l.mark)} ct mark set meta mark return`),
    `iifname != { ${lans} } return`,
    `ip saddr != @${NFT_OBJECTS.lanSources} return`,
    "# LAN to LAN and to the gateway itself is never balanced.",
    `ip daddr @${NFT_OBJECTS.lanSources} return`,
    DESTINATIONS_NOT_BALANCED,
    "jump pick",
    "ct mark set meta mark",
  ];
}

// The gateway's own connections are routed once before this hook (mark 0, so by the main table) and re-routed
// after it by their new mark: the main table needs some route to the destination or the socket fails first.
function output(pools: readonly PoolModel[]): string[] {
  return [
    "meta nfproto != ipv4 return",
    "# A socket that chose its link (SO_MARK, e.g. the monitor's probes) keeps it.",
    `${LINK_BITS} != 0x0 ct mark set meta mark return`,
    "meta mark set ct mark",
    `${LINK_BITS} != 0x0 return`,
    "ct state != new return",
    'oifname "lo" return',
    DESTINATIONS_NOT_BALANCED,
    `ip daddr @${NFT_OBJECTS.lanSources} return`,
    ...(pools.length === 0
      ? []
      : [
          "# The monitor's checks of pool backends go the way the main table routes them.",
          `ip daddr @pool_backends return comment "the gateway's checks of pool backends"`,
        ]),
    "jump pick",
    "ct mark set meta mark",
  ];
}

function forward(links: readonly LinkModel[]): string[] {
  const tx = links.map((l) => `"${l.interface}" : "${l.counters.tx}"`).join(", ");
  const rx = links.map((l) => `"${l.interface}" : "${l.counters.rx}"`).join(", ");
  return [`counter name oifname map { ${tx} }`, `counter name iifname map { ${rx} }`];
}

function postrouting(links: readonly LinkModel[]): string[] {
  return links.map((l) => `meta nfproto ipv4 oifname "${l.interface}" masquerade`);
}
