"use client";
import { useEffect, useState } from "react";
import type { DeviceReading, LinkHealth } from "@/lib/domain/device/reading";
import type { Intent } from "@/lib/domain/intent";
import type { LiveRates } from "@/lib/domain/monitor/live";
import { api } from "../api";
import { LiveStatus } from "../live/live-status";
import { useDeviceLive } from "../live/use-device-live";
import { formatBitRate } from "../policy/format";
import { layoutTopology, type Topology, type TopoInput, type Tone } from "./layout";

const LINK_TONE: Record<LinkHealth, Tone> = { up: "ok", degraded: "warn", down: "bad", unknown: "idle" };
const BACKEND_TONE: Record<string, Tone> = { up: "ok", drain: "warn", disabled: "idle", down: "bad", unknown: "idle" };
/** Never colour alone: each state has its sign and its word. */
const SIGN: Record<Tone, string> = { ok: "✓", warn: "!", bad: "✕", idle: "?", neutral: "" };
const TONE_CLASS: Record<Tone, string> = {
  ok: "text-emerald-600",
  warn: "text-amber-600",
  bad: "text-rose-600",
  idle: "text-slate-400",
  neutral: "text-slate-500",
};

type Facts = { input: TopoInput; lines: string[] };

// The overview's picture of the device: LAN → device → links → internet and the pools' backends, coloured by live
// state (with a sign and a word: never colour alone), each link's edge as wide as its share of the traffic (rate
// from the last two readings, every 2 s). The same facts as a list for screen readers.
export function TopologyCard({ deviceId, deviceName, show }: { deviceId: string; deviceName: string; show: boolean }) {
  const [intent, setIntent] = useState<Intent | null>(null);
  useEffect(() => {
    if (!show) return;
    api<{ intent: Intent } | null>("GET", `/devices/${deviceId}/policy`)
      .then((policy) => setIntent(policy?.intent ?? null))
      .catch(() => setIntent(null));
  }, [deviceId, show]);
  const view = useDeviceLive(deviceId);
  if (!show) return null;
  const reading = view.live?.reading ?? null;
  const facts = intent ? topologyFacts(intent, deviceName, reading, view.live?.rates ?? null) : null;
  return (
    <section className="card space-y-3" aria-labelledby="topology-heading">
      <h2 id="topology-heading" className="font-semibold">
        Topology
      </h2>
      {!facts ? (
        <p className="text-sm text-slate-600">Loading the policy and the device&apos;s state…</p>
      ) : (
        <>
          <div className="hidden md:block" aria-hidden="true">
            <Diagram topology={layoutTopology(facts.input, "wide")} />
          </div>
          <div className="md:hidden" aria-hidden="true">
            <Diagram topology={layoutTopology(facts.input, "narrow")} />
          </div>
          <ul className="sr-only" data-testid="topology-facts">
            {facts.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {!reading && <LiveStatus view={view} />}
        </>
      )}
    </section>
  );
}

function Diagram({ topology }: { topology: Topology }) {
  return (
    <svg viewBox={`0 0 ${topology.width} ${topology.height}`} className="h-auto w-full max-w-3xl" role="presentation" data-testid="topology">
      {topology.edges.map((e) => (
        <line
          key={e.id}
          x1={e.from.x + e.from.w / 2}
          y1={e.from.y + e.from.h / 2}
          x2={e.to.x + e.to.w / 2}
          y2={e.to.y + e.to.h / 2}
          stroke="currentColor"
          strokeWidth={e.width}
          strokeDasharray={e.dashed ? "6 4" : undefined}
          strokeLinecap="round"
          className={TONE_CLASS[e.tone]}
        />
      ))}
      {topology.nodes.map((n) => (
        <g key={n.id} className={TONE_CLASS[n.tone]} data-node={n.id}>
          <rect x={n.x} y={n.y} width={n.w} height={n.h} rx={6} className="fill-white" stroke="currentColor" strokeWidth={1.5} />
          <text x={n.x + 8} y={n.y + 18} className="fill-slate-900 text-[13px] font-medium">
            {n.tone !== "neutral" && <tspan className={`${TONE_CLASS[n.tone]} fill-current`}>{SIGN[n.tone]} </tspan>}
            {n.title}
          </text>
          <text x={n.x + 8} y={n.y + 35} className="fill-slate-600 text-[11px]">
            {n.sub}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Out and in together; null until the monitor has measured both. */
function trafficRate(rates: LiveRates | null, link: string): number | null {
  const r = rates?.links[link];
  return r?.outBitsPerSecond == null || r.inBitsPerSecond == null ? null : r.outBitsPerSecond + r.inBitsPerSecond;
}

/** The picture's input and the same facts in words, from the policy, the last reading and the monitor's rates. */
export function topologyFacts(intent: Intent, deviceName: string, current: DeviceReading | null, liveRates: LiveRates | null): Facts {
  const rates = intent.links.map((link) => trafficRate(liveRates, link.name));
  const top = Math.max(...rates.map((r) => r ?? 0), 1);
  const links = intent.links.map((link, i) => {
    const state = current?.links.find((l) => l.name === link.name)?.state ?? "unknown";
    const rate = rates[i] ?? null;
    const tone = LINK_TONE[state];
    return {
      id: `link-${link.name}`,
      title: `${link.name} · ${state}`,
      sub: `${link.interface} · ${formatBitRate(rate)}`,
      tone,
      width: 2 + (10 * (rate ?? 0)) / top,
      dashed: state === "down",
      rate,
      state,
    };
  });
  const backends = (intent.inbound?.pools ?? []).flatMap((pool) =>
    pool.backends.map((b) => {
      const live = current?.backends.find((r) => r.pool === pool.name && r.name === b.name);
      const state = live?.state ?? "unknown";
      return {
        id: `backend-${pool.name}-${b.name}`,
        title: `${b.name} · ${state}`,
        sub: `pool ${pool.name}`,
        tone: BACKEND_TONE[state] ?? "idle",
        state,
        pool: pool.name,
        name: b.name,
      };
    }),
  );
  const lan = intent.outbound.lanInterfaces.join(", ");
  return {
    input: { lan: { title: "LAN", sub: lan }, device: { title: deviceName, sub: `${intent.links.length} links` }, links, backends },
    lines: [
      `LAN on ${lan} → ${deviceName} → ${intent.links.length} links → the internet.`,
      ...links.map((l) => `Link ${l.title.split(" · ")[0]} on ${l.sub.split(" · ")[0]}: ${l.state}, traffic ${formatBitRate(l.rate)}.`),
      ...backends.map((b) => `Backend ${b.name} of pool ${b.pool}: ${b.state}.`),
    ],
  };
}
