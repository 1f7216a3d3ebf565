import "server-only";
import { db } from "@/lib/db/client";
import type { Actor } from "../context";
import { resolveApiToken } from "./resolve-token";
import { resolveSession, type ResolvedSession } from "./sessions";

// Entry points for the HTTP edge, which identifies callers but never holds a database handle itself.
export function authenticateSessionCookie(cookieValue: string | undefined): Promise<ResolvedSession | null> {
  return resolveSession(db(), cookieValue);
}

export function authenticateBearer(token: string): Promise<Extract<Actor, { type: "token" }> | null> {
  return resolveApiToken(db(), token);
}
