import type { Alerts } from "./alerts";
import { arrow, change, type IntentChange, list, memberDelta, ms, sameOrder } from "./change-words";
import type { Backend, BackendState, Inbound, PoolListen, PoolProbe, PoolStickiness, ServerPool } from "./inbound";
import { poolProbeSettings } from "./pool-probe";

// Server pools and their backends are matched by name. A backend's state is said the way an admin does
// maintenance: drained (no new connections, established ones continue), back in service, disabled (cut).

export function inboundChanges(old: Inbound | undefined, now: Inbound | undefined): IntentChange[] {
  const before = old?.pools ?? [];
  const after = now?.pools ?? [];
  const out: IntentChange[] = [];
  for (const pool of after) {
    const was = before.find((p) => p.name === pool.name);
    if (was === undefined) {
      const backends = pool.backends.map((b) => b.name);
      out.push(change(`pool ${pool.name}`, `pool ${pool.name} added: ${listenWords(pool.listen)}, backends ${list(backends)}`));
    } else out.push(...poolChanges(was, pool));
  }
  for (const pool of before) {
    if (!after.some((p) => p.name === pool.name)) out.push(change(`pool ${pool.name}`, `pool ${pool.name} removed`));
  }
  const kept = before.map((p) => p.name).filter((n) => after.some((p) => p.name === n));
  const order = after.map((p) => p.name).filter((n) => kept.includes(n));
  if (!sameOrder(kept, order)) out.push(change("pools", `pools reordered: ${list(order)}`));
  return out;
}

function listenWords(listen: PoolListen): string {
  return `${listen.protocol} port ${listen.port} on ${listen.interface}${listen.address ? ` ${listen.address}` : ""}`;
}

/** "tcp", "http GET /healthz expecting 200": what is asked of a backend, in the words of the probe's type. */
function probeKind(p: PoolProbe): string {
  if (p.type !== "http") return p.type;
  const { path, expectStatus } = poolProbeSettings(p);
  return `http GET ${path} expecting ${expectStatus}`;
}

const probeTiming = (p: PoolProbe) => `every ${ms(p.intervalMs)}, timeout ${ms(p.timeoutMs)}`;

const STICKY: Record<PoolStickiness, string> = {
  "per-connection": "per connection",
  source: "by source address",
  "source-and-port": "by source address and port",
};

function probeChanges(pool: string, old: PoolProbe, now: PoolProbe): IntentChange[] {
  const subject = `pool ${pool}`;
  const out: IntentChange[] = [];
  if (probeKind(old) !== probeKind(now)) out.push(change(subject, `probe of ${pool} changed: ${arrow(probeKind(old), probeKind(now))}`));
  if (probeTiming(old) !== probeTiming(now)) out.push(change(subject, `probe of ${pool} changed: ${arrow(probeTiming(old), probeTiming(now))}`));
  const [was, is] = [poolProbeSettings(old), poolProbeSettings(now)];
  if (was.downCount !== is.downCount) out.push(change(subject, `pool ${pool} takes a backend out after ${arrow(was.downCount, is.downCount)} failed probes`));
  if (was.upCount !== is.upCount) out.push(change(subject, `pool ${pool} puts a backend back after ${arrow(was.upCount, is.upCount)} answered probes`));
  return out;
}

function poolChanges(old: ServerPool, now: ServerPool): IntentChange[] {
  const subject = `pool ${now.name}`;
  const out: IntentChange[] = [];
  const field = (label: string, a: string, b: string) => {
    if (a !== b) out.push(change(subject, `pool ${now.name} ${label} ${arrow(a, b)}`));
  };
  field("listens on", listenWords(old.listen), listenWords(now.listen));
  field("stickiness", STICKY[old.sticky], STICKY[now.sticky]);
  out.push(...probeChanges(now.name, old.probe, now.probe));
  for (const backend of now.backends) {
    const was = old.backends.find((b) => b.name === backend.name);
    if (was === undefined) out.push(change(`backend ${backend.name}`, `backend ${backend.name} added to pool ${now.name}: ${backendWords(backend, now)}`));
    else out.push(...backendChanges(now, was, backend));
  }
  for (const backend of old.backends) {
    if (!now.backends.some((b) => b.name === backend.name))
      out.push(change(`backend ${backend.name}`, `backend ${backend.name} removed from pool ${now.name}`));
  }
  const kept = old.backends.map((b) => b.name).filter((n) => now.backends.some((b) => b.name === n));
  const order = now.backends.map((b) => b.name).filter((n) => kept.includes(n));
  if (!sameOrder(kept, order)) out.push(change(subject, `backends of pool ${now.name} reordered: ${list(order)}`));
  return out;
}

const stateWords: Record<BackendState, string> = {
  active: "in service",
  drain: "draining",
  disabled: "disabled",
};

function backendWords(backend: Backend, pool: ServerPool): string {
  return `${backend.address} port ${backend.port ?? pool.listen.port}, weight ${backend.weight}, ${stateWords[backend.state]}`;
}

/** "backend web2 drained", "backend web2 back in service", "backend web2 disabled (cuts its connections)". */
function stateChange(name: string, was: BackendState, now: BackendState): string {
  if (now === "drain") return `backend ${name} drained`;
  if (now === "disabled") return `backend ${name} disabled (cuts its connections)`;
  return `backend ${name} back in service (was ${stateWords[was]})`;
}

function backendChanges(pool: ServerPool, old: Backend, now: Backend): IntentChange[] {
  const subject = `backend ${now.name}`;
  const where = ` in pool ${pool.name}`;
  const out: IntentChange[] = [];
  if (old.state !== now.state) out.push(change(subject, `${stateChange(now.name, old.state, now.state)}${where}`));
  if (old.weight !== now.weight) out.push(change(subject, `backend ${now.name} weight ${arrow(old.weight, now.weight)}${where}`));
  if (old.address !== now.address) out.push(change(subject, `backend ${now.name} address ${arrow(old.address, now.address)}${where}`));
  const port = (b: Backend) => (b.port === undefined ? `the pool's port (${pool.listen.port})` : String(b.port));
  if (old.port !== now.port) out.push(change(subject, `backend ${now.name} port ${arrow(port(old), port(now))}${where}`));
  return out;
}

export function alertChanges(old: Alerts | undefined, now: Alerts | undefined): IntentChange[] {
  const before = old?.email?.to ?? [];
  const after = now?.email?.to ?? [];
  if (before.length === 0 && after.length === 0) return [];
  if (before.length === 0) return [change("alerts", `e-mail alerts to ${list(after)}`)];
  if (after.length === 0) return [change("alerts", "e-mail alerts turned off")];
  const delta = memberDelta(before, after);
  return delta === "" ? [] : [change("alerts", `alert e-mail recipients changed: ${delta}`)];
}
