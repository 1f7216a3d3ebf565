import { GATEWAY_PATHS, NFT_TABLE } from "@/lib/domain/compile/linux/layout";
import { parseMonitorState, type MonitorState } from "../monitor-state";
import type { SshSession } from "../ssh-client";

// The health gate runs over a NEW SSH connection after the apply: reaching the gateway at all proves the
// management path; then the monitor must report fresh results in which every link that was not already down
// before the push is up, and Waymark's table must be listable with its counters.
export type GateInput = {
  session: SshSession;
  /** When the monitor that ran before the push had started (gateway clock); the new one must be younger. */
  monitorStartedBefore: number | null;
  linkNames: string[];
  /** How long after its start the monitor's verdicts mean something: a dead link is detected by then. */
  verdictAfterMs: number;
  /** Links the previous monitor reported down: an ISP outage during a push is not the push's fault. */
  downBefore: string[];
  timeoutMs: number;
};

export type GateResult = { passed: true; detail: string } | { passed: false; reason: string };

export async function runHealthGate(input: GateInput): Promise<GateResult> {
  const deadline = Date.now() + input.timeoutMs;
  let last: MonitorState | null = null;
  while (Date.now() < deadline) {
    last = await readMonitorState(input.session);
    const verdict = last && judge(last, input);
    if (verdict && !verdict.passed) return verdict;
    if (verdict?.passed) return (await tableReadable(input.session)) ?? verdict;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { passed: false, reason: explainFailure(last, input) };
}

export async function readMonitorState(session: SshSession): Promise<MonitorState | null> {
  const result = await session.exec(["cat", GATEWAY_PATHS.monitorState], { timeoutMs: 5_000 });
  if (result.code !== 0) return null;
  try {
    return parseMonitorState(result.stdout);
  } catch {
    return null;
  }
}

function judge(state: MonitorState, input: GateInput): GateResult | null {
  // The monitor starts every link "up" until proven otherwise, so only a state written after enough rounds for
  // a dead link to be detected means anything.
  if (!restarted(state, input) || !decided(state, input)) return null;
  const mustBeUp = input.linkNames.filter((name) => !input.downBefore.includes(name));
  const down = mustBeUp.filter((name) => state.links.find((l) => l.name === name)?.state !== "up");
  // A "down" verdict has already passed the monitor's hysteresis: no reason to wait for the gate's timeout.
  if (down.length > 0) return { passed: false, reason: `probes failed after the change: ${down.join(", ")} down` };
  const up = state.links.filter((l) => l.state === "up").map((l) => l.name);
  return { passed: true, detail: `management path reachable; links up: ${up.join(", ") || "none"}` };
}

// Both times come from the gateway's clock, so a dashboard whose clock is off cannot fool the gate.
function restarted(state: MonitorState, input: GateInput): boolean {
  return input.monitorStartedBefore === null || state.startedAt > input.monitorStartedBefore;
}

function decided(state: MonitorState, input: GateInput): boolean {
  return state.updatedAt - state.startedAt >= input.verdictAfterMs;
}

function explainFailure(state: MonitorState | null, input: GateInput): string {
  if (!state) return "the health monitor wrote no state after the apply";
  if (!restarted(state, input)) return "the health monitor did not restart with the new configuration";
  if (!decided(state, input)) return "the health monitor had not finished its first probe rounds";
  const down = state.links.filter((l) => l.state !== "up" && !input.downBefore.includes(l.name)).map((l) => l.name);
  return `probes failed after the change: ${down.join(", ")} down`;
}

async function tableReadable(session: SshSession): Promise<GateResult | null> {
  const result = await session.exec(["nft", "-j", "list", "counters", "table", NFT_TABLE.family, NFT_TABLE.name], { timeoutMs: 5_000 });
  if (result.code === 0 || result.stderr.includes("No such file")) return null;
  return { passed: false, reason: `Waymark's counters could not be read: ${result.stderr.trim().slice(0, 200)}` };
}
