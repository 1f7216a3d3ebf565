import { formatTime } from "../format-time";
import { formatCount } from "../policy/format";
import type { PoolRow, BackendRow } from "./types";

// The pools page's sentences: a pool's address and habits, a backend's maintenance progress.

export function listenText(pool: PoolRow): string {
  const { listen } = pool;
  return listen.address
    ? `${listen.address}:${listen.port}/${listen.protocol} on ${listen.interface}`
    : `port ${listen.port}/${listen.protocol} on any of ${listen.interface}'s addresses`;
}

/** The API's messages start lower-case (they read well after a colon); on their own they are a sentence. */
export function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export function stickyText(pool: PoolRow): string {
  if (pool.sticky === "source") return "sticky by client address";
  if (pool.sticky === "source-and-port") return "sticky by client address and port";
  return "each connection chooses";
}

/** "draining: 37 open connections", "idle since 14:02:11", or null while the backend takes new connections. */
export function maintenanceText(b: BackendRow): string | null {
  const out = b.live?.state === "drain" || b.live?.state === "disabled";
  if (!out) return b.state === "active" ? null : `${b.state === "drain" ? "draining" : "disabling"}: waiting for the push`;
  if (b.maintenance?.idleSince) return `idle since ${formatTime(b.maintenance.idleSince)}`;
  const open = b.live?.openConnections;
  if (open === null || open === undefined) return b.live?.state === "drain" ? "draining" : "disabled";
  if (open === 0) return "idle";
  const word = b.live?.state === "drain" ? "draining" : "disabled";
  return `${word}: ${formatCount(String(open))} open connection${open === 1 ? "" : "s"}`;
}
