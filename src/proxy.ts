// Runs before every request Next.js serves, pages, API and static files alike: refuses a Host the dashboard does
// not answer to (DNS rebinding), then gives the request a fresh script nonce and its Content-Security-Policy.
// Pages are rendered per request (the root layout reads the session cookie), which nonces need.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { hostAllowed, misdirectedResponse } from "@/lib/http/allowed-host";
import { contentSecurityPolicy, newNonce } from "@/lib/http/content-security-policy";

const CSP = "content-security-policy";

export function proxy(request: NextRequest): NextResponse {
  const host = request.headers.get("host");
  if (!hostAllowed(host)) return misdirectedResponse(host);
  const policy = contentSecurityPolicy(newNonce(), { development: env().NODE_ENV === "development" });
  // Next.js reads the nonce from the request's own CSP header while rendering.
  const headers = new Headers(request.headers);
  headers.set(CSP, policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(CSP, policy);
  return response;
}
