import { detectionTimeMs, type Link } from "../../intent";
import type { PlanWarning } from "../../plan";
import type { CompileContext } from "./context";
import { pccShares, type PccShare } from "./pcc";
import { netwatchPace } from "./limits";
import { duration, netwatchDetectionMs, testIntervalMs, type LinkProbe } from "./probes";
import { MAX_ECMP_GATEWAYS, tiers } from "./routes";

// What the RouterOS compiler adds to intentWarnings: where RouterOS cannot do what the intent asks, and how close
// the plan comes.

/** RouterOS check-gateway: a ping every 10 s, a gateway fails after two timeouts. */
const CHECK_GATEWAY_MS = { interval: 10_000, misses: 2 };

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function routerOsWarnings(ctx: CompileContext, balanced: Link[], share: PccShare): PlanWarning[] {
  const { intent, version } = ctx;
  const warnings: PlanWarning[] = [];
  if (ctx.balancer === "pcc" && share.approximated) {
    warnings.push({
      code: "routeros-weights-approximated",
      severity: "warning",
      message: `weights ${balanced.map((l) => l.weight).join(":")} need more PCC rules than the cap allows; realised as ${share.remainders.map((r) => r.length).join(":")} (denominator ${share.denominator})`,
    });
  }
  warnings.push(
    ...intent.links.flatMap((link) =>
      linkWarnings(
        link,
        ctx.probes.find((p) => p.link === link),
        version,
      ),
    ),
  );
  if (ctx.probes.some((p) => p.kind !== "icmp")) {
    warnings.push({
      code: "routeros-netwatch-no-hysteresis",
      severity: "warning",
      message:
        "RouterOS netwatch has no down or up count: one lost probe takes a link down and one answer brings it back, so the intent's downCount/upCount are not honoured",
    });
  }
  if (intent.links.some((l) => l.onFailback === "keep")) {
    warnings.push({
      code: "routeros-failback-moves-connections",
      severity: "info",
      message:
        "RouterOS marks connections, not routes: when a link comes back, connections marked for it that failed over move back to it (their NAT mapping does not), so they break as on flush",
    });
  }
  if (version === "7" && intent.outbound.lastResort === "unreachable") {
    warnings.push({
      code: "routeros-v7-no-unreachable",
      severity: "warning",
      message: "RouterOS v7 routes have no unreachable type: the last resort is a blackhole route (new connections time out instead of failing fast)",
    });
  }
  if (ctx.balancer === "ecmp") warnings.push(...ecmpWarnings(ctx));
  if (intent.alerts?.email !== undefined) {
    warnings.push({
      code: "routeros-alerts-email",
      severity: "info",
      message:
        'e-mail alerts are sent by the router with /tool e-mail, through the SMTP server, sender and login set in the router\'s own /tool e-mail settings (never in a plan); the mails name the link or backend, not the router. A netwatch that is new or changed starts as unknown and runs its up-script on its first answer, so a push that adds or changes one sends one "is up" mail per changed netwatch (ignore-initial-up exists only from RouterOS 7.18)',
    });
  }
  return warnings;
}

function linkWarnings(link: Link, probe: LinkProbe | undefined, version: CompileContext["version"]): PlanWarning[] {
  const gatewayMs = CHECK_GATEWAY_MS.interval * CHECK_GATEWAY_MS.misses;
  const wanted = detectionTimeMs(link.probe).maxMs;
  const warnings: PlanWarning[] = [
    {
      code: "routeros-detection-time",
      severity: gatewayMs > wanted ? "warning" : "info",
      link: link.name,
      message: `${link.name}: check-gateway=ping fails a dead gateway after about ${seconds(gatewayMs)} (a ping every 10 s, two misses); the intent asks for ${seconds(wanted)}${probe === undefined ? "" : `; ${netwatchSummary(probe, version)}`}`,
    },
  ];
  if (probe === undefined) {
    const why =
      link.probe.type === "tcp" && version === "6"
        ? "TCP probes need RouterOS v7 netwatch (type=tcp-conn)"
        : "every one of its probe targets is already probed through another link";
    warnings.push({
      code: "routeros-no-netwatch",
      severity: "warning",
      link: link.name,
      message: `${link.name} gets no netwatch: ${why}; only check-gateway (its gateway, ~20 s) detects failure`,
    });
    return warnings;
  }
  if (link.probe.targets.length > 1) {
    warnings.push({
      code: "routeros-single-netwatch-target",
      severity: "warning",
      link: link.name,
      message: `${link.name} is probed through ${probe.target} only (of ${link.probe.targets.length} targets): netwatch cannot pick the link a probe leaves by, so each target is host-routed through one link`,
    });
  }
  const raised = intervalRaised(probe, version);
  if (raised) warnings.push(raised);
  if (probe.kind === "icmp") {
    const { intervalMs, downCount, upCount } = link.probe;
    warnings.push({
      code: "routeros-netwatch-burst",
      severity: "info",
      link: link.name,
      message: `${link.name}: netwatch type=icmp sends ${downCount} pings ${duration(intervalMs)} apart per test and fails the test only when all are lost; a link that dies mid-test is declared down after the next whole test (up to ${seconds(testIntervalMs(probe, version) + downCount * intervalMs)}), and the first test with an answer brings it back (upCount ${upCount} is not honoured)`,
    });
  }
  return warnings;
}

/** The intent asks for faster probing than netwatch does: say what the router will really achieve. */
function intervalRaised(probe: LinkProbe, version: CompileContext["version"]): PlanWarning | undefined {
  const { link, kind } = probe;
  const asked = kind === "icmp" ? link.probe.intervalMs * link.probe.downCount : link.probe.intervalMs;
  if (testIntervalMs(probe, version) <= asked) return undefined;
  const burst = kind === "icmp" ? `, ${link.probe.downCount} lost in a row to fail (one netwatch test of ${seconds(asked)})` : "";
  return {
    code: "routeros-probe-interval-raised",
    severity: "warning",
    link: link.name,
    message: `${link.name} asks for a probe every ${link.probe.intervalMs} ms${burst}; RouterOS netwatch tests at most ${netwatchPace(version)}, so a dead link is detected in about ${seconds(netwatchDetectionMs(probe, version))} (the intent asks for ${seconds(detectionTimeMs(link.probe).maxMs)})`,
  };
}

function netwatchSummary(probe: LinkProbe, version: CompileContext["version"]): string {
  const { link, target, kind } = probe;
  const every = seconds(kind === "icmp" ? link.probe.intervalMs : testIntervalMs(probe, version));
  if (kind === "tcp-conn") return `netwatch connects to ${target} port ${link.probe.port} every ${every} and disables its routes on the first failure`;
  if (kind === "icmp") return `netwatch pings ${target} every ${every} and disables its routes when ${link.probe.downCount} pings in a row are lost`;
  return `netwatch pings ${target} every ${every} and disables its routes on the first miss`;
}

function ecmpWarnings(ctx: CompileContext): PlanWarning[] {
  const { intent, version } = ctx;
  const warnings: PlanWarning[] = [
    {
      code: "routeros-ecmp-main-table",
      severity: "info",
      message:
        "ECMP puts Waymark's default routes in the main table at distance = tier: any other default route there at the same distance takes a share; give it a higher distance",
    },
    {
      code: "routeros-ecmp-probe-routes",
      severity: "warning",
      message:
        "with ECMP the LAN's traffic uses the main table, where each netwatch target has a host route through its link: connections from the LAN to a probe target (often a public DNS resolver) keep that link even when it is down. Choose probe targets the LAN does not use, or PCC",
    },
  ];
  const method = intent.outbound.method;
  warnings.push({
    code: "routeros-ecmp-hash",
    severity: "info",
    message:
      version === "7"
        ? `RouterOS v7 spreads connections over equal-distance routes by /ip settings ipv4-multipath-hash-policy (l3 by default: source and destination address, so one host talking to one server always uses one link); the intent's method (${method}) is not applied`
        : `RouterOS v6 chooses among an ECMP route's gateways itself; the intent's method (${method}) is not applied`,
  });
  for (const { tier, links } of tiers(intent)) {
    if (links.length < 2) continue;
    const weights = links.map((l) => l.weight).join(":");
    if (version === "7" && new Set(links.map((l) => l.weight)).size > 1) {
      warnings.push({
        code: "routeros-ecmp-weights-ignored",
        severity: "warning",
        message: `RouterOS v7 ECMP routes carry no weights: tier ${tier} (${links.map((l) => l.name).join(", ")}, weights ${weights}) is shared equally`,
      });
    }
    if (version === "6") {
      const share = pccShares(
        links.map((l) => l.weight),
        MAX_ECMP_GATEWAYS,
      );
      if (share.approximated) {
        warnings.push({
          code: "routeros-ecmp-weights-approximated",
          severity: "warning",
          message: `tier ${tier}: weights ${weights} need more than ${MAX_ECMP_GATEWAYS} gateways in one route; realised as ${share.remainders.map((r) => r.length).join(":")}`,
        });
      }
      const watched = links.filter((l) => ctx.probes.some((p) => p.link === l)).map((l) => l.name);
      if (watched.length > 0) {
        warnings.push({
          code: "routeros-v6-ecmp-check-gateway",
          severity: "warning",
          message: `tier ${tier}: one v6 route carries every gateway, so netwatch cannot take ${watched.join(", ")} out of it; check-gateway=ping does (~20 s). Netwatch still switches the link tables (replies, pinned and the router's own traffic) and flushes connections`,
        });
      }
    }
  }
  return warnings;
}
