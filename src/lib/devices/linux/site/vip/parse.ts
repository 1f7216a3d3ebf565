import type { VipNodePlan } from "@/lib/domain/site/member-plan";
import type { VipNodeReading } from "@/lib/domain/site/member-reading";
import { MARK } from "../../push/script-kit";

// What readScript (scripts.ts) prints on a node, as a reading. A real sample from the lab (lab/vip-lab.ts: node 1
// of 3, site "web", an HTTP check; `nft -j list counters` is nft(8)'s JSON, libnftables-json(5)):
//
//   @@waymark:uptime 34824980
//   @@waymark:applied 70a9b08d39bbeaf869f03f575736d5f6f1da82d1192c59cd38ad5f5d2f0254db
//   @@waymark:table present
//   @@waymark:arp present
//   @@waymark:address present
//   @@waymark:maddr present
//   @@waymark:daemon 30930
//   @@waymark:counters {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}}, {"counter": {"family": "ip", "name": "answered", "table": "waymark_vip_web", "handle": 2, "packets": 85, "bytes": 2635}}, {"counter": {"family": "ip", "name": "ignored", "table": "waymark_vip_web", "handle": 3, "packets": 235, "bytes": 7285}}]}
//   @@waymark:conntrack 0
//   @@waymark:state
//   version 1
//   pid 30930
//   uptime_ms 34824950
//   node 1
//   carrier 1
//   listening 0
//   check pass GET / answered 200
//   peer 2 10.213.5.132 alive 30
//   peer 3 10.213.5.133 alive 50
//   alive 1 2 3
//   owned 0 1 6 9 11 15 28 29 30 31 40 42 46 52 54 62 63
//   end
//   @@waymark:end
//
// The state file's format is vip-heartbeat.pl's write_state (its `peer <node> <address> alive|dead <ms ago|never>`).

export type VipSections = {
  uptimeMs: number | null;
  applied: string;
  present: { table: boolean; arp: boolean; address: boolean; maddr: boolean };
  daemonPid: number | null;
  counters: Record<string, { packets: string; bytes: string }>;
  conntrack: number | null;
  state: string[];
  complete: boolean;
};

export function sectionsOf(stdout: string): VipSections {
  const out: VipSections = {
    uptimeMs: null,
    applied: "",
    present: { table: false, arp: false, address: false, maddr: false },
    daemonPid: null,
    counters: {},
    conntrack: null,
    state: [],
    complete: false,
  };
  let inState = false;
  for (const line of stdout.split("\n")) {
    if (!line.startsWith(MARK)) {
      if (inState && line.trim() !== "") out.state.push(line);
      continue;
    }
    const body = line.slice(MARK.length);
    const [kind = "", ...rest] = body.split(" ");
    const value = rest.join(" ").trim();
    inState = kind === "state";
    if (kind === "uptime") out.uptimeMs = toInt(value);
    else if (kind === "applied") out.applied = value;
    else if (kind === "table" || kind === "arp" || kind === "address" || kind === "maddr") out.present[kind] = value === "present";
    else if (kind === "daemon") out.daemonPid = toInt(value);
    else if (kind === "counters") out.counters = countersOf(value);
    else if (kind === "conntrack") out.conntrack = toInt(value);
    else if (kind === "end") out.complete = true;
  }
  return out;
}

function toInt(value: string): number | null {
  return /^\d+$/.test(value) ? Number(value) : null;
}

function countersOf(json: string): VipSections["counters"] {
  const counters: VipSections["counters"] = {};
  try {
    const parsed = JSON.parse(json) as { nftables?: { counter?: { name?: unknown; packets?: unknown; bytes?: unknown } }[] };
    for (const item of parsed.nftables ?? []) {
      const c = item.counter;
      if (c && typeof c.name === "string" && typeof c.packets === "number" && typeof c.bytes === "number")
        counters[c.name] = { packets: String(c.packets), bytes: String(c.bytes) };
    }
  } catch {
    // No table (nft printed nothing): no counters.
  }
  return counters;
}

export type DaemonState = {
  uptimeMs: number | null;
  listening: boolean;
  carrier: boolean;
  check: { passing: boolean; detail: string } | null;
  peers: VipNodeReading["peers"];
  alive: number[];
  owned: number[];
};

export function daemonStateOf(lines: readonly string[]): DaemonState | null {
  if (!lines.includes("end")) return null;
  const state: DaemonState = { uptimeMs: null, listening: false, carrier: false, check: null, peers: [], alive: [], owned: [] };
  const numbers = (rest: string) =>
    rest
      .split(" ")
      .filter((w) => /^\d+$/.test(w))
      .map(Number);
  for (const line of lines) {
    const [key = "", ...words] = line.split(" ");
    const rest = words.join(" ");
    if (key === "uptime_ms") state.uptimeMs = toInt(rest);
    else if (key === "listening") state.listening = rest === "1";
    else if (key === "carrier") state.carrier = rest === "1";
    else if (key === "check" && words[0] !== "none") state.check = { passing: words[0] === "pass", detail: words.slice(1).join(" ") };
    else if (key === "alive") state.alive = numbers(rest);
    else if (key === "owned") state.owned = numbers(rest);
    else if (key === "peer") {
      const [node, address, alive, ago] = words;
      if (node && address && alive && ago)
        state.peers.push({ nodeId: Number(node), address, alive: alive === "alive", lastHeardMsAgo: ago === "never" ? null : Number(ago) });
    }
  }
  return state;
}

/** The daemon wrote its state this recently (node clock): its loop runs. */
const FRESH_MS = 3_000;

export function parseVipReading(plan: VipNodePlan, stdout: string, appliedHash: string | null, readAtMs: number): VipNodeReading {
  const s = sectionsOf(stdout);
  const state = daemonStateOf(s.state);
  const age = state?.uptimeMs != null && s.uptimeMs !== null ? s.uptimeMs - state.uptimeMs : null;
  const running = s.daemonPid !== null && age !== null && age <= FRESH_MS;
  const drift: string[] = [];
  if (!s.present.table) drift.push(`nft table ip waymark_vip_${plan.site.replaceAll("-", "_")} is missing`);
  if (!s.present.arp) drift.push("the ARP table (multicast MAC in replies) is missing");
  if (!s.present.address) drift.push(`${plan.vip}/${plan.prefixLength} is not on ${plan.interface}`);
  if (!s.present.maddr) drift.push(`${plan.interface} does not accept ${plan.multicastMac}`);
  if (appliedHash !== null && s.applied !== appliedHash)
    drift.push(s.applied === "" ? "no confirmed plan is recorded on the node" : "the node keeps another plan than the one confirmed");
  const traffic = (name: string) => s.counters[name] ?? null;
  return {
    role: "vip-node",
    readAtMs,
    watcher: {
      running,
      detail: running
        ? `heartbeat daemon pid ${s.daemonPid}${state?.listening ? ", listening before claiming buckets" : ""}${state && !state.carrier ? `, ${plan.interface} has no carrier` : ""}`
        : s.daemonPid === null
          ? "the heartbeat daemon is not running"
          : `the heartbeat daemon (pid ${s.daemonPid}) has not written its state for ${age === null ? "ever" : `${age} ms`}`,
    },
    drift: { drifted: drift.length > 0, entries: drift },
    check: state?.check ?? null,
    peers: state?.peers ?? [],
    aliveNodes: state?.alive ?? [],
    bucketsOwned: state?.owned ?? [],
    answered: traffic("answered"),
    ignored: traffic("ignored"),
    openConnections: s.conntrack,
  };
}
