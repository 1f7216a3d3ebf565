import { z } from "zod";

// The on-gateway monitor's state file (GATEWAY_PATHS.monitorState, /run/waymark/monitor.state): "waymark monitor
// state, format 1", written by assets/monitor.sh (its header comment is the specification). A header line, then
// one line per link in intent order; after the fixed words every token is key=value, and keys this parser does
// not know are ignored so the monitor can add some without breaking older dashboards.
//
//   monitor pid=<pid> started=<epoch ms> config=<sha256:hex|cksum:crc-size> updated=<epoch ms> format=1
//           flavour=<nftables|iptables> conntrack=<ok|missing> apply=<ok|failed> pool=<i:from-to,...|-> [stopped=<epoch ms>]
//   link <i> <name> <up|down> since=<epoch ms> rtt_ms=<ms with 3 decimals|-> loss=<%> fails=<n> passes=<n>
//
// Real sample, written by monitor.sh in the dual-WAN lab (monitor-failover.lab.test.ts) just after isp1 was blackholed
// (a clean link: down after DOWN_COUNT-1 = 2 failed rounds):
//
//   monitor pid=3083 started=1796500979703 config=sha256:ce79582074b873935eb3d717902e95157b9dd0f4ac76f7c57e1693d62829c2ec updated=1796500981833 format=1 flavour=nftables conntrack=ok apply=ok pool=1:0-99
//   link 0 isp1 down since=1796500981833 rtt_ms=- loss=29 fails=2 passes=0
//   link 1 isp2 up since=1796500979703 rtt_ms=0.046 loss=0 fails=0 passes=8

export type MonitorLinkState = {
  index: number;
  name: string;
  state: "up" | "down";
  /** Epoch ms of the last transition (the monitor's start while the link never changed). */
  since: number;
  /** Average RTT of the last round's answers; null when nothing answered. */
  rttMs: number | null;
  /** Probes lost over the monitor's recent rounds (20), in whole percent. */
  lossPercent: number;
  consecutiveFailures: number;
  consecutivePasses: number;
};

export type MonitorPoolRange = { index: number; from: number; to: number };

export type MonitorState = {
  pid: number;
  startedAt: number;
  updatedAt: number;
  /** Identifies the config the monitor read ("sha256:<hex>"): compare with the pushed monitor.conf. */
  config: string | null;
  flavour: "nftables" | "iptables" | null;
  /** "missing": no conntrack binary, so flows are never flushed. */
  conntrack: "ok" | "missing" | null;
  /** "failed": the last state update was refused by nft/iptables-restore (the monitor retries every second). */
  apply: "ok" | "failed" | null;
  /** The pool the monitor last computed; [] when no link is live, null when the file does not say. */
  pool: MonitorPoolRange[] | null;
  /** Set when the monitor stopped cleanly (the file is then a last word, not a live report). */
  stoppedAt: number | null;
  links: MonitorLinkState[];
};

const epochMs = z.coerce.number().int().nonnegative();
const count = z.coerce.number().int().nonnegative();
const CONFIG_ID = /^[A-Za-z0-9._:,\-/]+$/;

const ZHeader = z.object({
  pid: z.coerce.number().int().positive(),
  started: epochMs,
  updated: epochMs,
  config: z.string().regex(CONFIG_ID).optional(),
  format: z.literal("1").optional(),
  flavour: z.enum(["nftables", "iptables"]).optional(),
  conntrack: z.enum(["ok", "missing"]).optional(),
  apply: z.enum(["ok", "failed"]).optional(),
  pool: z
    .string()
    .regex(/^(-|\d+:\d+-\d+(,\d+:\d+-\d+)*)$/, "pool is i:from-to,... or -")
    .optional(),
  stopped: epochMs.optional(),
});

const ZLinkFields = z.object({
  index: z.coerce.number().int().nonnegative(),
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, "link names are [a-z][a-z0-9-]*"),
  state: z.enum(["up", "down"]),
  since: epochMs,
  rtt_ms: z.union([z.literal("-"), z.string().regex(/^\d+(\.\d+)?$/, "rtt_ms is a number or -")]),
  loss: count.max(100),
  fails: count,
  passes: count,
});

export class MonitorStateError extends Error {
  constructor(message: string) {
    super(`monitor state: ${message}`);
    this.name = "MonitorStateError";
  }
}

/** key=value words → record; a word without "=" is refused (the fixed words are taken off before). */
function fields(words: string[], line: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of words) {
    const eq = word.indexOf("=");
    if (eq <= 0) throw new MonitorStateError(`line ${line}: "${word}" is not key=value`);
    out[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return out;
}

function check<T>(schema: z.ZodType<T>, value: unknown, line: number): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new MonitorStateError(`line ${line}: ${issue.path.join(".") || "value"}: ${issue.message}`);
}

/** Parses the state file's text; throws MonitorStateError when it is not format 1. */
export function parseMonitorState(text: string): MonitorState {
  const lines = text
    .split("\n")
    .map((l, i) => ({ words: l.trim().split(/\s+/).filter(Boolean), number: i + 1 }))
    .filter((l) => l.words.length > 0);
  const [head, ...rest] = lines;
  if (head?.words[0] !== "monitor") throw new MonitorStateError("the first line is not the monitor header");
  const header = check(ZHeader, fields(head.words.slice(1), head.number), head.number);
  const links: MonitorLinkState[] = rest.map(({ words, number }) => {
    if (words[0] !== "link" || words.length < 4) throw new MonitorStateError(`line ${number}: expected "link <i> <name> <up|down> ..."`);
    const [, index, name, state, ...more] = words;
    const f = check(ZLinkFields, { index, name, state, ...fields(more, number) }, number);
    return {
      index: f.index,
      name: f.name,
      state: f.state,
      since: f.since,
      rttMs: f.rtt_ms === "-" ? null : Number(f.rtt_ms),
      lossPercent: f.loss,
      consecutiveFailures: f.fails,
      consecutivePasses: f.passes,
    };
  });
  const indexes = new Set(links.map((l) => l.index));
  if (indexes.size !== links.length) throw new MonitorStateError("a link index repeats");
  return {
    pid: header.pid,
    startedAt: header.started,
    updatedAt: header.updated,
    config: header.config ?? null,
    flavour: header.flavour ?? null,
    conntrack: header.conntrack ?? null,
    apply: header.apply ?? null,
    pool: header.pool === undefined ? null : parsePool(header.pool),
    stoppedAt: header.stopped ?? null,
    links,
  };
}

function parsePool(text: string): MonitorPoolRange[] {
  if (text === "-") return [];
  return text.split(",").map((range) => {
    const [index, span] = range.split(":") as [string, string];
    const [from, to] = span.split("-").map(Number) as [number, number];
    return { index: Number(index), from, to };
  });
}
