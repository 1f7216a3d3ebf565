import "server-only";
import type { NextResponse } from "next/server";
import { env, parseHostPort } from "@/lib/env";
import { errorResponse } from "./errors";

// Against DNS rebinding: a page on an attacker's name that re-resolves to this dashboard is same-origin with it
// in the browser, so its Origin matches its Host and the CSRF check alone lets it through. Only a Host we answer
// to (WAYMARK_ALLOWED_HOSTS) may reach anything; the proxy (src/proxy.ts) and handle() both check it.
export function hostAllowed(host: string | null): boolean {
  const asked = host === null ? null : parseHostPort(host);
  if (!asked) return false;
  return env().allowedHosts.some((allowed) => allowed.name === asked.name && (allowed.port === null || allowed.port === asked.port));
}

/** The Host a request was sent to: the header, or for a request built in-process (no header) its URL's. */
export function requestHost(request: Request): string {
  return request.headers.get("host") ?? new URL(request.url).host;
}

export function misdirectedResponse(host: string | null): NextResponse {
  const shown = (host ?? "(none)").slice(0, 100);
  const message = `this dashboard does not answer to the host name ${JSON.stringify(shown)}; an operator can allow it with WAYMARK_ALLOWED_HOSTS`;
  return errorResponse("misdirected_request", message, undefined, { "Cache-Control": "no-store" });
}
