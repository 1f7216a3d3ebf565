import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { roleAtLeast } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { recordAuditEvent, type AuditOutcome } from "@/lib/services/audit";
import { actorRole, serviceContext, type ServiceContext } from "@/lib/services/context";
import { assertCsrf, authenticate, clientAddress, type RequestAuth } from "./authenticate";
import type { EndpointSpec } from "./endpoint";
import { hostAllowed, misdirectedResponse, requestHost } from "./allowed-host";
import { ApiError, errorResponse, invalidPart, toErrorResponse, type InputPart } from "./errors";
import { readJsonBody } from "./read-body";

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export type HandlerInput<S extends EndpointSpec> = {
  ctx: ServiceContext;
  auth: RequestAuth;
  request: Request;
  params: Out<S["params"]>;
  query: Out<S["query"]>;
  body: Out<S["body"]>;
};

export type CookieOp = { name: string; value: string; expires?: Date; maxAge?: number };

export type Reply<S extends EndpointSpec> = {
  data: S["response"] extends z.ZodType ? z.input<S["response"]> : null;
  /** Names what the change was about, for the audit log. */
  target?: string;
  /** What the request found out, for the audit log (e.g. a connection check's result); never secrets. */
  auditDetail?: Record<string, unknown>;
  cookies?: CookieOp[];
  /** Text (endpoints that declare `produces`): sent as is, with its type, and as a download when it has a file name. */
  file?: { body: string; filename?: string };
  /** A live feed (endpoints that produce text/event-stream): sent as it comes, until the client goes away. */
  stream?: ReadableStream<Uint8Array>;
};

type RouteContext = { params: Promise<Record<string, string>> };

// The whole life of an API request: refuse a Host we do not answer to (before anything is read or audited),
// authenticate, check CSRF and role, parse input (≤ 1 MiB, strict schemas), call the handler (which calls one
// service verb), map errors, and audit every state-changing request.
export function handle<S extends EndpointSpec>(spec: S, handler: (input: HandlerInput<S>) => Promise<Reply<S>>) {
  return async (request: Request, route: RouteContext): Promise<Response> => {
    const host = requestHost(request);
    if (!hostAllowed(host)) return misdirectedResponse(host);
    const ip = clientAddress(request);
    let ctx = serviceContext({ type: "anonymous" }, ip);
    let target: string | undefined;
    let detail: Record<string, unknown> = {};
    let response: NextResponse;
    try {
      const auth = await authenticate(request);
      ctx = serviceContext(auth.actor, ip);
      assertAccess(spec, auth);
      assertCsrf(request, auth, { sessionBound: spec.access !== "public" });
      const params = spec.params ? parsePart("path", spec.params, await route.params) : undefined;
      target = (params as { id?: string } | undefined)?.id;
      const query = spec.query ? parsePart("query", spec.query, Object.fromEntries(new URL(request.url).searchParams)) : undefined;
      const body = spec.body ? await readJsonBody(request, spec.body) : undefined;
      if (body !== undefined && spec.auditDetail) detail = spec.auditDetail(body);
      const reply = await handler({ ctx, auth, request, params, query, body } as HandlerInput<S>);
      target = reply.target ?? target;
      detail = { ...detail, ...reply.auditDetail };
      response = toResponse(spec, reply);
    } catch (error) {
      response = toErrorResponse(error);
    }
    if (spec.method !== "GET") await audit(ctx, spec, response, target, detail);
    return response;
  };
}

function parsePart<T extends z.ZodType>(part: InputPart, schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidPart(part, parsed.error);
  return parsed.data;
}

function assertAccess(spec: EndpointSpec, auth: RequestAuth): void {
  if (spec.access === "public") return;
  const role = actorRole(auth.actor);
  if (role === null) throw new ApiError("unauthenticated", "sign in or send a bearer token");
  if (!roleAtLeast(role, spec.access)) throw new ApiError("forbidden", `this needs the ${spec.access} role; you are ${role}`);
}

function toResponse<S extends EndpointSpec>(spec: S, reply: Reply<S>): NextResponse {
  const status = spec.successStatus ?? 200;
  const response =
    spec.produces === "text/event-stream" && reply.stream
      ? new NextResponse(reply.stream, { status, headers: { "Content-Type": "text/event-stream; charset=utf-8", "X-Accel-Buffering": "no" } })
      : spec.produces && reply.file
        ? new NextResponse(reply.file.body, {
            status,
            headers: {
              "Content-Type": `${spec.produces}; charset=utf-8`,
              ...(reply.file.filename ? { "Content-Disposition": `attachment; filename="${reply.file.filename}"` } : {}),
            },
          })
        : status === 204
          ? new NextResponse(null, { status })
          : NextResponse.json(reply.data, { status });
  for (const cookie of reply.cookies ?? []) response.cookies.set(cookie.name, cookie.value, cookieAttributes(cookie));
  // no-transform: a proxy (or Next.js's own compression) must pass each event on as it comes, not gather them.
  response.headers.set("Cache-Control", spec.produces === "text/event-stream" ? "no-store, no-transform" : "no-store");
  return response;
}

function cookieAttributes(cookie: CookieOp) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: env().WAYMARK_SECURE_COOKIES,
    path: "/",
    expires: cookie.expires,
    maxAge: cookie.maxAge,
  };
}

async function audit(ctx: ServiceContext, spec: EndpointSpec, response: Response, target: string | undefined, detail: Record<string, unknown>) {
  const outcome = outcomeOf(response.status);
  try {
    await recordAuditEvent(ctx, { action: spec.operationId, target, outcome, detail: { ...detail, status: response.status } });
  } catch (error) {
    // An audit write that fails must not turn a completed change into an error reply; it is logged loudly instead.
    console.error(`audit write failed for ${spec.operationId}`, error);
  }
}

function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return "ok";
  if (status === 401 || status === 403 || status === 429) return "denied";
  if (status < 500) return "invalid";
  return "error";
}

export { errorResponse };
