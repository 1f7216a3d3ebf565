import "server-only";
import { roleAtLeast, type Role } from "@/lib/auth/roles";
import { db, type Db } from "@/lib/db/client";
import { ForbiddenError } from "./errors";

// Who is acting. A background job calls the same verbs as a person, as { type: "system" }.
export type Actor =
  | { type: "user"; userId: string; username: string; role: Role; sessionId: string }
  | { type: "token"; userId: string; username: string; role: Role; tokenId: string; tokenName: string }
  | { type: "system"; job: string }
  | { type: "anonymous" };

export type ServiceContext = { actor: Actor; ip: string | null; db: Db };

export function serviceContext(actor: Actor, ip: string | null): ServiceContext {
  return { actor, ip, db: db() };
}

export function actorRole(actor: Actor): Role | null {
  if (actor.type === "system") return "admin";
  if (actor.type === "anonymous") return null;
  return actor.role;
}

export function actorName(actor: Actor): string {
  switch (actor.type) {
    case "user":
      return actor.username;
    case "token":
      return `${actor.username} (token ${actor.tokenName})`;
    case "system":
      return `system:${actor.job}`;
    case "anonymous":
      return "anonymous";
  }
}

export function actorUserId(actor: Actor): string | null {
  return actor.type === "user" || actor.type === "token" ? actor.userId : null;
}

export function requireRole(ctx: ServiceContext, required: Role): void {
  const role = actorRole(ctx.actor);
  if (role === null || !roleAtLeast(role, required)) {
    throw new ForbiddenError(`this needs the ${required} role; you are ${role ?? "not signed in"}`);
  }
}
