import type { Metadata } from "next";
import { CreateTokenForm, RevokeTokenButton } from "@/components/admin-forms";
import { Forbidden } from "@/components/forbidden";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { listTokens } from "@/lib/services/tokens";
import { formatDateTime } from "@/components/format-time";
import { TableScroll } from "@/components/shell/table-scroll";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const session = await requirePageSession();
  if (!hasRole(session, "admin")) return <Forbidden requiredRole="admin" />;
  const tokens = await listTokens(session.ctx);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">API tokens</h1>
      <p className="text-sm text-slate-600">
        For automation: send <code className="font-mono">Authorization: Bearer wmk_…</code> to any <code className="font-mono">/api/v1</code> route (described
        at{" "}
        <a className="text-sky-800 underline" href="/api/v1/openapi.json">
          /api/v1/openapi.json
        </a>
        ).
      </p>
      <CreateTokenForm />
      <TableScroll label="API tokens">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs whitespace-nowrap text-slate-500 uppercase">
            <tr>
              {["Name", "Token", "Role", "Owner", "Last used", "Expires", ""].map((h) => (
                <th key={h} className="px-4 py-2">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} className={`border-t border-slate-100 ${t.revokedAt ? "text-slate-400 line-through" : ""}`}>
                <td className="px-4 py-2 font-medium">{t.name}</td>
                <td className="px-4 py-2 font-mono text-xs">{t.prefix}…</td>
                <td className="px-4 py-2">{t.role}</td>
                <td className="px-4 py-2">{t.owner}</td>
                <td className="px-4 py-2">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "never"}</td>
                <td className="px-4 py-2">{t.expiresAt ? formatDateTime(t.expiresAt) : "never"}</td>
                <td className="px-4 py-2">{!t.revokedAt && <RevokeTokenButton id={t.id} name={t.name} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
