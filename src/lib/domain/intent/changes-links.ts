import { arrow, change, type IntentChange, memberDelta, ms, sameOrder } from "./change-words";
import type { Intent } from "./intent";
import type { Link } from "./link";
import type { Probe } from "./probe";

// Links are matched by name. A link that disappears while a new one appears on the same interface is a rename,
// and is then compared field by field like any other link.

const handling = { flush: "flush connections", keep: "keep connections" } as const;

export function linkChanges(before: Intent["links"], after: Intent["links"]): IntentChange[] {
  const renamed = renames(before, after);
  const out: IntentChange[] = [];
  for (const link of after) {
    const oldName = [...renamed].find(([, to]) => to === link.name)?.[0];
    const old = before.find((l) => l.name === (oldName ?? link.name));
    if (old === undefined) {
      out.push(change(`link ${link.name}`, `link ${link.name} added (${link.interface} via ${link.gateway}, weight ${link.weight}, tier ${link.tier})`));
      continue;
    }
    if (oldName !== undefined) out.push(change(`link ${link.name}`, `link ${oldName} renamed ${link.name}`));
    out.push(...sameLinkChanges(old, link));
  }
  for (const link of before) {
    if (!renamed.has(link.name) && !after.some((l) => l.name === link.name)) out.push(change(`link ${link.name}`, `link ${link.name} removed`));
  }
  const kept = (names: string[]) => names.filter((n) => after.some((l) => l.name === n));
  const beforeNames = kept(before.map((l) => renamed.get(l.name) ?? l.name));
  const afterNames = after.map((l) => l.name).filter((n) => beforeNames.includes(n));
  if (!sameOrder(beforeNames, afterNames)) out.push(change("links", `links reordered: ${afterNames.join(", ")}`));
  return out;
}

/** Old name → new name, for a removed link whose interface a new link now uses. */
function renames(before: Link[], after: Link[]): Map<string, string> {
  const gone = before.filter((l) => !after.some((a) => a.name === l.name));
  const added = after.filter((a) => !before.some((l) => l.name === a.name));
  const map = new Map<string, string>();
  for (const old of gone) {
    const successor = added.find((a) => a.interface === old.interface);
    if (successor !== undefined) map.set(old.name, successor.name);
  }
  return map;
}

function sameLinkChanges(old: Link, now: Link): IntentChange[] {
  const subject = `link ${now.name}`;
  const out: IntentChange[] = [];
  const field = (label: string, a: string | number, b: string | number) => {
    if (a !== b) out.push(change(subject, `link ${now.name} ${label} ${arrow(a, b)}`));
  };
  field("interface", old.interface, now.interface);
  field("gateway", old.gateway, now.gateway);
  field("weight", old.weight, now.weight);
  field("tier", old.tier, now.tier);
  out.push(...probeChanges(now.name, old.probe, now.probe));
  field("on failover:", handling[old.onFailover], handling[now.onFailover]);
  field("on failback:", handling[old.onFailback], handling[now.onFailback]);
  return out;
}

const probeKind = (p: Probe) => (p.type === "tcp" ? `tcp port ${p.port}` : "icmp");

function probeChanges(name: string, old: Probe, now: Probe): IntentChange[] {
  const subject = `link ${name}`;
  const out: IntentChange[] = [];
  const say = (text: string) => out.push(change(subject, text));
  if (probeKind(old) !== probeKind(now)) say(`link ${name} probe ${arrow(probeKind(old), probeKind(now))}`);
  const delta = memberDelta(old.targets, now.targets);
  if (delta !== "") say(`probe targets of ${name} changed: ${delta}`);
  else if (!sameOrder(old.targets, now.targets)) say(`probe targets of ${name} reordered`);
  if (old.intervalMs !== now.intervalMs) say(`link ${name} probe interval ${arrow(ms(old.intervalMs), ms(now.intervalMs))}`);
  if (old.timeoutMs !== now.timeoutMs) say(`link ${name} probe timeout ${arrow(ms(old.timeoutMs), ms(now.timeoutMs))}`);
  if (old.minAnswering !== now.minAnswering) say(`link ${name} needs ${arrow(old.minAnswering, now.minAnswering)} probe targets answering`);
  if (old.downCount !== now.downCount) say(`link ${name} goes down after ${arrow(old.downCount, now.downCount)} failed probe rounds`);
  if (old.upCount !== now.upCount) say(`link ${name} comes back after ${arrow(old.upCount, now.upCount)} passing probe rounds`);
  return out;
}
