import { GATEWAY_PATHS, NFT_TABLE } from "@/lib/domain/compile/linux/layout";
import type { DeviceInterface } from "@/lib/domain/device/capabilities";
import { parseMonitorState, type MonitorState } from "../monitor-state";
import { parseIpAddresses } from "../parse-ip";
import { lanCountFns, lanSampleOf, lanVerdict, lanWaitUntil, type LanSample, type LanSamples } from "./lan-watch";
import { MARK, markersOf, NAP, ROOT_CHECK, UPTIME_MS_FN, type RootSession } from "./script-kit";

// The health gate runs over a NEW SSH connection after the apply: reaching the gateway at all proves the
// management path. Then the path the policy exists for: every LAN interface of the plan is there, up, with an
// IPv4 address, and where the LAN was sending new connections before the change, some are forwarded after it
// (lan-watch.ts). And the links: the monitor must report fresh results in which every link that was not already
// down before the push is up, and Waymark's table must be listable with its counters.
//
// The waiting happens on the gateway (GATE_WAIT below), one round trip per look instead of one per poll.

export type GateInput = {
  session: RootSession;
  /** When the monitor that ran before the push had started (gateway clock); the new one must be younger. */
  monitorStartedBefore: number | null;
  linkNames: string[];
  /** How long after its start the monitor's verdicts mean something: a dead link is detected by then. */
  verdictAfterMs: number;
  /** Links the previous monitor reported down: an ISP outage during a push is not the push's fault. */
  downBefore: string[];
  lanInterfaces: string[];
  /** New LAN connections forwarded as counted at inspection, just before the apply and just after it. */
  lan: LanSamples;
  /** nftables plans only: Waymark's table must answer for its counters. */
  checkTable: boolean;
  timeoutMs: number;
};

export type GateResult = { passed: true; detail: string } | { passed: false; reason: string };

/** What one look at the gateway saw. */
export type GateLook = { monitor: MonitorState | null; lanNow: LanSample; interfaces: DeviceInterface[] | null; table: string | null };

export async function runHealthGate(input: GateInput): Promise<GateResult> {
  const deadline = Date.now() + input.timeoutMs;
  let lanUntil = lanWaitUntil(input.lan);
  for (;;) {
    const look = await lookAt(input, lanUntil, Math.max(0, deadline - Date.now()));
    const verdict = judgeGate(look, input);
    if (verdict.kind === "final") return verdict.result;
    lanUntil = verdict.lanUntil;
    if (Date.now() >= deadline) return { passed: false, reason: verdict.pendingReason };
  }
}

type Judgement = { kind: "final"; result: GateResult } | { kind: "pending"; pendingReason: string; lanUntil: number | null };

/** Pure: the gate's verdict on one look, or what it still waits for. */
export function judgeGate(look: GateLook, input: Omit<GateInput, "session" | "timeoutMs">): Judgement {
  const lanProblem = lanInterfaceProblem(look.interfaces, input.lanInterfaces);
  if (lanProblem) return { kind: "final", result: { passed: false, reason: lanProblem } };
  const monitor = look.monitor;
  if (!monitor || !restarted(monitor, input) || !decided(monitor, input)) {
    return { kind: "pending", pendingReason: explainUndecided(monitor, input), lanUntil: lanWaitUntil(input.lan) };
  }
  const mustBeUp = input.linkNames.filter((name) => !input.downBefore.includes(name));
  const down = mustBeUp.filter((name) => monitor.links.find((l) => l.name === name)?.state !== "up");
  // A "down" verdict has already passed the monitor's hysteresis: no reason to wait for the gate's timeout.
  if (down.length > 0) return { kind: "final", result: { passed: false, reason: `probes failed after the change: ${down.join(", ")} down` } };
  const lan = lanVerdict(input.lan, look.lanNow);
  if (lan.judged === "waiting") {
    const waited = look.lanNow && input.lan.after ? look.lanNow.atMs - input.lan.after.atMs : 0;
    return {
      kind: "pending",
      pendingReason: `LAN traffic is no longer forwarded: none in the ${waited} ms the gate had after the change`,
      lanUntil: lan.untilMs,
    };
  }
  if (lan.judged === "failed") return { kind: "final", result: { passed: false, reason: lan.reason } };
  if (input.checkTable && look.table !== "ok")
    return { kind: "final", result: { passed: false, reason: `Waymark's counters could not be read: ${look.table ?? "no answer"}` } };
  const up = monitor.links.filter((l) => l.state === "up").map((l) => l.name);
  const lans = input.lanInterfaces.map((name) => describeLan(look.interfaces, name)).join(", ");
  return { kind: "final", result: { passed: true, detail: `management path reachable; links up: ${up.join(", ") || "none"}; LAN ${lans}; ${lan.note}` } };
}

function lanInterfaceProblem(interfaces: DeviceInterface[] | null, names: string[]): string | null {
  if (!interfaces) return "the gateway's interfaces could not be read";
  const problems = names.flatMap((name) => {
    const found = interfaces.find((i) => i.name === name);
    if (!found) return [`LAN interface ${name} does not exist`];
    if (!found.up) return [`LAN interface ${name} is down`];
    if (found.addresses.length === 0) return [`LAN interface ${name} has no IPv4 address`];
    return [];
  });
  return problems.length === 0 ? null : `the LAN is not served: ${problems.join("; ")}`;
}

function describeLan(interfaces: DeviceInterface[] | null, name: string): string {
  const found = interfaces?.find((i) => i.name === name);
  return `${name} up with ${found?.addresses.join(", ") ?? "?"}`;
}

// Both times come from the gateway's clock, so a dashboard whose clock is off cannot fool the gate.
function restarted(state: MonitorState, input: Pick<GateInput, "monitorStartedBefore">): boolean {
  return input.monitorStartedBefore === null || state.startedAt > input.monitorStartedBefore;
}

// The monitor starts every link "up" until proven otherwise, so only a state written after enough rounds for a
// dead link to be detected means anything.
function decided(state: MonitorState, input: Pick<GateInput, "verdictAfterMs">): boolean {
  return state.updatedAt - state.startedAt >= input.verdictAfterMs;
}

function explainUndecided(state: MonitorState | null, input: Pick<GateInput, "monitorStartedBefore" | "verdictAfterMs">): string {
  if (!state) return "the health monitor wrote no state after the apply";
  if (!restarted(state, input)) return "the health monitor did not restart with the new configuration";
  return "the health monitor had not finished its first probe rounds";
}

// Waits on the gateway until the new monitor has decided and (when the LAN was busy before) a new LAN connection
// was forwarded or the wait for one is over, or the time is up; then prints one look.
export const gateWaitScript = (lanInterfaces: readonly string[]): string =>
  [
    ROOT_CHECK,
    UPTIME_MS_FN,
    lanCountFns(lanInterfaces),
    "before=$1; verdict=$2; lan_base=$3; lan_until=$4; end=$(( $(uptime_ms) + $5 ))",
    `state=${GATEWAY_PATHS.monitorState}`,
    "while :; do",
    "  now=$(uptime_ms)",
    `  started=$(sed -n '1s/.* started=\\([0-9]*\\).*/\\1/p' "$state" 2>/dev/null); updated=$(sed -n '1s/.* updated=\\([0-9]*\\).*/\\1/p' "$state" 2>/dev/null)`,
    '  mon=0; if [ -n "$started" ] && [ -n "$updated" ] && [ "$started" -gt "$before" ] && [ $((updated - started)) -ge "$verdict" ]; then mon=1; fi',
    '  lan=1; if [ "$lan_until" -gt 0 ] && [ "$now" -lt "$lan_until" ]; then c=$(lan_count); if [ -n "$c" ] && [ "$c" -le "$lan_base" ]; then lan=0; fi; fi',
    '  if [ "$mon" = 1 ] && [ "$lan" = 1 ]; then break; fi',
    '  if [ "$now" -ge "$end" ]; then break; fi',
    `  ${NAP}`,
    "done",
    "lan_sample now",
    `sed 's/^/${MARK}monitor /' "$state" 2>/dev/null`,
    `echo "${MARK}ip-addr $(ip -j addr show | tr -d '\\n')"`,
    `if out=$(nft -j list counters table ${NFT_TABLE.family} ${NFT_TABLE.name} 2>&1 >/dev/null); then echo "${MARK}table ok"; else echo "${MARK}table $(echo "$out" | head -c 200 | tr '\\n' ' ')"; fi`,
  ].join("\n");

async function lookAt(input: GateInput, lanUntil: number | null, waitMs: number): Promise<GateLook> {
  const args = [
    String(input.monitorStartedBefore ?? 0),
    String(input.verdictAfterMs),
    String(input.lan.after?.count ?? 0),
    String(lanUntil ?? 0),
    String(waitMs),
  ];
  const result = await input.session.exec(["sh", "-c", gateWaitScript(input.lanInterfaces), "gate", ...args], { timeoutMs: waitMs + 10_000 });
  return parseLook(result.stdout);
}

export function parseLook(stdout: string): GateLook {
  const markers = markersOf(stdout);
  const monitorLines = markers.filter((m) => m.kind === "monitor").map((m) => m.rest);
  const addr = markers.find((m) => m.kind === "ip-addr")?.rest;
  let monitor: MonitorState | null = null;
  try {
    monitor = monitorLines.length > 0 ? parseMonitorState(monitorLines.join("\n")) : null;
  } catch {
    monitor = null;
  }
  let interfaces: DeviceInterface[] | null = null;
  try {
    interfaces = addr ? parseIpAddresses(addr) : null;
  } catch {
    interfaces = null;
  }
  const lan = markers.find((m) => m.kind === "lan");
  return { monitor, lanNow: lan ? lanSampleOf(lan.words) : null, interfaces, table: markers.find((m) => m.kind === "table")?.rest.trim() ?? null };
}
