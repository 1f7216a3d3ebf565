import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { roleAtLeast, type Role } from "@/lib/auth/roles";
import { authenticateSessionCookie, needsSetup, SESSION_COOKIE, type ResolvedSession } from "@/lib/services/auth";
import { clientAddressFrom } from "./authenticate";
import { serviceContext, type ServiceContext } from "@/lib/services/context";

export type PageSession = ResolvedSession & { ctx: ServiceContext };

async function requestAddress(): Promise<string | null> {
  return clientAddressFrom((await headers()).get("x-forwarded-for"));
}

// Every dashboard page starts here: no users yet → first-run setup; no session → sign-in.
export async function requirePageSession(): Promise<PageSession> {
  const session = await authenticateSessionCookie((await cookies()).get(SESSION_COOKIE)?.value);
  if (!session) {
    const ctx = serviceContext({ type: "anonymous" }, null);
    redirect((await needsSetup(ctx)) ? "/setup" : "/login");
  }
  return { ...session, ctx: serviceContext(session.actor, await requestAddress()) };
}

export async function optionalPageSession(): Promise<ResolvedSession | null> {
  return authenticateSessionCookie((await cookies()).get(SESSION_COOKIE)?.value);
}

export function hasRole(session: PageSession, role: Role): boolean {
  return roleAtLeast(session.actor.role, role);
}
