import { z } from "zod";
import { ZCapabilities, ZDeviceInterface, ZDeviceRoute, type Capabilities } from "@/lib/domain/device/capabilities";
import { GATEWAY_PATHS, NFT_TABLE, RULE_PREF } from "@/lib/domain/compile/linux/layout";
import { parseOsRelease, prettyOsName } from "../parse";
import { mergeRoutes, parseIpAddresses, parseIpRoutes, parseIpRules } from "../parse-ip";
import type { SshSession } from "../ssh-client";
import { APPLIED_DIR, PUSH_LOCK, TABLE_HASH } from "./remote-scripts";
import { siteRoleSupport } from "./site-roles";
import { ENSURE_WATCH, parseWatchPairs, WATCH_PAIRS_FN, WATCH_TABLE } from "./lan-watch";
import { MARK, rootSession, ROOT_CHECK, UPTIME_MS_FN, type RootSession } from "./script-kit";

const TOOLS = ["nft", "iptables-restore", "conntrack", "socat", "ping", "systemd-run", "setsid", "bird", "birdc", "perl"] as const;

/**
 * What the gateway can do, has and runs now, in one round trip: `key=value` lines, then sections each opened by a
 * marker line (the blank `echo` before each ends output that lacks a final newline). It also removes what earlier
 * pushes left behind: a push directory whose switch is no longer armed and whose push does not hold the lock
 * belongs to a push that ended without cleaning up (a dashboard stopped mid-push, an older Waymark). And it
 * installs (or keeps) the LAN watch the health gate measures with (lan-watch.ts), and reads it.
 */
export const INSPECT_SCRIPT = [
  ROOT_CHECK,
  UPTIME_MS_FN,
  WATCH_PAIRS_FN,
  `for c in ${TOOLS.join(" ")}; do`,
  '  if command -v "$c" >/dev/null 2>&1; then echo "has.$c=yes"; else echo "has.$c=no"; fi',
  "done",
  'if [ -d /run/systemd/system ]; then echo "systemd=yes"; else echo "systemd=no"; fi',
  'echo "nft.version=$(nft --version 2>/dev/null | head -n1)"',
  'echo "kernel=$(uname -r)"',
  // bird(8) prints "BIRD version 2.0.12" on standard error.
  'if command -v bird >/dev/null 2>&1; then echo "bird.version=$(bird --version 2>&1 | head -n1)"; fi',
  `echo "applied=$(cat ${GATEWAY_PATHS.configDir}/applied.sha256 2>/dev/null)"`,
  `echo "table.sha256=$(${TABLE_HASH})"`,
  `if nft list table ${NFT_TABLE.family} ${NFT_TABLE.name} >/dev/null 2>&1; then echo "table=present"; else echo "table=absent"; fi`,
  `for d in ${GATEWAY_PATHS.runDir}/push-*; do`,
  '  [ -d "$d" ] || continue',
  // Read after the directory was seen: a push creates its directory only once it holds the lock.
  `  holder=$(cat ${PUSH_LOCK}/id 2>/dev/null)`,
  `  if [ ! -e "$d/armed" ] && [ ! -e "$d/fired" ] && [ "\${d#${GATEWAY_PATHS.runDir}/push-}" != "$holder" ]; then rm -rf "$d" && echo "removed=\${d##*/}"; fi`,
  "done",
  ENSURE_WATCH,
  `echo; if nft list table ${WATCH_TABLE} >/dev/null 2>&1; then echo "${MARK}watch $(uptime_ms)"; watch_pairs; fi`,
  `echo; echo ${MARK}os-release; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null`,
  `echo; echo ${MARK}ip-addr; ip -j addr show`,
  `echo; echo ${MARK}ip-route; ip -j route show table main`,
  `echo; echo ${MARK}ip-default; ip -j -4 route show table all default`,
  `echo; echo ${MARK}ip-rule; ip -j -4 rule show`,
  // What the last confirmed push applied (remote-scripts.ts persistScript), for a preview's "what would change".
  `echo; echo ${MARK}applied-ruleset; cat ${APPLIED_DIR}/ruleset 2>/dev/null`,
  `echo; echo ${MARK}applied-monitor; cat ${APPLIED_DIR}/monitor.conf 2>/dev/null`,
  `echo; echo ${MARK}end`,
].join("\n");

// Real sample of the key=value part (the dual-WAN lab's gateway, Debian 12, before any push; the whole output is
// inspect.fixture.ts):
//
//   has.nft=yes
//   has.iptables-restore=yes
//   has.conntrack=yes
//   has.socat=yes
//   has.ping=yes
//   has.systemd-run=yes
//   has.setsid=yes
//   has.bird=yes
//   has.birdc=yes
//   has.perl=yes
//   systemd=no
//   nft.version=nftables v1.0.6 (Lester Gooch #5)
//   kernel=6.18.44-fc-v1147
//   bird.version=BIRD version 2.0.12
//   applied=
//   table.sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
//   table=absent
//   removed=push-t9-2
//
// The sections are the LAN watch's pairs ("@@waymark:watch <uptime ms>", then "<in> <out> <connections>" lines,
// lan-watch.ts), os-release(5) and iproute2's JSON (parse.ts, parse-ip.ts, with their own samples).
export const ZGatewayInspection = z.object({
  has: z.record(z.string(), z.boolean()),
  systemd: z.boolean(),
  nftVersion: z.string(),
  /** "BIRD version 2.0.12"; empty when BIRD is not installed. */
  birdVersion: z.string().default(""),
  /** "Debian GNU/Linux 12 (bookworm), kernel 6.1.0-28-amd64". */
  softwareVersion: z.string(),
  appliedPlanHash: z.string().nullable(),
  tableHash: z.string().nullable(),
  interfaces: z.array(ZDeviceInterface),
  routes: z.array(ZDeviceRoute),
  /** Waymark's ip rules (priorities 19000–19090) as `ip rule add pref N` spells the rest: "fwmark 0x100/0xff00 lookup 20001". */
  rules: z.array(z.object({ pref: z.number().int(), text: z.string() })),
  /** The ruleset and monitor.conf the last confirmed push applied (null: none, or an older Waymark that kept no copy). */
  applied: z.object({ ruleset: z.string().nullable(), monitorConfig: z.string().nullable() }),
  /** Directories of ended pushes this inspection removed. */
  removedStale: z.array(z.string()),
  /** New forwarded connections per interface pair since the watch was installed, at `atMs` (gateway uptime). */
  lanWatch: z
    .object({
      atMs: z.number().int().nonnegative(),
      pairs: z.array(z.object({ in: z.string(), out: z.string(), connections: z.number().int().nonnegative() })),
    })
    .nullable(),
});
export type GatewayInspection = z.infer<typeof ZGatewayInspection>;

export function parseInspection(stdout: string): GatewayInspection {
  const { fields, removed, sections } = split(stdout);
  const has: Record<string, boolean> = {};
  for (const [key, value] of fields) if (key.startsWith("has.")) has[key.slice(4)] = value === "yes";
  const hash = (value: string | undefined) => (value && /^[0-9a-f]{64}$/.test(value) ? value : null);
  const json = (name: string) => sections.get(name)?.trim() || "[]";
  const os = prettyOsName(parseOsRelease(sections.get("os-release") ?? ""));
  const kernel = fields.get("kernel");
  return ZGatewayInspection.parse({
    has,
    systemd: fields.get("systemd") === "yes",
    nftVersion: fields.get("nft.version") ?? "",
    birdVersion: fields.get("bird.version") ?? "",
    softwareVersion: kernel ? `${os}, kernel ${kernel}` : os,
    appliedPlanHash: hash(fields.get("applied")),
    tableHash: fields.get("table") === "present" ? hash(fields.get("table.sha256")) : null,
    interfaces: parseIpAddresses(json("ip-addr")),
    routes: mergeRoutes(parseIpRoutes(json("ip-route")), parseIpRoutes(json("ip-default"))),
    rules: parseIpRules(json("ip-rule"), { min: RULE_PREF.mainWithoutDefault, max: RULE_PREF.noLink }),
    applied: { ruleset: file(sections.get("applied-ruleset")), monitorConfig: file(sections.get("applied-monitor")) },
    removedStale: removed,
    lanWatch: watchOf(sections),
  });
}

/** A file printed with `cat` after a blank `echo`: absent or empty means none. */
const file = (section: string | undefined): string | null => (section === undefined || section.trim() === "" ? null : `${section.replace(/\n+$/, "")}\n`);

type Parsed = { fields: Map<string, string>; removed: string[]; sections: Map<string, string> };

/** `key=value` lines up to the first marker, then each marker's lines. */
function split(stdout: string): Parsed {
  const fields = new Map<string, string>();
  const removed: string[] = [];
  const sections = new Map<string, string[]>();
  let section: string[] | null = null;
  for (const line of stdout.split("\n")) {
    if (line.startsWith(MARK)) {
      section = [];
      sections.set(line.slice(MARK.length).trim(), section);
    } else if (section) {
      section.push(line);
    } else {
      const at = line.indexOf("=");
      if (at <= 0) continue;
      const [key, value] = [line.slice(0, at), line.slice(at + 1).trim()];
      if (key === "removed") removed.push(value);
      else fields.set(key, value);
    }
  }
  if (!sections.has("end")) throw new Error("the gateway's inspection output was cut short (no end marker)");
  return { fields, removed, sections: new Map([...sections].map(([name, lines]) => [name, lines.join("\n")])) };
}

/** The section is named "watch <uptime ms>". */
function watchOf(sections: Map<string, string>): GatewayInspection["lanWatch"] {
  for (const [name, body] of sections) {
    const at = /^watch (\d+)$/.exec(name);
    if (at) return { atMs: Number(at[1]), pairs: parseWatchPairs(body) };
  }
  return null;
}

/** The gateway's facts in the shape every device kind reports (domain/device/capabilities.ts). */
export function linuxCapabilities(inspection: GatewayInspection): Capabilities {
  return ZCapabilities.parse({
    softwareVersion: inspection.softwareVersion,
    firewall: inspection.has.nft ? "nftables" : "iptables",
    // The monitor probes ICMP with iputils ping (SO_MARK through -m) and TCP with socat (assets/monitor.sh).
    probeTypes: [...(inspection.has.ping ? ["icmp"] : []), ...(inspection.has.socat ? ["tcp"] : [])],
    // The monitor's own floor for a probe interval (the intent's grammar allows no less).
    minProbeIntervalMs: 100,
    interfaces: inspection.interfaces,
    routes: inspection.routes,
    siteRoles: siteRoleSupport(inspection),
  });
}

export async function inspectGateway(session: SshSession | RootSession): Promise<GatewayInspection> {
  const root = "sudo" in session ? session : rootSession(session);
  const result = await root.exec(["sh", "-c", INSPECT_SCRIPT], { timeoutMs: 10_000 });
  if (result.code !== 0 && !result.stdout.includes(`${MARK}end`)) {
    throw new Error(`the gateway's inspection failed (exit ${result.code ?? result.signal}): ${result.stderr.trim().slice(-300)}`);
  }
  return parseInspection(result.stdout);
}
