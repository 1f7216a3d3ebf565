// The server pools' check state (GATEWAY_PATHS.poolState, /run/waymark/pools.state), written by
// assets/pool-checks.sh (its header comment is the specification). A header line, then one line per backend;
// after the fixed words every token is key=value, and unknown keys are ignored.
//
//   pools pid=<pid> started=<epoch ms> updated=<epoch ms> format=1 apply=<ok|failed> [stopped=<epoch ms>]
//   backend <pool index> <backend index> <pool> <backend> <up|down> since=<epoch ms> fails=<n> passes=<n>
//
// Real sample, written by pool-checks.sh in the pool lab (pool.lab.test.ts) after backend b2's server was killed:
//
//   pools pid=5907 started=1796533311210 updated=1796533317027 format=1 apply=ok
//   backend 0 0 web b1 up since=1796533311210 fails=0 passes=24
//   backend 0 1 web b2 down since=1796533316722 fails=2 passes=0
//   backend 0 2 web b3 up since=1796533311210 fails=0 passes=24

export type PoolBackendCheck = { pool: string; name: string; verdict: "up" | "down"; since: number; fails: number; passes: number };

export type PoolCheckState = {
  updatedAt: number;
  apply: "ok" | "failed" | null;
  stoppedAt: number | null;
  backends: PoolBackendCheck[];
};

function keyValues(words: readonly string[]): Map<string, string> {
  return new Map(words.filter((w) => w.includes("=")).map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]));
}

const int = (text: string | undefined): number | null => (text !== undefined && /^\d+$/.test(text) ? Number(text) : null);

/** Null when the file is missing, empty or not this format: the reading then says the verdicts are unknown. */
export function parsePoolState(text: string): PoolCheckState | null {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const head = lines[0]?.trim().split(/\s+/) ?? [];
  if (head[0] !== "pools") return null;
  const kv = keyValues(head.slice(1));
  const updatedAt = int(kv.get("updated"));
  if (kv.get("format") !== "1" || updatedAt === null) return null;
  const apply = kv.get("apply");
  const backends = lines.slice(1).flatMap((line): PoolBackendCheck[] => {
    const words = line.trim().split(/\s+/);
    const [kind, , , pool, name, verdict] = words;
    if (kind !== "backend" || pool === undefined || name === undefined || (verdict !== "up" && verdict !== "down")) return [];
    const fields = keyValues(words.slice(6));
    const since = int(fields.get("since"));
    if (since === null) return [];
    return [{ pool, name, verdict, since, fails: int(fields.get("fails")) ?? 0, passes: int(fields.get("passes")) ?? 0 }];
  });
  return {
    updatedAt,
    apply: apply === "ok" || apply === "failed" ? apply : null,
    stoppedAt: int(kv.get("stopped")),
    backends,
  };
}
