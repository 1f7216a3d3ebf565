// A new site, as a form (or its JSON): the kind, its settings and its member devices, previewed before it is saved.
import type { Metadata } from "next";
import { Forbidden } from "@/components/forbidden";
import { SiteForm } from "@/components/sites/form/site-form";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { listDevices } from "@/lib/services/devices";

export const metadata: Metadata = { title: "New site" };

export default async function NewSitePage() {
  const session = await requirePageSession();
  if (!hasRole(session, "operator")) return <Forbidden requiredRole="operator" />;
  const devices = (await listDevices(session.ctx)).map((d) => ({ id: d.id, name: d.name, kind: d.kind }));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">New site</h1>
        <p className="text-sm text-slate-600">Nothing is sent to a device until you push the site from its page.</p>
      </div>
      <SiteForm site={null} devices={devices} />
    </div>
  );
}
