import "server-only";
import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { authenticateBearer, authenticateSessionCookie, SESSION_COOKIE } from "@/lib/services/auth";
import type { Actor } from "@/lib/services/context";
import { ApiError } from "./errors";

export type RequestAuth = { actor: Actor; via: "session" | "token" | "none"; csrfToken: string | null };

export const CSRF_HEADER = "x-csrf-token";

export async function authenticate(request: Request): Promise<RequestAuth> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const actor = match?.[1] ? await authenticateBearer(match[1]) : null;
    if (!actor) throw new ApiError("unauthenticated", "the bearer token is invalid, expired or revoked");
    return { actor, via: "token", csrfToken: null };
  }
  const session = await authenticateSessionCookie(readCookie(request, SESSION_COOKIE));
  if (session) return { actor: session.actor, via: "session", csrfToken: session.csrfToken };
  return { actor: { type: "anonymous" }, via: "none", csrfToken: null };
}

// Cookie-borne requests must prove they come from our own pages: a same-origin Origin header when the browser
// sends one, and the session's CSRF token in a custom header (which a cross-site form cannot set). Requests
// without a session (sign-in, first-run setup) still need the header, which forces a CORS preflight we never grant;
// those public endpoints are not bound to a session, so a stale cookie does not block signing in again.
export function assertCsrf(request: Request, auth: RequestAuth, options: { sessionBound: boolean }): void {
  if (auth.via === "token" || request.method === "GET" || request.method === "HEAD") return;
  const origin = request.headers.get("origin");
  if (origin && origin !== expectedOrigin(request)) throw new ApiError("forbidden", "cross-origin request refused");
  const sent = request.headers.get(CSRF_HEADER);
  if (!sent) throw new ApiError("forbidden", `missing ${CSRF_HEADER} header`);
  if (options.sessionBound && auth.via === "session" && !sameSecret(sent, auth.csrfToken ?? ""))
    throw new ApiError("forbidden", "CSRF token does not match this session");
}

function expectedOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("host") ?? url.host;
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  return `${proto}://${host}`;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key !== name) continue;
    // A malformed value (bad percent-encoding) is no session at all, not a server error.
    try {
      return decodeURIComponent(rest.join("="));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

// scripts/serve.mjs rewrites X-Forwarded-For from the socket, so its last entry is the peer we actually talk to.
// Behind a reverse proxy (WAYMARK_TRUST_PROXY) that peer is the proxy, and the entry before it is the client.
export function clientAddress(request: Request): string | null {
  return clientAddressFrom(request.headers.get("x-forwarded-for"));
}

export function clientAddressFrom(forwarded: string | null): string | null {
  if (!forwarded) return null;
  const hops = forwarded
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  const index = env().WAYMARK_TRUST_PROXY ? hops.length - 2 : hops.length - 1;
  // An address is at most 45 characters (IPv6 with an IPv4 tail); anything longer is not one we recorded.
  return (hops[Math.max(0, index)] ?? "").replace(/^::ffff:/, "").slice(0, 45) || null;
}
