// A router's read-back (RouterState: its print rows, parsed) in the admin's terms: links, backends and rules.
// Pure, so it is tested on recorded states without a router.

import type { RouterOsObject, RouterOsPlan } from "@/lib/domain/compile/routeros";
import { cumulativeShares, type BackendReading, type DeviceReading, type LinkHealth, type LinkReading, type RuleReading } from "@/lib/domain/device/reading";

import type { RouterState } from "../readback/read-state";
import { commentId, describeObject, WAYMARK_PREFIX } from "./describe";
import { describeAction, describeMatch } from "./rule-words";
import { routerDateToIso } from "./router-date";

const sumPackets = (state: RouterState, matches: (id: string) => boolean): bigint | null => {
  const rules = state.rules.filter((r) => matches(commentId(r.comment)));
  return rules.length === 0 ? null : rules.reduce((sum, r) => sum + r.packets, 0n);
};

/** Links in plan order: each has exactly one masquerade (`nat:<link>`) whose out-interface is the link's. */
const planLinks = (plan: RouterOsPlan): { name: string; interface: string }[] =>
  plan.objects
    .filter((o) => o.menu === "/ip/firewall/nat" && commentId(o.comment).startsWith("nat:"))
    .map((o) => ({ name: commentId(o.comment).slice("nat:".length), interface: o.properties["out-interface"] ?? "" }));

function linkState(state: RouterState, link: string): { state: LinkHealth; since: string | null } {
  const watch = state.netwatch.find((n) => commentId(n.comment) === `netwatch:${link}`);
  if (watch) return { state: watch.status, since: routerDateToIso(watch.since) };
  // Without netwatch (v6 TCP probes), check-gateway decides: the link's own route in its table is active or not.
  const own = state.routes.find((r) => commentId(r.comment) === `route:${link}:via:${link}` || commentId(r.comment) === `ecmp:${link}`);
  return { state: own === undefined ? "unknown" : own.active ? "up" : "down", since: null };
}

function links(state: RouterState, plan: RouterOsPlan): LinkReading[] {
  const found = planLinks(plan);
  // The rule that gives a new connection its link counts it once: a PCC rule, or with ECMP the pin on the way out.
  const counted = found.map((l) => sumPackets(state, (id) => id.startsWith(`pcc:${l.name}:`) || id === `ecmp-pin:${l.name}`));
  const shares = cumulativeShares(counted.map((c) => (c === null ? null : c.toString())));
  return found.map((link, i) => {
    const nic = state.interfaces.find((n) => n.name === link.interface);
    return {
      name: link.name,
      ...linkState(state, link.name),
      lossPercent: null,
      rttMs: null,
      newConnections: counted[i] === null ? null : counted[i]!.toString(),
      shareOfNew: shares[i] ?? null,
      out: nic ? { packets: nic.txPacket.toString(), bytes: nic.txByte.toString() } : null,
      in: nic ? { packets: nic.rxPacket.toString(), bytes: nic.rxByte.toString() } : null,
      openConnections: state.connections.find((c) => c.mark === `to-${link.name}`)?.count ?? null,
    };
  });
}

/** Every backend of every pool in plan order, drained and disabled ones too (they have a probe but no rule). */
/** A plan stored before plans listed their backends: its active backends, by their netwatch (port unknown). */
const netwatchedBackends = (plan: RouterOsPlan): NonNullable<RouterOsPlan["backends"]> =>
  plan.objects
    .filter((o) => o.menu === "/tool/netwatch" && commentId(o.comment).startsWith("backend:"))
    .map((o) => {
      const [, pool = "", name = ""] = commentId(o.comment).split(":");
      return { pool, name, at: `${o.properties.host ?? ""}:`, protocol: "tcp", state: "active" };
    });

function backends(state: RouterState, plan: RouterOsPlan): BackendReading[] {
  return (plan.backends ?? netwatchedBackends(plan)).map((b) => {
    const watch = state.netwatch.find((n) => commentId(n.comment) === `backend:${b.pool}:${b.name}`);
    const own = state.rules.filter((r) => commentId(r.comment).startsWith(`pool:${b.pool}:${b.name}:`));
    const [address = "", port = ""] = b.at.split(":");
    const probe = watch?.status ?? "unknown";
    return {
      pool: b.pool,
      name: b.name,
      address,
      port: port === "" ? null : Number(port),
      state: b.state === "active" ? probe : b.state,
      since: routerDateToIso(watch?.since ?? null),
      probe,
      newConnections: own.length === 0 ? null : own.reduce((sum, r) => sum + r.packets, 0n).toString(),
      openConnections: state.backendConnections.find((c) => c.at === b.at)?.count ?? null,
      traffic:
        own.length === 0
          ? null
          : { packets: own.reduce((sum, r) => sum + r.packets, 0n).toString(), bytes: own.reduce((sum, r) => sum + r.bytes, 0n).toString() },
    };
  });
}

/** What a rule reads as apart from its counters and `disabled`: the same until the configuration is read again. */
type RuleWords = Omit<RuleReading, "packets" | "bytes" | "disabled">;

/**
 * What the monitor's watch keeps from one configuration read to the next (a new memo at each one): each rule's
 * words (by menu and `.id`) and the drift entries in words (for the state's drift list, which it keeps too).
 */
export type ReadingMemo = { words: Map<string, RuleWords>; drift: { from: RouterState["drift"]; entries: DeviceReading["drift"]["entries"] } | null };

export const newReadingMemo = (): ReadingMemo => ({ words: new Map(), drift: null });

function ruleWords(rule: RouterState["chains"][number], byComment: () => Map<string, RouterOsObject>): RuleWords {
  const table = rule.menu.split("/").pop() ?? rule.menu;
  const owned = rule.comment.startsWith(WAYMARK_PREFIX);
  const match = describeMatch(rule.properties);
  const meaning = owned ? describeObject(commentId(rule.comment), byComment().get(`${rule.menu} ${rule.comment}`)) : null;
  return {
    key: owned ? `${table}:${commentId(rule.comment)}` : `${table}:${rule.id}`,
    table,
    chain: rule.chain,
    number: rule.number,
    ownedByWaymark: owned,
    what: meaning?.what ?? (rule.comment || match),
    match,
    action: describeAction(rule.properties),
    link: meaning?.link ?? null,
  };
}

// Every rule of the shown tables, numbered as `print` numbers them: Waymark's (known by their comment, described
// from the plan) and the admin's own (their comment, else what they match), so the table reads like WinBox's.
function rules(state: RouterState, plan: RouterOsPlan, memo: ReadingMemo | undefined): RuleReading[] {
  let byComment: Map<string, RouterOsObject> | undefined;
  const plans = () => (byComment ??= new Map<string, RouterOsObject>(plan.objects.map((o) => [`${o.menu} ${o.comment}`, o])));
  return state.chains.map((rule) => {
    const at = `${rule.menu} ${rule.id} ${rule.number}`;
    let words = memo?.words.get(at);
    if (words === undefined) {
      words = ruleWords(rule, plans);
      memo?.words.set(at, words);
    }
    return { ...words, packets: rule.packets.toString(), bytes: rule.bytes.toString(), disabled: rule.disabled };
  });
}

function driftEntries(state: RouterState, plan: RouterOsPlan, memo: ReadingMemo | undefined): DeviceReading["drift"]["entries"] {
  // Copies: a reading handed out is its receiver's, whatever it does with it.
  if (memo?.drift && memo.drift.from === state.drift) return memo.drift.entries.map((entry) => ({ ...entry }));
  const entries = state.drift.map((d) => ({
    what: describeObject(
      commentId(d.comment),
      plan.objects.find((o) => o.menu === d.menu && o.comment === d.comment),
    ).what,
    change: d.change,
    detail: d.detail,
  }));
  if (memo) memo.drift = { from: state.drift, entries: entries.map((entry) => ({ ...entry })) };
  return entries;
}

/** A `memo` (the watch's, new at each configuration read) spares rewording the rules and the drift every poll. */
export function toDeviceReading(state: RouterState, plan: RouterOsPlan, memo?: ReadingMemo): DeviceReading {
  const watches = plan.objects.filter((o) => o.menu === "/tool/netwatch").length;
  const present = state.netwatch.length;
  return {
    readAtMs: state.readAtMs,
    device: { identity: state.identity, softwareVersion: state.version },
    watcher: {
      running: present >= watches,
      detail: watches === 0 ? "no netwatch in this plan; check-gateway watches the links" : `${present} of ${watches} netwatch entries on the router`,
    },
    links: links(state, plan),
    backends: backends(state, plan),
    rules: rules(state, plan, memo),
    drift: { drifted: state.drift.length > 0, entries: driftEntries(state, plan, memo) },
  };
}
