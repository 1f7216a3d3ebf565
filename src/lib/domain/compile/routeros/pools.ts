import { poolProbeSettings, type Backend, type ServerPool } from "../../intent";
import type { PlanWarning } from "../../plan";
import { backendNetwatchComment, obj, type CompileContext } from "./context";
import { backendConnectionsWhere, removeConnectionsLine } from "./netwatch";
import { pccShares, type PccShare } from "./pcc";
import { clampTo, NETWATCH_LIMITS, netwatchPace } from "./limits";
import { backendProbeProperties } from "./probes";
import type { RouterOsBackend, RouterOsConnectionRemoval, RouterOsObject } from "./types";
import { ALERTS, type WatchSpec } from "./watch";

// Inbound server pools as dst-nat rules: the classic two-server PCC recipe generalised to N weighted backends.
//
//   1. PCC rules: each active backend owns remainders in proportion to its weight, so every new connection matches
//      exactly one of them while all backends are up.
//   2. Fallback rules: one unconditional dst-nat per active backend, in backend order, after all PCC rules.
//   3. A netwatch per backend disables that backend's PCC rules and fallback when it stops answering (and enables
//      them when it answers again). A dead backend's remainders then match no PCC rule and fall through to the
//      fallbacks, where the first live backend takes them; its own fallback is disabled, so it is never chosen.
//
// NAT applies to a connection's first packet only: the rules choose a backend for new connections, and conntrack
// keeps existing ones where they are. That is what makes "drain" work without any rule at all.

const CLASSIFIER = { "per-connection": "both-addresses-and-ports", source: "src-address", "source-and-port": "src-address-and-port" } as const;

export type PoolPlan = {
  rules: RouterOsObject[];
  watches: WatchSpec[];
  removals: RouterOsConnectionRemoval[];
  warnings: PlanWarning[];
  backends: RouterOsBackend[];
};

export function compilePools(ctx: CompileContext): PoolPlan {
  const pools = ctx.intent.inbound?.pools ?? [];
  const parts = pools.map((pool) => compilePool(ctx, pool));
  const filterNote: PlanWarning[] =
    pools.length === 0
      ? []
      : [
          {
            code: "routeros-pool-forward-filter",
            severity: "info",
            message: "forwarded connections to pool backends must be allowed by /ip firewall filter (chain=forward connection-nat-state=dstnat)",
          },
        ];
  return {
    rules: parts.flatMap((p) => p.rules),
    watches: parts.flatMap((p) => p.watches),
    removals: parts.flatMap((p) => p.removals),
    warnings: [...parts.flatMap((p) => p.warnings), ...filterNote],
    backends: parts.flatMap((p) => p.backends),
  };
}

const backendAt = (pool: ServerPool, b: Backend): string => `${b.address}:${b.port ?? pool.listen.port}`;

function compilePool(ctx: CompileContext, pool: ServerPool): PoolPlan {
  const { listen } = pool;
  const match = {
    chain: "dstnat",
    "in-interface": listen.interface,
    // Without an address, only the router's own addresses: traffic passing through on that port is left alone.
    ...(listen.address === undefined ? { "dst-address-type": "local" } : { "dst-address": listen.address }),
    protocol: listen.protocol,
    "dst-port": String(listen.port),
  };
  const active = pool.backends.filter((b) => b.state === "active");
  // Every backend is probed, drained and disabled ones too: the pools page shows their health, and re-enabling one
  // waits until it answers. Only an active backend's probe switches rules and sends alerts.
  const probes = new Map(pool.backends.map((b) => [b.name, backendProbeProperties(pool.probe, b.address, b.port ?? listen.port, ctx.version)]));
  const switchedBy = (b: Backend) =>
    probes.get(b.name) === undefined ? undefined : { netwatch: backendNetwatchComment(pool.name, b.name), enabledWhen: "up" as const };
  const forward = (b: Backend) => ({ ...match, action: "dst-nat", "to-addresses": b.address, ...(b.port === undefined ? {} : { "to-ports": String(b.port) }) });

  const share = pccShares(active.map((b) => b.weight));
  const classifier = CLASSIFIER[pool.sticky];
  // One active backend needs no classifier: its fallback takes everything. A rule is named by its place among its
  // backend's rules, not by its remainder: draining one backend renumbers the remainders of the others, and a name
  // that changed would change their netwatch scripts, so the router would restart those probes (and mail "is up").
  const pcc =
    share.denominator === 1
      ? []
      : active.flatMap((b, i) =>
          share.remainders[i]!.map((r, n) =>
            obj(
              "/ip/firewall/nat",
              `pool:${pool.name}:${b.name}:${n}`,
              { ...forward(b), "per-connection-classifier": `${classifier}:${share.denominator}/${r}` },
              switchedBy(b),
            ),
          ),
        );
  const fallbacks = active.map((b) => obj("/ip/firewall/nat", `pool:${pool.name}:${b.name}:fallback`, forward(b), switchedBy(b)));

  const watches = pool.backends.flatMap((b): WatchSpec[] => {
    const probe = probes.get(b.name);
    if (probe === undefined) return [];
    const id = backendNetwatchComment(pool.name, b.name).slice("waymark:".length);
    // A drained or disabled backend's probe only reports: no script, no alarm for a backend taken out on purpose.
    if (b.state !== "active") return [{ id, probe, extra: { down: [], up: [] } }];
    const where = backendConnectionsWhere(listen.protocol, backendAt(pool, b));
    return [{ id, probe, extra: { down: [removeConnectionsLine(where)], up: [] }, alert: ALERTS.backend(pool.name, b.name, backendAt(pool, b)) }];
  });
  const removals = pool.backends
    .filter((b) => b.state === "disabled")
    .map((b) => ({ reason: `backend ${pool.name}/${b.name} is disabled`, where: backendConnectionsWhere(listen.protocol, backendAt(pool, b)) }));
  const backends = pool.backends.map((b) => ({ pool: pool.name, name: b.name, at: backendAt(pool, b), protocol: listen.protocol, state: b.state }));
  return {
    rules: [...pcc, ...fallbacks],
    watches,
    removals,
    warnings: [...poolWarnings(pool, share, probes), ...probeWarnings(ctx, pool, probes), ...httpProbeWarnings(ctx, pool)],
    backends,
  };
}

/** A pool probe faster than netwatch tests: the backend is probed once a second, and the plan says what that costs. */
function probeWarnings(ctx: CompileContext, pool: ServerPool, probes: Map<string, Record<string, string> | undefined>): PlanWarning[] {
  const { intervalMs, timeoutMs } = pool.probe;
  const range = NETWATCH_LIMITS[ctx.version].interval;
  if (clampTo(intervalMs, range) <= intervalMs || ![...probes.values()].some((p) => p !== undefined)) return [];
  const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [
    {
      code: "routeros-pool-probe-interval-raised",
      severity: "warning",
      message: `pool ${pool.name} asks for a probe every ${intervalMs} ms; RouterOS netwatch tests at most ${netwatchPace(ctx.version)}, so a dead backend is detected in about ${secs(range.minMs + timeoutMs)} (the intent asks for ${secs(intervalMs + timeoutMs)})`,
    },
  ];
}

function poolWarnings(pool: ServerPool, share: PccShare, probes: Map<string, Record<string, string> | undefined>): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const active = pool.backends.filter((b) => b.state === "active");
  if (share.approximated) {
    const realised = share.remainders.map((r) => r.length).join(":");
    warnings.push({
      code: "routeros-pool-weights-approximated",
      severity: "warning",
      message: `pool ${pool.name}: weights ${active.map((b) => b.weight).join(":")} need more PCC rules than the cap allows; realised as ${realised}`,
    });
  }
  for (const b of pool.backends) {
    const label = `${pool.name}/${b.name}`;
    if (b.state === "drain") {
      warnings.push({
        code: "routeros-backend-drain",
        severity: "info",
        message: `${label} drains: it gets no rules, so no new connections; connections it already has keep their NAT mapping and run until they end (its probe keeps reporting its health, without scripts or alerts)`,
      });
    } else if (b.state === "disabled") {
      warnings.push({
        code: "routeros-backend-disabled",
        severity: "warning",
        message: `${label} is disabled: it gets no rules, and its existing connections are removed once the plan is applied`,
      });
    } else if (probes.get(b.name) === undefined && pool.probe.type === "tcp") {
      warnings.push({
        code: "routeros-backend-no-netwatch",
        severity: "warning",
        message: `${label} gets no netwatch: TCP probes need RouterOS v7 (netwatch type=tcp-conn), so its rules stay enabled when it dies`,
      });
    }
  }
  if (active.some((b) => probes.get(b.name) !== undefined)) warnings.push(hysteresisWarning(pool));
  return warnings;
}

/**
 * Netwatch judges each test on its own: tcp-conn and http-get have no down or up count (only the icmp type counts
 * lost pings inside one burst). An intent that asks for counts is told what the router does instead.
 */
function hysteresisWarning(pool: ServerPool): PlanWarning {
  const { downCount, upCount } = pool.probe;
  const asked = (downCount ?? 1) > 1 || (upCount ?? 1) > 1;
  if (!asked) {
    return {
      code: "routeros-pool-no-hysteresis",
      severity: "info",
      message: `pool ${pool.name}: a backend is taken out on its first failed probe and put back on its first answer (netwatch has no down or up count)`,
    };
  }
  const { downCount: down, upCount: up } = poolProbeSettings(pool.probe);
  return {
    code: "routeros-pool-counts-ignored",
    severity: "warning",
    message: `pool ${pool.name} asks for ${down} failed probe${down === 1 ? "" : "s"} before a backend is taken out and ${up} answered before it is back; RouterOS netwatch decides on each probe, so a backend is out on its first failed probe and back on its first answer`,
  };
}

/** What netwatch cannot ask of a backend: an HTTP check on v6 at all, and a path other than / anywhere. */
function httpProbeWarnings(ctx: CompileContext, pool: ServerPool): PlanWarning[] {
  if (pool.probe.type !== "http") return [];
  const { path, expectStatus } = poolProbeSettings(pool.probe);
  if (ctx.version === "6") {
    return [
      {
        code: "routeros-pool-http-probe-unsupported",
        severity: "error",
        message: `pool ${pool.name} checks its backends with HTTP GET ${path}; RouterOS 6 netwatch can only ping (HTTP checks need RouterOS 7.4 or later), so nothing would take a dead backend out: choose a ping check or upgrade the router`,
      },
    ];
  }
  if (path === "/") return [];
  return [
    {
      code: "routeros-pool-http-path",
      severity: "warning",
      message: `pool ${pool.name} asks for GET ${path}; RouterOS netwatch cannot choose the path and asks for / on each backend, expecting ${expectStatus}, so a backend whose / answers is taken as healthy`,
    },
  ];
}
