import { createHash } from "node:crypto";
import { z } from "zod";
import { anycastNames } from "@/lib/domain/site/anycast/layout";
import type { AnycastEdgeReading, AnycastServerReading } from "@/lib/domain/site/member-reading";
import type { AnycastEdgePlan, AnycastServerPlan } from "@/lib/domain/site/member-plan";
import { parseNftCounters } from "../../nft-counters";
import { MARK, UPTIME_MS_FN } from "../../push/script-kit";
import { bgpSession, parseBfdSessions, parseProtocols, parseRouteHolders } from "./parse-bird";
import { type AnycastPlan, assertPlanGrammar, birdc, birdConfigOf } from "./scripts";

// One read of an anycast member: a single sh command whose sections (each opened by a marker line) are BIRD's
// protocols and BFD sessions, the edge's candidate routes and the kernel's merged route, Waymark's counters, and on
// a server the health daemon's state, the service address on lo and its open connections; then what the host records
// of the plan. The monitor runs it once per poll over a kept connection (linux/site/index.ts).

export function readCommand(plan: AnycastPlan): readonly string[] {
  assertPlanGrammar(plan);
  const n = anycastNames(plan.site);
  const section = (name: string, command: string) => `echo; echo '${MARK}${name}'; ${command}`;
  const lines = [
    UPTIME_MS_FN,
    section("protocols", `${birdc(plan, "show", "protocols", "all")} 2>&1`),
    section("bfd", `${birdc(plan, "show", "bfd", "sessions")} 2>&1`),
    section("counters", `nft -j list counters table inet ${n.nftTable} 2>/dev/null`),
    section("files", `echo "applied=$(cat ${n.appliedHash} 2>/dev/null)"; echo "config=$(sha256sum ${plan.bird.configFile} 2>/dev/null | cut -c1-64)"`),
  ];
  if (plan.role === "anycast-edge") {
    lines.push(section("route", `${birdc(plan, "show", "route", "for", plan.address, "all")} 2>&1`), section("kernel", `ip -j route show ${plan.address}/32`));
  } else {
    lines.push(
      section(
        "health",
        `cat ${n.healthState} 2>/dev/null; if [ -f ${n.healthPid} ] && kill -0 "$(cat ${n.healthPid})" 2>/dev/null; then echo alive=yes; else echo alive=no; fi; echo "now_ms=$(uptime_ms)"`,
      ),
      section("lo", `ip -o addr show dev lo | grep -c ' ${plan.address}/32 ' || true`),
      // Sockets, not conntrack: a server without stateful rules tracks nothing (ss(8): established TCP to the address).
      section("connections", `ss -Htn state established src ${plan.address} | wc -l`),
    );
  }
  lines.push(section("end", "true"));
  return ["sh", "-c", lines.join("\n")];
}

function sections(stdout: string): Map<string, string> {
  const found = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of stdout.split("\n")) {
    if (line.startsWith(MARK)) {
      current = [];
      found.set(line.slice(MARK.length).trim(), current);
    } else current?.push(line);
  }
  if (!found.has("end")) throw new Error("the member's read was cut short (no end marker)");
  return new Map([...found].map(([k, v]) => [k, v.join("\n").trim()]));
}

const keyValues = (text: string) =>
  new Map(text.split("\n").flatMap((l) => (/^([a-z_]+)=(.*)$/.test(l) ? [[l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)] as const] : [])));

function common(plan: AnycastPlan, s: Map<string, string>, appliedHash: string | null, extraDrift: string[]) {
  const files = keyValues(s.get("files") ?? "");
  const protocolsText = s.get("protocols") ?? "";
  const answers = /BIRD [\d.]+ ready\./.test(protocolsText) && !/Unable to connect/.test(protocolsText);
  const entries = [...extraDrift];
  if (!answers) entries.push(`BIRD does not answer on ${plan.bird.controlSocket}`);
  if (appliedHash !== null && files.get("applied") !== appliedHash) entries.push("the host records another plan than the one Waymark confirmed");
  if (appliedHash !== null && files.get("config") !== createHash("sha256").update(birdConfigOf(plan)).digest("hex")) {
    entries.push(`BIRD's configuration file ${plan.bird.configFile} differs from the one Waymark confirmed`);
  }
  if (s.get("counters") === "") entries.push(`the counters table inet ${anycastNames(plan.site).nftTable} is missing`);
  return { answers, drift: { drifted: entries.length > 0, entries }, protocols: parseProtocols(protocolsText), bfd: parseBfdSessions(s.get("bfd") ?? "") };
}

function counters(text: string | undefined, table: string): Map<string, { packets: string; bytes: string }> {
  if (!text) return new Map();
  try {
    return new Map([...parseNftCounters(text, { family: "inet", name: table })].map(([k, v]) => [k, { packets: String(v.packets), bytes: String(v.bytes) }]));
  } catch {
    return new Map();
  }
}

// The health section is the daemon's state file (assets/anycast-health.pl's header documents it), then two lines
// of the read itself. Real sample (the anycast lab's web-1):
//
//   format=1
//   pid=10698
//   verdict=passing
//   since=1796532572
//   updated_ms=33602350
//   checks=8
//   detail=connected to 127.0.0.1:8053
//   alive=yes
//   now_ms=33602411
export function parseServerReading(plan: AnycastServerPlan, stdout: string, appliedHash: string | null, readAtMs: number): AnycastServerReading {
  const n = anycastNames(plan.site);
  const s = sections(stdout);
  const health = keyValues(s.get("health") ?? "");
  const alive = health.get("alive") === "yes";
  const verdict = health.get("verdict");
  const onLo = Number(s.get("lo") ?? "0") > 0;
  const base = common(plan, s, appliedHash, onLo ? [] : [`the service address ${plan.address} is not on lo`]);
  const service = base.protocols.find((p) => p.name === n.service);
  const session = base.protocols.find((p) => p.name === n.edgeSession);
  const staleMs = Number(health.get("now_ms") ?? "0") - Number(health.get("updated_ms") ?? "0");
  const served = counters(s.get("counters"), n.nftTable).get("served") ?? null;
  const open = Number.parseInt(s.get("connections") ?? "", 10);
  return {
    role: "anycast-server",
    readAtMs,
    watcher: {
      running: alive && base.answers,
      detail: !base.answers
        ? "BIRD does not answer"
        : alive
          ? `health daemon pid ${health.get("pid")}, last check ${Math.max(0, staleMs)} ms ago`
          : "the health daemon is not running",
    },
    drift: base.drift,
    check: { passing: alive && verdict === "passing", detail: alive ? (health.get("detail") ?? "") : "the health daemon is not running" },
    announced: service?.state === "up" && session?.bgpState === "Established" && (session.exported ?? 0) > 0,
    sessions: session ? [bgpSession(session)] : [],
    bfd: base.bfd,
    served,
    openConnections: Number.isFinite(open) ? open : null,
  };
}

// `ip -j route show 192.0.2.53/32` on the edge (iproute2 6.1.0, the anycast lab): one next hop, or `nexthops`:
//
//   [{"dst":"192.0.2.53","gateway":"10.2.1.2","dev":"bxe1","protocol":"bird","metric":32,"flags":[]}]
//   [{"dst":"192.0.2.53","protocol":"bird","metric":32,"flags":[],"nexthops":[{"gateway":"10.2.1.2","dev":"bxe1",
//     "weight":1,"flags":[]},{"gateway":"10.2.2.2","dev":"bxe2","weight":1,"flags":[]}]}]
const ZHop = z.object({ gateway: z.string().optional(), dev: z.string().optional() });
const ZKernelRoutes = z.array(ZHop.extend({ nexthops: z.array(ZHop).optional() }));

export function parseEdgeReading(plan: AnycastEdgePlan, stdout: string, appliedHash: string | null, readAtMs: number): AnycastEdgeReading {
  const n = anycastNames(plan.site);
  const s = sections(stdout);
  const base = common(plan, s, appliedHash, []);
  const kernel = ZKernelRoutes.safeParse(JSON.parse(s.get("kernel") || "[]"));
  const route = kernel.success ? kernel.data[0] : undefined;
  const hops = route ? (route.nexthops ?? [route]) : [];
  const forwarded = counters(s.get("counters"), n.nftTable);
  const nexthops = hops.flatMap((h) => {
    if (!h.gateway) return [];
    const server = plan.servers.find((sv) => sv.address === h.gateway);
    return [{ via: h.gateway, interface: h.dev ?? null, device: server?.device ?? null, forwarded: server ? (forwarded.get(server.protocol) ?? null) : null }];
  });
  const holders = new Set(parseRouteHolders(s.get("route") ?? ""));
  const used = new Set(nexthops.map((h) => h.device));
  const ours = new Set(plan.servers.map((sv) => sv.protocol));
  const kernelProtocol = base.protocols.find((p) => p.name === n.kernel);
  return {
    role: "anycast-edge",
    readAtMs,
    watcher: {
      running: base.answers && kernelProtocol?.state === "up",
      detail: !base.answers
        ? "BIRD does not answer"
        : kernelProtocol?.state === "up"
          ? "BIRD runs the site's configuration"
          : `the kernel protocol ${n.kernel} is ${kernelProtocol?.state ?? "missing"}`,
    },
    drift: base.drift,
    sessions: base.protocols.filter((p) => ours.has(p.name)).map(bgpSession),
    bfd: base.bfd,
    nexthops,
    standby: plan.servers.filter((sv) => holders.has(sv.protocol) && !used.has(sv.device)).map((sv) => sv.device),
  };
}
