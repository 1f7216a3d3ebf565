import type { DeviceInterface } from "@/lib/domain/device/capabilities";
import type { ProposedLink, SetupProposal } from "@/lib/domain/device/propose";
import type { BalanceMethod, Intent } from "@/lib/domain/intent";

// The wizard's form: what the admin edits (links, LAN, balancing) and how it becomes the draft intent the API
// previews and saves. Everything else of a policy already saved (probe timings, pins, last resort, pools, alerts)
// is carried over untouched, so the wizard never loses what the builder set.

export type LinkForm = {
  key: string;
  name: string;
  interface: string;
  gateway: string;
  weight: number;
  tier: number;
  targets: [string, string];
  /** The proposal's reason, when the link came from it. */
  why: string | null;
};

export type LanForm = { interface: string; use: boolean; sources: string; why: string | null };

export type WizardForm = { links: LinkForm[]; lans: LanForm[]; method: BalanceMethod; balancer: "pcc" | "ecmp" };

export type ProposalView = {
  device: { id: string; name: string; kind: "routeros" | "linux" };
  summary: string;
  capabilities: { softwareVersion: string; firewall: string; probeTypes: string[]; minProbeIntervalMs: number };
  interfaces: DeviceInterface[];
  proposal: SetupProposal;
  existing: { intent: Intent; targetOptions: { routeros: { balancer: "pcc" | "ecmp" } }; revision: number; updatedAt: string; updatedBy: string } | null;
};

let keys = 0;
export const newKey = (): string => `link-${++keys}`;

const linkFromProposal = (link: ProposedLink): LinkForm => ({
  key: newKey(),
  name: link.name,
  interface: link.interface,
  gateway: link.gateway ?? "",
  weight: 1,
  tier: 1,
  targets: [...link.probeTargets],
  why: link.why,
});

export function formFrom(view: ProposalView): WizardForm {
  const { proposal, existing } = view;
  const proposedLans: LanForm[] = proposal.lan.map((l) => ({ interface: l.interface, use: true, sources: l.sources.join(", "), why: l.why }));
  if (!existing) return { links: proposal.links.map(linkFromProposal), lans: proposedLans, method: "per-connection", balancer: "pcc" };
  const { intent } = existing;
  const why = (name: string) => proposal.links.find((l) => l.interface === name)?.why ?? null;
  const lans: LanForm[] = intent.outbound.lanInterfaces.map((name, index) => ({
    interface: name,
    use: true,
    // The saved sources go with the first LAN interface; the intent does not say which source is behind which.
    sources: index === 0 ? intent.outbound.lanSources.join(", ") : "",
    why: proposal.lan.find((l) => l.interface === name)?.why ?? null,
  }));
  for (const lan of proposedLans) if (!lans.some((l) => l.interface === lan.interface)) lans.push({ ...lan, use: false });
  return {
    links: intent.links.map((l) => ({
      key: newKey(),
      name: l.name,
      interface: l.interface,
      gateway: l.gateway,
      weight: l.weight,
      tier: l.tier,
      targets: [l.probe.targets[0] ?? "", l.probe.targets[1] ?? ""],
      why: why(l.interface),
    })),
    lans,
    method: intent.outbound.method,
    balancer: existing.targetOptions.routeros.balancer,
  };
}

const splitSources = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The intent's default probe interval (domain/intent/probe.ts); a device that probes less often gets its own floor. */
const DEFAULT_PROBE_INTERVAL_MS = 300;

/**
 * The intent the form describes, on top of the saved one (whose other settings it keeps). A new link probes as
 * often as the device can, from the intent's default up: a MikroTik's netwatch tests once a second at most, so
 * asking for 300 ms would only promise a detection time the router cannot keep.
 */
export function draftIntent(form: WizardForm, base: Intent | null, minProbeIntervalMs = DEFAULT_PROBE_INTERVAL_MS): unknown {
  const interval = Math.max(DEFAULT_PROBE_INTERVAL_MS, minProbeIntervalMs);
  const used = form.lans.filter((l) => l.use);
  return {
    ...(base ?? {}),
    links: form.links.map((link) => {
      const before = base?.links.find((l) => l.name === link.name);
      const targets = link.targets.map((t) => t.trim()).filter(Boolean);
      return {
        ...(before ?? {}),
        name: link.name.trim(),
        interface: link.interface,
        gateway: link.gateway.trim(),
        weight: link.weight,
        tier: link.tier,
        probe: {
          ...(before?.probe ?? { intervalMs: interval }),
          targets,
          minAnswering: Math.min(before?.probe.minAnswering ?? 1, Math.max(targets.length, 1)),
        },
      };
    }),
    outbound: {
      ...(base?.outbound ?? {}),
      lanInterfaces: used.map((l) => l.interface),
      lanSources: [...new Set(used.flatMap((l) => splitSources(l.sources)))],
      method: form.method,
    },
  };
}

/** Each link's share of new connections within its tier, whole percent, live as weights change. */
export function sharesOf(links: readonly LinkForm[]): Record<string, number> {
  const total = (tier: number) => links.filter((l) => l.tier === tier).reduce((sum, l) => sum + (Number.isFinite(l.weight) ? l.weight : 0), 0);
  return Object.fromEntries(links.map((l) => [l.key, total(l.tier) > 0 ? Math.round((l.weight / total(l.tier)) * 100) : 0]));
}

/**
 * The API's field paths ("draft.intent.links.0.gateway") as the form's field ids ("links.0.gateway"); an issue
 * about a list as a whole ("links") stays on the list.
 */
export function issuesByField(details: readonly { path: string; message: string }[]): Record<string, string> {
  const issues: Record<string, string> = {};
  for (const d of details) {
    const path = d.path.replace(/^draft\.intent\./, "").replace(/^draft\./, "");
    issues[path] ??= d.message;
  }
  return issues;
}
