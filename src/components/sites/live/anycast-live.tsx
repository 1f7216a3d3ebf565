"use client";
import { Sparkline } from "@/components/live/sparkline";
import { TableScroll } from "@/components/shell/table-scroll";
import type { AnycastEdgeReading, AnycastServerReading, AnycastSite, BfdSession, BgpSession, MemberLive, SiteLive } from "@/lib/domain/site";
import type { SitePoint } from "./use-site-live";
import { RateText, seriesOf } from "./vip-live";

type Server = { device: string; name: string; preference: "preferred" | "standby"; member: MemberLive | null; reading: AnycastServerReading | null };

const cell = "px-3 py-2";

/** BIRD's "since" as BIRD wrote it: the device's local time without a zone, so it is not converted here. */
const since = (at: string | null) => at ?? "—";
const head = "px-3 py-2 font-medium";

// BGP anycast live: each server's check and announcement with the traffic it serves, the edge's ECMP next hops with
// what it forwards to each, the standby servers, and every BGP and BFD session as BIRD reports it.
export function AnycastLive({ intent, live, recent, names }: { intent: AnycastSite; live: SiteLive; recent: SitePoint[]; names: Record<string, string> }) {
  const nameOf = (device: string) => live.members.find((m) => m.device === device)?.deviceName ?? names[device] ?? device;
  const servers: Server[] = intent.members.flatMap((m) => {
    if (m.role !== "anycast-server") return [];
    const member = live.members.find((x) => x.device === m.device) ?? null;
    const reading = member?.status === "ok" && member.reading?.role === "anycast-server" ? member.reading : null;
    return [{ device: m.device, name: nameOf(m.device), preference: m.preference, member, reading }];
  });
  const edgeMember = live.members.find((m) => m.role === "anycast-edge") ?? null;
  const edge = edgeMember?.status === "ok" && edgeMember.reading?.role === "anycast-edge" ? edgeMember.reading : null;
  const sessions = [
    ...(edge ? edge.sessions.map((s) => ({ device: edgeMember?.deviceName ?? "edge", s })) : []),
    ...servers.flatMap((srv) => (srv.reading?.sessions ?? []).map((s) => ({ device: srv.name, s }))),
  ];
  const bfd = [
    ...(edge ? edge.bfd.map((b) => ({ device: edgeMember?.deviceName ?? "edge", b })) : []),
    ...servers.flatMap((srv) => (srv.reading?.bfd ?? []).map((b) => ({ device: srv.name, b }))),
  ];
  return (
    <div className="space-y-5">
      <TableScroll label="Servers">
        <table className="w-full text-left text-sm" data-testid="anycast-servers">
          <caption className="sr-only">Each server, its check, whether it announces the service address, and the traffic it serves</caption>
          <thead className="border-b border-slate-200 text-slate-600">
            <tr>
              <th className={head}>Server</th>
              <th className={head}>Check</th>
              <th className={head}>Announces</th>
              <th className={head}>Served</th>
              <th className={head}>Open connections</th>
            </tr>
          </thead>
          <tbody>
            {servers.map((srv) => {
              const rate = srv.member?.rates.served;
              return (
                <tr key={srv.device} className="border-b border-slate-100 last:border-0" data-testid="anycast-server" data-device={srv.name}>
                  <th scope="row" className={`${cell} font-medium`}>
                    {srv.name} <span className="font-normal text-slate-600">({srv.preference})</span>
                  </th>
                  {srv.reading ? (
                    <>
                      <td className={cell}>
                        <span className={`font-medium ${srv.reading.check.passing ? "text-emerald-700" : "text-rose-700"}`}>
                          {srv.reading.check.passing ? "passing" : "failing"}
                        </span>
                        {srv.reading.check.detail && <span className="block text-xs text-slate-600">{srv.reading.check.detail}</span>}
                      </td>
                      <td className={cell}>
                        <span className={`font-medium ${srv.reading.announced ? "text-emerald-700" : "text-rose-700"}`} data-testid="announced">
                          {srv.reading.announced ? "announced" : "withdrawn"}
                        </span>
                      </td>
                    </>
                  ) : (
                    <td className={cell} colSpan={2}>
                      <span className="text-rose-700">{srv.member ? (srv.member.problem ?? srv.member.status.replace(/_/g, " ")) : "not read yet"}</span>
                    </td>
                  )}
                  <td className={`${cell} whitespace-nowrap tabular-nums`}>
                    <RateText rate={rate} />
                    <Sparkline series={seriesOf(recent, srv.device, "served")} label={`${srv.name} served traffic`} />
                  </td>
                  <td className={`${cell} tabular-nums`}>{srv.reading?.openConnections?.toLocaleString("en-US") ?? "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>

      <EdgeRoute edge={edge} edgeMember={edgeMember} nameOf={nameOf} recent={recent} />

      <section aria-labelledby="anycast-sessions" className="space-y-2">
        <h3 id="anycast-sessions" className="font-semibold">
          BGP sessions
        </h3>
        <SessionTable rows={sessions} />
      </section>
      <section aria-labelledby="anycast-bfd" className="space-y-2">
        <h3 id="anycast-bfd" className="font-semibold">
          BFD sessions
        </h3>
        <BfdTable rows={bfd} />
      </section>
    </div>
  );
}

function EdgeRoute({
  edge,
  edgeMember,
  nameOf,
  recent,
}: {
  edge: AnycastEdgeReading | null;
  edgeMember: MemberLive | null;
  nameOf: (device: string) => string;
  recent: SitePoint[];
}) {
  return (
    <section aria-labelledby="anycast-edge" className="space-y-2">
      <h3 id="anycast-edge" className="font-semibold">
        At the edge{edgeMember ? `: ${edgeMember.deviceName}` : ""}
      </h3>
      {!edge ? (
        <p className="text-sm text-rose-700">
          {edgeMember ? (edgeMember.problem ?? edgeMember.status.replace(/_/g, " ")) : "The edge router has not been read yet."}
        </p>
      ) : (
        <>
          <p className="text-sm" aria-live="polite" data-testid="edge-nexthops-words">
            {edge.nexthops.length === 0
              ? "The service route is withdrawn everywhere: the edge sends the service's traffic nowhere."
              : `The edge spreads new flows over ${edge.nexthops.length} next hop${edge.nexthops.length === 1 ? "" : "s"} (ECMP).`}
            {edge.standby.length > 0 && ` Standby, holding the route without using it: ${edge.standby.map(nameOf).join(", ")}.`}
          </p>
          {edge.nexthops.length > 0 && (
            <TableScroll label="ECMP next hops">
              <table className="w-full text-left text-sm" data-testid="edge-nexthops">
                <thead className="border-b border-slate-200 text-slate-600">
                  <tr>
                    <th className={head}>Next hop</th>
                    <th className={head}>Server</th>
                    <th className={head}>Forwarded</th>
                  </tr>
                </thead>
                <tbody>
                  {edge.nexthops.map((hop) => {
                    const rate = hop.device ? edgeMember?.rates[`forwarded:${hop.device}`] : undefined;
                    return (
                      <tr key={hop.via} className="border-b border-slate-100 last:border-0">
                        <th scope="row" className={`${cell} font-mono text-xs font-medium`}>
                          {hop.via}
                          {hop.interface ? ` dev ${hop.interface}` : ""}
                        </th>
                        <td className={cell}>{hop.device ? nameOf(hop.device) : "not a server of this site"}</td>
                        <td className={`${cell} whitespace-nowrap tabular-nums`}>
                          <RateText rate={rate} />
                          {hop.device && edgeMember && (
                            <Sparkline series={seriesOf(recent, edgeMember.device, `forwarded:${hop.device}`)} label={`forwarded to ${nameOf(hop.device)}`} />
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
          )}
        </>
      )}
    </section>
  );
}

function SessionTable({ rows }: { rows: { device: string; s: BgpSession }[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No BGP session read yet.</p>;
  return (
    <TableScroll label="BGP sessions">
      <table className="w-full text-left text-sm" data-testid="bgp-sessions">
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th className={head}>On</th>
            <th className={head}>Protocol</th>
            <th className={head}>Peer</th>
            <th className={head}>State</th>
            <th className={head}>Since (device clock)</th>
            <th className={head}>Info</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ device, s }) => (
            <tr key={`${device}-${s.protocol}`} className="border-b border-slate-100 last:border-0">
              <th scope="row" className={`${cell} font-medium`}>
                {device}
              </th>
              <td className={`${cell} font-mono text-xs`}>{s.protocol}</td>
              <td className={`${cell} font-mono text-xs`}>{s.peer ?? "—"}</td>
              <td className={`${cell} font-medium ${s.established ? "text-emerald-700" : "text-rose-700"}`}>{s.state}</td>
              <td className={cell}>{since(s.since)}</td>
              <td className={`${cell} text-slate-600`}>{s.info}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function BfdTable({ rows }: { rows: { device: string; b: BfdSession }[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No BFD session read yet.</p>;
  return (
    <TableScroll label="BFD sessions">
      <table className="w-full text-left text-sm" data-testid="bfd-sessions">
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th className={head}>On</th>
            <th className={head}>Peer</th>
            <th className={head}>Interface</th>
            <th className={head}>State</th>
            <th className={head}>Since (device clock)</th>
            <th className={head}>Interval / timeout</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ device, b }) => (
            <tr key={`${device}-${b.peer}`} className="border-b border-slate-100 last:border-0">
              <th scope="row" className={`${cell} font-medium`}>
                {device}
              </th>
              <td className={`${cell} font-mono text-xs`}>{b.peer}</td>
              <td className={cell}>{b.interface ?? "—"}</td>
              <td className={`${cell} font-medium ${b.state === "Up" ? "text-emerald-700" : "text-rose-700"}`}>{b.state}</td>
              <td className={cell}>{since(b.since)}</td>
              <td className={`${cell} tabular-nums`}>
                {b.intervalMs ?? "—"} ms / {b.timeoutMs ?? "—"} ms
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
