// Any other /api/v1 path: a JSON 404 (or 401 when not signed in) rather than Next.js's HTML page.
import { hostAllowed, misdirectedResponse, requestHost } from "@/lib/http/allowed-host";
import { authenticate } from "@/lib/http/authenticate";
import { errorResponse, toErrorResponse } from "@/lib/http/errors";

async function notFound(request: Request): Promise<Response> {
  const host = requestHost(request);
  if (!hostAllowed(host)) return misdirectedResponse(host);
  try {
    const { actor } = await authenticate(request);
    if (actor.type === "anonymous") return errorResponse("unauthenticated", "sign in or send a bearer token");
    return errorResponse("not_found", `no API route ${request.method} ${new URL(request.url).pathname}`);
  } catch (error) {
    return toErrorResponse(error);
  }
}

export { notFound as GET, notFound as POST, notFound as PATCH, notFound as PUT, notFound as DELETE };
