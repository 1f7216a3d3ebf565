// One site: members and their applied state, the live view, "Preview and push", the push history, and taking the
// site off its devices.
import type { Metadata } from "next";
import { SiteScreen } from "@/components/sites/site-screen";
import { hasRole } from "@/lib/http/page-auth";
import { siteOrNotFound } from "./site";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { site } = await siteOrNotFound((await params).id);
  return { title: `${site.name} · Site` };
}

export default async function SitePage({ params }: Props) {
  const { session, site } = await siteOrNotFound((await params).id);
  return <SiteScreen site={site} canOperate={hasRole(session, "operator")} />;
}
