"use client";
import { Sparkline } from "@/components/live/sparkline";
import { formatBitRate, formatPerSecond } from "@/components/policy/format";
import { TableScroll } from "@/components/shell/table-scroll";
import type { SharedVipSite, SiteLive } from "@/lib/domain/site";
import type { SitePoint } from "./use-site-live";
import { bucketOwners, bucketWords, nodeState, type VipNode, vipNodes } from "./vip-words";

/** One colour per node, from the palette the dark mode remaps; the text equivalent says the same. */
const NODE_COLOURS = ["bg-sky-500", "bg-emerald-500", "bg-amber-400", "bg-violet-500", "bg-teal-500", "bg-fuchsia-500", "bg-lime-500", "bg-orange-400"];
const TONE = { ok: "text-emerald-700", wait: "text-amber-800", bad: "text-rose-700" } as const;

const colourOf = (nodes: readonly VipNode[], nodeId: number) => NODE_COLOURS[nodes.findIndex((n) => n.nodeId === nodeId) % NODE_COLOURS.length];

/** "1.2 Mbit/s 340.0 pkt/s", or one dash while no rate is measured (the first poll, a reset counter). */
export function RateText({ rate }: { rate: { bitsPerSec: number | null; packetsPerSec: number | null } | undefined }) {
  if (!rate || (rate.bitsPerSec === null && rate.packetsPerSec === null)) return <span className="mr-2 text-slate-600">—</span>;
  return (
    <>
      <span className="mr-2">{formatBitRate(rate.bitsPerSec)}</span>
      <span className="mr-2 text-slate-600">{formatPerSecond(rate.packetsPerSec)} pkt/s</span>
    </>
  );
}

export function seriesOf(recent: readonly SitePoint[], device: string, key: string) {
  return { times: recent.map((p) => p.at / 1000), values: recent.map((p) => p.members[device]?.[key]?.bitsPerSec ?? null) };
}

// A shared VIP live: each node alive or dead and why, who hears whom, which node answers each bucket (a strip with
// its text equivalent) and the traffic each node answers.
export function VipLive({ intent, live, recent, names }: { intent: SharedVipSite; live: SiteLive; recent: SitePoint[]; names: Record<string, string> }) {
  const nodes = vipNodes(intent, live.members, names);
  const owners = bucketOwners(intent.buckets, nodes);
  return (
    <div className="space-y-5">
      <TableScroll label="Nodes">
        <table className="w-full text-left text-sm" data-testid="vip-nodes">
          <caption className="sr-only">Each node, whether it is alive, and the traffic it answers</caption>
          <thead className="border-b border-slate-200 text-slate-600">
            <tr>
              <th className="px-3 py-2 font-medium">Node</th>
              <th className="px-3 py-2 font-medium">State</th>
              <th className="px-3 py-2 font-medium">Buckets</th>
              <th className="px-3 py-2 font-medium">Answered</th>
              <th className="px-3 py-2 font-medium">Open connections</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((node) => {
              const state = nodeState(node, nodes);
              const rate = node.member?.rates.answered;
              return (
                <tr
                  key={node.device}
                  className="border-b border-slate-100 last:border-0"
                  data-testid="vip-node"
                  data-device={node.deviceName}
                  data-state={state.word}
                >
                  <th scope="row" className="px-3 py-2 font-medium">
                    <span aria-hidden="true" className={`mr-2 inline-block h-3 w-3 rounded-sm align-middle ${colourOf(nodes, node.nodeId)}`} />
                    {node.deviceName} <span className="font-normal text-slate-600">(node {node.nodeId})</span>
                  </th>
                  <td className="px-3 py-2">
                    <span className={`font-medium ${TONE[state.tone]}`}>{state.word}</span>
                    {state.detail && <span className="block text-xs text-slate-600">{state.detail}</span>}
                  </td>
                  <td className="px-3 py-2 tabular-nums">{node.reading ? node.reading.bucketsOwned.length : "—"}</td>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                    <RateText rate={rate} />
                    <Sparkline series={seriesOf(recent, node.device, "answered")} label={`${node.deviceName} answered traffic`} />
                  </td>
                  <td className="px-3 py-2 tabular-nums">{node.reading?.openConnections?.toLocaleString("en-US") ?? "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>

      <section aria-labelledby="vip-buckets" className="space-y-2">
        <h3 id="vip-buckets" className="font-semibold">
          Who answers each bucket
        </h3>
        <div className="flex flex-wrap gap-0.5" aria-hidden="true" data-testid="bucket-strip">
          {owners.map((o, bucket) => (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: the bucket number is the key
              key={bucket}
              title={`bucket ${bucket}: ${o.length === 0 ? "nobody" : o.map((id) => `node ${id}`).join(" and ")}`}
              className={`inline-block h-5 w-3 rounded-sm ${o.length === 1 ? colourOf(nodes, o[0] ?? 0) : o.length === 0 ? "border border-rose-600 bg-slate-50" : "bg-slate-900"}`}
            />
          ))}
        </div>
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" data-testid="bucket-words" aria-live="polite">
          {bucketWords(owners, nodes).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="vip-heartbeats" className="space-y-2">
        <h3 id="vip-heartbeats" className="font-semibold">
          Heartbeats: who hears whom
        </h3>
        <TableScroll label="Heartbeat matrix">
          <table className="w-full text-left text-sm" data-testid="heartbeat-matrix">
            <caption className="sr-only">Each row is a node and what it hears of each peer</caption>
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th className="px-3 py-2 font-medium">Node hears →</th>
                {nodes.map((n) => (
                  <th key={n.device} scope="col" className="px-3 py-2 font-medium">
                    {n.deviceName}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {nodes.map((listener) => (
                <tr key={listener.device} className="border-b border-slate-100 last:border-0">
                  <th scope="row" className="px-3 py-2 font-medium">
                    {listener.deviceName}
                  </th>
                  {nodes.map((peer) => (
                    <td key={peer.device} className="px-3 py-2">
                      <HeardCell listener={listener} peer={peer} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </div>
  );
}

function HeardCell({ listener, peer }: { listener: VipNode; peer: VipNode }) {
  if (listener === peer) return <span className="text-slate-500">itself</span>;
  if (!listener.reading) return <span className="text-slate-500">not read</span>;
  const heard = listener.reading.peers.find((p) => p.nodeId === peer.nodeId);
  if (!heard || heard.lastHeardMsAgo === null) return <span className="font-medium text-rose-700">never heard</span>;
  return heard.alive ? (
    <span className="text-emerald-700">hears ({heard.lastHeardMsAgo} ms ago)</span>
  ) : (
    <span className="font-medium text-rose-700">dead ({Math.round(heard.lastHeardMsAgo / 100) / 10} s unheard)</span>
  );
}
