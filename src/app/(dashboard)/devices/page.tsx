import type { Metadata } from "next";
import Link from "next/link";
import { ConnectionBadge } from "@/components/connection-badge";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { listDevices } from "@/lib/services/devices";
import { TableScroll } from "@/components/shell/table-scroll";

export const metadata: Metadata = { title: "Devices" };

export default async function DevicesPage() {
  const session = await requirePageSession();
  const devices = await listDevices(session.ctx);
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Devices</h1>
        {hasRole(session, "admin") && (
          <Link href="/devices/new" className="btn-primary">
            Add device
          </Link>
        )}
      </div>
      {devices.length === 0 ? (
        <div className="card text-sm text-slate-600">No devices yet. Add a MikroTik router or a Linux gateway to start.</div>
      ) : (
        <TableScroll label="Devices">
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs whitespace-nowrap tracking-wide text-slate-500 uppercase">
              <tr>
                <th className="px-4 py-2">Name</th>
                <th className="px-4 py-2">Kind</th>
                <th className="px-4 py-2">Address</th>
                <th className="px-4 py-2">Status</th>
                <th className="px-4 py-2">Model / version</th>
              </tr>
            </thead>
            <tbody>
              {devices.map((device) => (
                <tr key={device.id} className="border-t border-slate-100 hover:bg-slate-50">
                  <td className="px-4 py-2 font-medium whitespace-pre-wrap">
                    <Link href={`/devices/${device.id}`} className="text-sky-800 hover:underline">
                      {device.name}
                    </Link>
                  </td>
                  <td className="px-4 py-2">{device.kind === "routeros" ? "MikroTik" : "Linux"}</td>
                  <td className="px-4 py-2 font-mono text-xs">
                    {device.host}:{device.port}
                  </td>
                  <td className="px-4 py-2">
                    <ConnectionBadge status={device.lastCheck?.status ?? null} />
                  </td>
                  <td className="px-4 py-2 text-slate-600">{[device.model, device.version].filter(Boolean).join(" · ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}
