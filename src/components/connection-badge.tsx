import type { ConnectionStatus } from "@/lib/domain/device";

const LOOK: Record<ConnectionStatus | "unknown", { text: string; className: string }> = {
  reachable: { text: "reachable", className: "bg-emerald-100 text-emerald-800" },
  unreachable: { text: "unreachable", className: "bg-rose-100 text-rose-800" },
  auth_failed: { text: "authentication failed", className: "bg-amber-100 text-amber-800" },
  timed_out: { text: "timed out", className: "bg-rose-100 text-rose-800" },
  host_key_mismatch: { text: "host key mismatch", className: "bg-rose-200 text-rose-900" },
  protocol_error: { text: "protocol error", className: "bg-amber-100 text-amber-800" },
  unknown: { text: "not checked", className: "bg-slate-100 text-slate-600" },
};

export function ConnectionBadge({ status }: { status: ConnectionStatus | null }) {
  const look = LOOK[status ?? "unknown"];
  return (
    <span data-testid="connection-status" className={`rounded-full px-2 py-0.5 text-xs font-medium ${look.className}`}>
      {look.text}
    </span>
  );
}
