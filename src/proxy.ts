// Runs before every request Next.js serves, pages, API and static files alike: refuses a Host the dashboard does
// not answer to (DNS rebinding) before anything renders.
import { NextResponse, type NextRequest } from "next/server";
import { hostAllowed, misdirectedResponse } from "@/lib/http/allowed-host";

export function proxy(request: NextRequest): NextResponse {
  const host = request.headers.get("host");
  if (!hostAllowed(host)) return misdirectedResponse(host);
  return NextResponse.next();
}
