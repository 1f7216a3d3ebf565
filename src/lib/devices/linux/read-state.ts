import { GATEWAY_PATHS, hex, linkCounters, MARK_MASK, NFT_TABLE } from "@/lib/domain/compile/linux/layout";
import { parseMonitorState, type MonitorState } from "./monitor-state";
import { parseNftCounters, type NamedCounter } from "./nft-counters";
import { parseNftRuleset, type NftRule } from "./nft-rules";
import { parsePoolState, type PoolCheckState } from "./pool-state";
import { TABLE_HASH } from "./push/remote-scripts";
import type { SshSession } from "./ssh-client";

// Reading back what a gateway does, in one round trip: the whole nft ruleset once (Waymark's named counters and
// every rule of Waymark's and the admin's own tables, for the live counters), the monitor's link states,
// conntrack entries per link mark, and the hash of Waymark's table (drift shows as a hash Waymark never pushed).
export type StateLink = { name: string; mark: number };

export type LinkReadback = {
  name: string;
  state: "up" | "down" | "unknown";
  since: number | null;
  rttMs: number | null;
  lossPercent: number | null;
  newConnections: NamedCounter | null;
  tx: NamedCounter | null;
  rx: NamedCounter | null;
  connections: number | null;
};

export type GatewayState = {
  readAtMs: number;
  tableHash: string | null;
  monitor: { running: boolean; updatedAt: number | null };
  links: LinkReadback[];
  /** Every rule of Waymark's table and of the admin's ip/inet tables, chain by chain. */
  rules: NftRule[];
  /** Waymark's named counters by name (links' and pool backends'). */
  counters: Map<string, NamedCounter>;
  /** The server pools' check verdicts (pool-checks.sh); null without pools or when the file is missing. */
  pools: PoolCheckState | null;
  /** Open connections NAT sent to a backend, by "<tcp|udp> <address>:<port>" (see conntrackCounts). */
  backendConnections: Map<string, number>;
};

/** Starts each section of a read-back's output (and of the watch's frames: ./watch/). */
export const MARK = "@@waymark:";

/** The commands of a read-back, section by section; the watch (./watch/watch-script.ts) runs the same ones. */
export const READ_COMMANDS = {
  ruleset: "nft -j list ruleset 2>/dev/null",
  monitor: `cat ${GATEWAY_PATHS.monitorState} 2>/dev/null`,
  pools: `cat ${GATEWAY_PATHS.poolState} 2>/dev/null`,
  table: TABLE_HASH,
  now: "date +%s%3N",
  conntrack: conntrackCounts,
};

// Established TCP and all UDP flows per link mark: closed connections the kernel still remembers and the monitor's
// own probe pings would otherwise inflate the count several times over. One dump of the table, counted by awk,
// instead of two filtered dumps per link (each conntrack run costs the gateway ~4 ms of CPU, the largest part of a
// watch frame). Marks come from the plan (numbers only). `conntrack -L` prints, one flow a line (conntrack-tools
// 1.4.7, the lab gateway; the state is the 4th field of a TCP flow, the mark is decimal):
//
//   tcp      6 99 ESTABLISHED src=192.0.2.1 dst=192.0.2.2 sport=1000 dport=80 [UNREPLIED] src=192.0.2.2 dst=192.0.2.1 sport=80 dport=1000 mark=257 use=1
//   udp      17 99 src=192.0.2.1 dst=192.0.2.2 sport=1002 dport=53 [UNREPLIED] src=192.0.2.2 dst=192.0.2.1 sport=53 dport=1002 mark=767 use=1
//
// and prints "0x100 1" per link mark, as `echo` did for each link. A flow whose reply comes from elsewhere than its
// original destination was sent there by NAT (a pool's dnat; masquerade changes only the reply's destination), so
// the same pass counts those per reply source, "b tcp 192.0.2.2:80 1": a pool backend's open connections.
function conntrackCounts(links: readonly StateLink[]): string[] {
  if (MARK_MASK !== 0xff00) throw new Error("conntrackCounts: the awk below masks with 0xff00");
  const marks = links.map((l) => {
    if (!Number.isInteger(l.mark) || l.mark < 0 || l.mark > MARK_MASK) throw new Error("link mark outside its grammar");
    return String(l.mark);
  });
  if (marks.length === 0) return [];
  const awk = [
    `BEGIN { n = split("${marks.join(" ")}", m, " "); for (i = 1; i <= n; i++) c[m[i]] = 0 }`,
    '($1 == "tcp" && $4 == "ESTABLISHED") || $1 == "udp" {',
    '  ns = 0; nd = 0; np = 0; nq = 0; mk = ""',
    "  for (i = 4; i <= NF; i++) {",
    "    if ($i ~ /^src=/) s[++ns] = substr($i, 5); else if ($i ~ /^dst=/) d[++nd] = substr($i, 5)",
    "    else if ($i ~ /^sport=/) p[++np] = substr($i, 7); else if ($i ~ /^dport=/) q[++nq] = substr($i, 7)",
    '    else if ($i ~ /^mark=/ && mk == "") mk = substr($i, 6)',
    "  }",
    '  if (mk != "") { k = int(mk / 256) % 256 * 256; if ((k "") in c) c[k ""]++ }',
    '  if (ns >= 2 && np >= 2 && (s[2] != d[1] || p[2] != q[1])) b[$1 " " s[2] ":" p[2]]++',
    "}",
    'END { for (i = 1; i <= n; i++) printf "0x%x %d\\n", m[i], c[m[i]]; for (k in b) printf "b %s %d\\n", k, b[k] }',
  ].join("\n");
  return [`conntrack -L 2>/dev/null | awk '${awk}'`];
}

function readScript(links: StateLink[]): string {
  return [
    `echo ${MARK}ruleset; ${READ_COMMANDS.ruleset}`,
    `echo; echo ${MARK}monitor; ${READ_COMMANDS.monitor}`,
    `echo; echo ${MARK}pools; ${READ_COMMANDS.pools}`,
    `echo; echo ${MARK}table; ${READ_COMMANDS.table}`,
    `echo ${MARK}conntrack`,
    ...READ_COMMANDS.conntrack(links),
    `echo ${MARK}now; ${READ_COMMANDS.now}`,
    `echo ${MARK}end`,
  ].join("\n");
}

/** Splits output into its `@@waymark:<name>` sections (the marker line's first word names the section). */
export function sections(stdout: string): Map<string, string> {
  const found = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of stdout.split("\n")) {
    if (line.startsWith(MARK)) {
      current = [];
      found.set(line.slice(MARK.length).trim().split(" ")[0] ?? "", current);
    } else {
      current?.push(line);
    }
  }
  return new Map([...found].map(([k, v]) => [k, v.join("\n").trim()]));
}

export async function readGatewayState(session: SshSession, links: StateLink[]): Promise<GatewayState> {
  const result = await session.exec(["sh", "-c", readScript(links)], { timeoutMs: 15_000, maxOutputBytes: 4 * 1024 * 1024 });
  return toGatewayState(sections(result.stdout), links, Date.now());
}

export function toGatewayState(parts: Map<string, string>, links: StateLink[], readAtMs: number): GatewayState {
  const ruleset = parts.get("ruleset") ?? "";
  const counters = ruleset ? parseNftCounters(ruleset, NFT_TABLE) : new Map<string, NamedCounter>();
  const rules = ruleset ? parseNftRuleset(ruleset, { linkOfMark: new Map(links.map((l) => [l.mark, l.name])) }) : [];
  const monitor = safeMonitor(parts.get("monitor") ?? "");
  const tableText = parts.get("table") ?? "";
  const conntrackLines = (parts.get("conntrack") ?? "").split("\n").map((l) => l.trim().split(/\s+/));
  const conntrack = new Map(conntrackLines.filter((w) => w[0] !== "b").map((w) => w as [string, string]));
  const backendConnections = new Map(conntrackLines.filter((w) => w[0] === "b" && w.length === 4).map((w) => [`${w[1]} ${w[2]}`, Number(w[3])] as const));
  const emptyTableHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; // sha256 of no output
  return {
    readAtMs,
    tableHash: /^[0-9a-f]{64}$/.test(tableText) && tableText !== emptyTableHash ? tableText : null,
    // Judged by the gateway's own clock, so a dashboard whose clock is off does not call a live monitor dead.
    monitor: {
      running: monitor !== null && monitor.stoppedAt === null && gatewayNow(parts, readAtMs) - monitor.updatedAt < 15_000,
      updatedAt: monitor?.updatedAt ?? null,
    },
    links: links.map((link) => {
      const names = linkCounters(link.name);
      const seen = monitor?.links.find((l) => l.name === link.name);
      const entries = conntrack.get(hex(link.mark));
      return {
        name: link.name,
        state: seen?.state ?? "unknown",
        since: seen?.since ?? null,
        rttMs: seen?.rttMs ?? null,
        lossPercent: seen?.lossPercent ?? null,
        newConnections: counters.get(names.newConnections) ?? null,
        tx: counters.get(names.tx) ?? null,
        rx: counters.get(names.rx) ?? null,
        connections: entries === undefined ? null : Number(entries),
      };
    }),
    rules,
    counters,
    pools: parsePoolState(parts.get("pools") ?? ""),
    backendConnections,
  };
}

function gatewayNow(parts: Map<string, string>, fallback: number): number {
  const now = Number(parts.get("now"));
  return Number.isFinite(now) && now > 0 ? now : fallback;
}

function safeMonitor(text: string): MonitorState | null {
  if (!text) return null;
  try {
    return parseMonitorState(text);
  } catch {
    return null;
  }
}
