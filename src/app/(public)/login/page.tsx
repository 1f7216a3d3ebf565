import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CredentialsForm } from "@/components/credentials-form";
import { optionalPageSession } from "@/lib/http/page-auth";
import { needsSetup } from "@/lib/services/auth";
import { serviceContext } from "@/lib/services/context";

export const metadata: Metadata = { title: "Sign in" };

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (await needsSetup(serviceContext({ type: "anonymous" }, null))) redirect("/setup");
  if (await optionalPageSession()) redirect("/devices");
  return <CredentialsForm mode="login" />;
}
