// The anycast lab as a site: the intent over its members, the targets Waymark reaches them by, and the compiled
// member plans, for the anycast lab tests and the takeover benchmark.
import type { LinuxTarget } from "@/lib/devices/driver";
import { compileSite, type SiteDevice } from "@/lib/domain/site/compile";
import { ZSiteIntent, type AnycastSite, type SiteIntentInput } from "@/lib/domain/site/intent";
import type { AnycastEdgePlan, AnycastServerPlan } from "@/lib/domain/site/member-plan";
import type { AnycastLab, AnycastLabMember } from "../../../lab/anycast-lab";

export const targetOf = (lab: AnycastLab, member: AnycastLabMember): LinuxTarget => ({
  kind: "linux",
  host: member.host,
  port: member.port,
  username: "root",
  auth: { method: "key", privateKey: lab.privateKey },
  pinnedHostKey: member.hostKeyFingerprint,
});

export type AnycastSiteOptions = { standby?: number[]; bfd?: { intervalMs: number; multiplier: number }; check?: Partial<AnycastSite["check"]> };

export function anycastIntent(lab: AnycastLab, options: AnycastSiteOptions = {}): AnycastSite {
  const input: SiteIntentInput = {
    kind: "anycast",
    address: lab.service.address,
    check: { type: "tcp", port: lab.service.port, intervalMs: 100, timeoutMs: 80, downCount: 2, upCount: 2, ...options.check },
    bfd: options.bfd ?? { intervalMs: 100, multiplier: 3 },
    holdTimeSec: 9,
    members: [
      { device: "edge", role: "anycast-edge", asn: lab.edge.asn, bird: lab.edge.bird },
      ...lab.servers.map((s, i) => ({
        device: `server${i}`,
        role: "anycast-server" as const,
        interface: s.interface,
        address: s.address,
        edgeAddress: s.edgeAddress,
        asn: s.asn,
        preference: options.standby?.includes(i) ? ("standby" as const) : ("preferred" as const),
        bird: s.bird,
      })),
    ],
  };
  return ZSiteIntent.parse(input) as AnycastSite;
}

export function anycastPlans(lab: AnycastLab, options: AnycastSiteOptions = {}): { edge: AnycastEdgePlan; servers: AnycastServerPlan[] } {
  const devices = new Map<string, SiteDevice>([
    ["edge", { id: "edge", name: lab.edge.name, capabilities: null }],
    ...lab.servers.map((s, i) => [`server${i}`, { id: `server${i}`, name: s.name, capabilities: null }] as [string, SiteDevice]),
  ]);
  const plan = compileSite("web", anycastIntent(lab, options), devices);
  const of = (device: string) => plan.members.find((m) => m.device === device)?.plan ?? null;
  const edge = of("edge");
  if (edge?.role !== "anycast-edge") throw new Error(`no edge plan: ${JSON.stringify(plan.members.map((m) => m.warnings))}`);
  const servers = lab.servers.map((_, i) => of(`server${i}`));
  if (!servers.every((s): s is AnycastServerPlan => s?.role === "anycast-server")) throw new Error("no server plan");
  return { edge, servers };
}

/** The classic recipe for comparison: the same plan with BFD off, so only the BGP hold time notices a silent peer. */
export function withoutBfd<P extends AnycastEdgePlan | AnycastServerPlan>(plan: P): P {
  return { ...plan, files: plan.files.map((f) => (f.path === plan.bird.configFile ? { ...f, content: f.content.replaceAll("  bfd on;", "  bfd off;") } : f)) };
}
