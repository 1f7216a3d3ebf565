import type { Intent } from "../../intent";
import { HASH_SEED, hex, IPT_CHAINS, MARK_MASK, NO_LINK_MARK, POOL_SIZE } from "./layout";
import { lanInterfaces, lanSources, linkModels, pinModels, type LinkModel } from "./links";
import { iptablesStateChains, UNMARKED } from "./iptables-pool";
import type { IptablesHook } from "./types";

// The iptables flavour, for gateways without nft: `iptables-restore --noflush` input that declares (and so
// flushes) only Waymark's own chains. Without --noflush iptables-restore would flush every chain of the table,
// other tools' included. Each built-in chain reaches Waymark through one jump, added by `hooks` when missing.
// CONNMARK can save and restore under a mask, so here the bits outside 0xff00 are kept, except where HMARK
// (sticky methods) writes the whole mark.

const M = hex(MARK_MASK);
const RESTORE = `-j CONNMARK --restore-mark --nfmask ${M} --ctmask ${M}`;
const SAVE = `-j CONNMARK --save-mark --nfmask ${M} --ctmask ${M}`;
const MARKED = `-m mark ! --mark 0x0/${M}`;
const NOT_BALANCED = ["LOCAL", "BROADCAST", "MULTICAST"].map((type) => `-m addrtype --dst-type ${type} -j RETURN`);

export function renderIptablesRuleset(intent: Intent): string {
  const links = linkModels(intent);
  const members = links.map((l) => ({ index: l.index, weight: l.weight, tier: l.tier }));
  const state = iptablesStateChains(
    members,
    members.map((m) => m.index),
    intent.outbound.method,
  );
  const sticky = intent.outbound.method !== "per-connection";
  const own = [IPT_CHAINS.prerouting, IPT_CHAINS.output, IPT_CHAINS.forward, IPT_CHAINS.lan, IPT_CHAINS.pick, ...(sticky ? [IPT_CHAINS.hash] : [])];
  const rule = (chain: string, spec: string) => `-A ${chain} ${spec}`;
  return [
    `# Waymark iptables rules: ${links.length} link${links.length === 1 ? "" : "s"} (${links.map((l) => l.name).join(", ")}), ${intent.outbound.method}, last resort ${intent.outbound.lastResort}.`,
    "# Generated; do not edit. Load ONLY with iptables-restore --noflush: it declares, and so flushes, Waymark's chains only.",
    `# Marks under ${M}: ${links.map((l) => `${hex(l.mark)} ${l.name}`).join(", ")}, ${hex(NO_LINK_MARK)} no link up.`,
    "*mangle",
    ...own.map((c) => `:${c} - [0:0]`),
    ...state.declarations,
    ...links.map((l) => `:${IPT_CHAINS.toPrefix}${l.index} - [0:0]`),
    ...prerouting(intent, links).map((s) => rule(IPT_CHAINS.prerouting, s)),
    ...lan(intent).map((s) => rule(IPT_CHAINS.lan, s)),
    ...output(intent).map((s) => rule(IPT_CHAINS.output, s)),
    ...pick(intent, links).map((s) => rule(IPT_CHAINS.pick, s)),
    ...(sticky ? hash(intent).map((s) => rule(IPT_CHAINS.hash, s)) : []),
    "# The pool and the per-link gates, all links up; the monitor rewrites these when links change state.",
    ...state.rules,
    ...links.map((l) =>
      rule(`${IPT_CHAINS.toPrefix}${l.index}`, `-m comment --comment "new connections assigned to ${l.name}" -j MARK --set-xmark ${hex(l.mark)}/${M}`),
    ),
    ...links.flatMap((l) => [
      rule(IPT_CHAINS.forward, `-o ${l.interface} -m comment --comment "forwarded out through ${l.name}"`),
      rule(IPT_CHAINS.forward, `-i ${l.interface} -m comment --comment "forwarded in through ${l.name}"`),
    ]),
    "COMMIT",
    "*nat",
    `:${IPT_CHAINS.postrouting} - [0:0]`,
    ...links.map((l) => rule(IPT_CHAINS.postrouting, `-o ${l.interface} -j MASQUERADE`)),
    "COMMIT",
    "",
  ].join("\n");
}

function prerouting(intent: Intent, links: readonly LinkModel[]): string[] {
  return [
    RESTORE,
    `${MARKED} -j RETURN`,
    "-m conntrack ! --ctstate NEW -j RETURN",
    ...links.map((l) => `-i ${l.interface} -j MARK --set-xmark ${hex(l.mark)}/${M}`),
    ...lanInterfaces(intent).map((i) => `-i ${i} ${UNMARKED} -j ${IPT_CHAINS.lan}`),
    SAVE,
  ];
}

function lan(intent: Intent): string[] {
  const sources = lanSources(intent);
  return [...sources.map((s) => `-d ${s} -j RETURN`), ...NOT_BALANCED, ...sources.map((s) => `-s ${s} -g ${IPT_CHAINS.pick}`)];
}

function output(intent: Intent): string[] {
  return [
    `${MARKED} ${SAVE}`,
    `${MARKED} -j RETURN`,
    RESTORE,
    `${MARKED} -j RETURN`,
    "-m conntrack ! --ctstate NEW -j RETURN",
    "-o lo -j RETURN",
    ...NOT_BALANCED,
    ...lanSources(intent).map((s) => `-d ${s} -j RETURN`),
    `-j ${IPT_CHAINS.pick}`,
    SAVE,
  ];
}

function pick(intent: Intent, links: readonly LinkModel[]): string[] {
  const pins = pinModels(intent, links).map((p) => {
    const match = [p.source && `-s ${p.source}`, p.destination && `-d ${p.destination}`].filter(Boolean).join(" ");
    const note = p.comment === "" ? "" : ` -m comment --comment "${p.comment}"`;
    return `${match} ${UNMARKED}${note} -j ${IPT_CHAINS.upPrefix}${p.link.index}`;
  });
  const pool = intent.outbound.method === "per-connection" ? IPT_CHAINS.pool : IPT_CHAINS.hash;
  const lastResort = intent.outbound.lastResort === "main-table" ? [] : [`${UNMARKED} -j MARK --set-xmark ${hex(NO_LINK_MARK)}/${M}`];
  return [...pins, `${UNMARKED} -j ${pool}`, ...lastResort];
}

/** HMARK writes the bucket into the whole mark; the pool matches it, then the bucket bits are cleared again. */
function hash(intent: Intent): string[] {
  const tuple = intent.outbound.method === "sticky-source" ? "src" : "src,dst";
  return [
    `-j HMARK --hmark-tuple ${tuple} --hmark-mod ${POOL_SIZE} --hmark-offset 0 --hmark-rnd ${hex(HASH_SEED)}`,
    `-j ${IPT_CHAINS.pool}`,
    "-j MARK --set-xmark 0x0/0xff",
  ];
}

export function iptablesHooks(): IptablesHook[] {
  const hooks = [
    { table: "mangle", chain: "PREROUTING", target: IPT_CHAINS.prerouting },
    { table: "mangle", chain: "OUTPUT", target: IPT_CHAINS.output },
    { table: "mangle", chain: "FORWARD", target: IPT_CHAINS.forward },
    { table: "nat", chain: "POSTROUTING", target: IPT_CHAINS.postrouting },
  ] as const;
  return hooks.map((h) => ({
    ...h,
    check: ["iptables", "-w", "-t", h.table, "-C", h.chain, "-j", h.target],
    insert: ["iptables", "-w", "-t", h.table, "-I", h.chain, "1", "-j", h.target],
  }));
}
