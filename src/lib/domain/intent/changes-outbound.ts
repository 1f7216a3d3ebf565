import { arrow, change, type IntentChange, memberDelta, movedMembers } from "./change-words";
import type { OutboundPolicy, PinnedTraffic } from "./outbound";

// Pinned traffic is matched by what it matches (source and destination); its link and comment are what can change
// about it, and its position is what decides between two pins that overlap.

const lastResortWords = {
  "main-table": "main routing table",
  unreachable: "refuse new connections",
  blackhole: "drop silently",
} as const;

export function outboundChanges(old: OutboundPolicy, now: OutboundPolicy): IntentChange[] {
  const out: IntentChange[] = [];
  const lan = memberDelta(old.lanInterfaces, now.lanInterfaces);
  if (lan !== "") out.push(change("LAN", `LAN interfaces changed: ${lan}`));
  const sources = memberDelta(old.lanSources, now.lanSources);
  if (sources !== "") out.push(change("LAN", `LAN sources changed: ${sources}`));
  if (old.method !== now.method) out.push(change("balancing", `balancing ${arrow(old.method, now.method)}`));
  out.push(...pinnedChanges(old.pinned, now.pinned));
  if (old.lastResort !== now.lastResort) {
    out.push(change("last resort", `when every link is down: ${arrow(lastResortWords[old.lastResort], lastResortWords[now.lastResort])}`));
  }
  return out;
}

/** "from 192.168.10.5/32 to 0.0.0.0/0"; repeats of the same match get "(2nd)" so each key is unique. */
function pinKeys(pins: readonly PinnedTraffic[]): string[] {
  const seen = new Map<string, number>();
  return pins.map((pin) => {
    const base = [pin.source && `from ${pin.source}`, pin.destination && `to ${pin.destination}`].filter(Boolean).join(" ");
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (#${count})`;
  });
}

function pinnedChanges(old: PinnedTraffic[], now: PinnedTraffic[]): IntentChange[] {
  const oldKeys = pinKeys(old);
  const newKeys = pinKeys(now);
  const out: IntentChange[] = [];
  const say = (text: string) => out.push(change("pinned traffic", text));
  const label = (key: string, pin: PinnedTraffic) => `pinned traffic ${key}${pin.comment ? ` (${pin.comment})` : ""}`;
  newKeys.forEach((key, i) => {
    const pin = now[i]!;
    const at = oldKeys.indexOf(key);
    if (at === -1) {
      say(`${label(key, pin)} added: uses ${pin.link}`);
      return;
    }
    const was = old[at]!;
    if (was.link !== pin.link) say(`${label(key, pin)} uses ${arrow(was.link, pin.link)}`);
    if (was.comment !== pin.comment) say(`pinned traffic ${key} comment “${was.comment}” → “${pin.comment}”`);
  });
  oldKeys.forEach((key, i) => {
    if (!newKeys.includes(key)) say(`${label(key, old[i]!)} removed (was on ${old[i]!.link})`);
  });
  for (const key of movedMembers(oldKeys, newKeys)) {
    const from = oldKeys.filter((k) => newKeys.includes(k)).indexOf(key);
    const to = newKeys.filter((k) => oldKeys.includes(k)).indexOf(key);
    say(`pinned traffic ${key} moved ${to < from ? "up" : "down"} to position ${newKeys.indexOf(key) + 1}`);
  }
  return out;
}
