// Edit a site: the same form as a new one, from the saved intent; saving makes a new revision, pushing is separate.
import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/forbidden";
import { SiteForm } from "@/components/sites/form/site-form";
import { hasRole } from "@/lib/http/page-auth";
import { listDevices } from "@/lib/services/devices";
import { siteOrNotFound } from "../site";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { site } = await siteOrNotFound((await params).id);
  return { title: `${site.name} · Edit site` };
}

export default async function EditSitePage({ params }: Props) {
  const { session, site } = await siteOrNotFound((await params).id);
  if (!hasRole(session, "operator")) return <Forbidden requiredRole="operator" />;
  const devices = (await listDevices(session.ctx)).map((d) => ({ id: d.id, name: d.name, kind: d.kind }));
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-600">
          <Link href={`/sites/${site.id}`} className="text-sky-800 hover:underline">
            {site.name}
          </Link>{" "}
          / edit
        </p>
        <h1 className="text-2xl font-semibold">Edit site {site.name}</h1>
        <p className="text-sm text-slate-600">Saving makes revision {site.revision + 1}; the devices change only when you push it.</p>
      </div>
      <SiteForm site={site} devices={devices} />
    </div>
  );
}
