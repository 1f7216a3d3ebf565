import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CredentialsForm } from "@/components/credentials-form";
import { needsSetup } from "@/lib/services/auth";
import { serviceContext } from "@/lib/services/context";

export const metadata: Metadata = { title: "Set up Waymark" };

export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (!(await needsSetup(serviceContext({ type: "anonymous" }, null)))) redirect("/login");
  return <CredentialsForm mode="setup" />;
}
