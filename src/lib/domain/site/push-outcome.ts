// A site push's outcome from its members' (pure): every device is gated and rolled back on its own, so the site is
// confirmed only when each one is, and "partial" says some devices run the new plan and others do not.

export type MemberPushStatus = "running" | "confirmed" | "unchanged" | "rolled_back" | "failed" | "refused";
export type SitePushStatus = MemberPushStatus | "partial";

export type MemberPushResult = { deviceName: string; status: MemberPushStatus; reason: string };

const WORDS: Record<MemberPushStatus, string> = {
  running: "still running",
  confirmed: "confirmed",
  unchanged: "unchanged",
  rolled_back: "rolled back",
  failed: "failed",
  refused: "refused",
};

const isDone = (status: MemberPushStatus) => status === "confirmed" || status === "unchanged";

/** The site's status and its one-line detail: "2 of 3 devices confirmed; web-3 rolled back: the gate found …". */
export function sitePushOutcome(members: readonly MemberPushResult[], verb = "confirmed"): { status: SitePushStatus; detail: string } {
  const done = members.filter((m) => isDone(m.status));
  const unchanged = done.filter((m) => m.status === "unchanged").length;
  const others = members.filter((m) => !isDone(m.status));
  const count = `${done.length} of ${members.length} device${members.length === 1 ? "" : "s"} ${verb}`;
  const head = unchanged === 0 ? count : unchanged === done.length ? `${count}, nothing to change` : `${count} (${unchanged} unchanged)`;
  const detail = [head, ...others.map((m) => `${m.deviceName} ${WORDS[m.status]}${m.reason ? `: ${m.reason}` : ""}`)].join("; ");
  return { status: statusOf(members, done.length, unchanged), detail };
}

function statusOf(members: readonly MemberPushResult[], done: number, unchanged: number): SitePushStatus {
  if (members.some((m) => m.status === "running")) return "running";
  if (done === members.length) return unchanged === done ? "unchanged" : "confirmed";
  if (done > 0) return "partial";
  if (members.every((m) => m.status === "refused")) return "refused";
  if (members.every((m) => m.status === "refused" || m.status === "rolled_back")) return "rolled_back";
  return "failed";
}
