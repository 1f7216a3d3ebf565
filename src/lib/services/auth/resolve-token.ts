import "server-only";
import { parseRole, roleAtLeast } from "@/lib/auth/roles";
import { API_TOKEN_PREFIX, digest } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import type { Actor } from "../context";

const TOUCH_EVERY_MS = 60_000;

// A token acts with its own role, capped by its owner's current role (demoting a user demotes their tokens).
export async function resolveApiToken(db: Db, bearer: string): Promise<Extract<Actor, { type: "token" }> | null> {
  if (!bearer.startsWith(API_TOKEN_PREFIX) || bearer.length > 128) return null;
  const token = await db.apiToken.findUnique({ where: { tokenHash: digest(bearer) }, include: { user: true } });
  const now = Date.now();
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt.getTime() <= now)) return null;
  if (!token.lastUsedAt || now - token.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date(now) } });
  }
  const ownerRole = parseRole(token.user.role);
  const tokenRole = parseRole(token.role);
  return {
    type: "token",
    userId: token.userId,
    username: token.user.username,
    role: roleAtLeast(ownerRole, tokenRole) ? tokenRole : ownerRole,
    tokenId: token.id,
    tokenName: token.name,
  };
}
