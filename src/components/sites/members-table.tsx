import Link from "next/link";
import { formatDateTime } from "@/components/format-time";
import { TableScroll } from "@/components/shell/table-scroll";
import type { SiteView } from "@/lib/domain/site";
import { ROLE_WORDS } from "./words";

type Member = SiteView["members"][number];

/** What the intent says of a member beyond its role: "node 2 on eth1, 10.0.0.11", "AS 65001, standby". */
function memberFacts(site: SiteView, device: string): string {
  const m = site.intent.members.find((x) => x.device === device);
  if (!m) return "no longer in the site";
  if (m.role === "vip-node") return `node ${m.nodeId} on ${m.interface}, ${m.address}`;
  if (m.role === "anycast-edge") return `AS ${m.asn}`;
  return `${m.address} on ${m.interface} towards ${m.edgeAddress}, AS ${m.asn}, ${m.preference}`;
}

// The site's member devices and what the last confirmed push left on each.
export function MembersTable({ site }: { site: SiteView }) {
  return (
    <TableScroll label="Members">
      <table className="w-full text-left text-sm" data-testid="site-members">
        <caption className="sr-only">The devices of site {site.name} and the plan each runs</caption>
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">Device</th>
            <th className="px-3 py-2 font-medium">Role</th>
            <th className="px-3 py-2 font-medium">Applied</th>
          </tr>
        </thead>
        <tbody>
          {site.members.map((member: Member) => (
            <tr key={member.device} className="border-b border-slate-100 last:border-0" data-testid="site-member" data-device={member.deviceName}>
              <th scope="row" className="px-3 py-2 font-medium">
                <Link href={`/devices/${member.device}`} className="text-sky-800 underline-offset-2 hover:underline">
                  {member.deviceName}
                </Link>
                {member.deviceKind === "routeros" && (
                  <span className="block text-xs font-normal text-rose-700">a MikroTik router: it cannot run a site&apos;s plan</span>
                )}
              </th>
              <td className="px-3 py-2">
                {ROLE_WORDS[member.role]}
                <span className="block text-xs text-slate-600">{memberFacts(site, member.device)}</span>
              </td>
              <td className="px-3 py-2" data-testid="member-applied">
                {member.applied ? (
                  <>
                    plan <span className="font-mono text-xs">{member.applied.hash.slice(0, 12)}</span>
                    <span className="block text-xs text-slate-600">confirmed {formatDateTime(member.applied.confirmedAt)}</span>
                  </>
                ) : (
                  <span className="text-slate-600">not on the device</span>
                )}
                {member.leaving && <span className="block text-xs text-amber-800">left the site: the next push or a removal takes its plan off</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
