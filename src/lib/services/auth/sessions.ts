import "server-only";
import { parseRole } from "@/lib/auth/roles";
import { digest, newSecret } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import type { Actor } from "../context";

export const SESSION_COOKIE = "wm_session";
export const SESSION_TTL_MS = 12 * 60 * 60_000;
// Sliding expiry is written at most this often, so reads do not turn every page view into a write.
const TOUCH_EVERY_MS = 60_000;

export type NewSession = { cookieValue: string; csrfToken: string; expiresAt: Date };

export async function openSession(db: Db, userId: string, meta: { ip: string | null; userAgent: string | null }): Promise<NewSession> {
  const cookieValue = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.session.create({
    data: { id: digest(cookieValue), userId, csrfToken, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 256) },
  });
  return { cookieValue, csrfToken, expiresAt };
}

export type ResolvedSession = { actor: Extract<Actor, { type: "user" }>; csrfToken: string };

export async function resolveSession(db: Db, cookieValue: string | undefined): Promise<ResolvedSession | null> {
  if (!cookieValue || cookieValue.length > 128) return null;
  const session = await db.session.findUnique({ where: { id: digest(cookieValue) }, include: { user: true } });
  if (!session) return null;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now) {
    await db.session.delete({ where: { id: session.id } }).catch(() => {});
    return null;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now), expiresAt: new Date(now + SESSION_TTL_MS) } });
  }
  const { user } = session;
  return {
    actor: { type: "user", userId: user.id, username: user.username, role: parseRole(user.role), sessionId: session.id },
    csrfToken: session.csrfToken,
  };
}

export async function closeSession(db: Db, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}
