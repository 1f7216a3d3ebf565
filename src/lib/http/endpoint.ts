import "server-only";
import type { z } from "zod";
import type { Role } from "@/lib/auth/roles";

// An endpoint's contract: the route handler is built from it (src/lib/http/handle.ts) and so is the OpenAPI
// document (src/lib/http/openapi.ts), so what is validated and what is documented cannot drift apart.
export type Access = "public" | Role;
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type EndpointSpec = {
  method: HttpMethod;
  /** OpenAPI form, relative to /api/v1: "/devices/{id}". */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  /**
   * Not JSON: text (the CSV exports, the Prometheus exposition; the handler replies with `file`) or a stream of
   * Server-Sent Events (the live feeds; the handler replies with `stream`).
   */
  produces?: "text/csv" | "text/plain; version=0.0.4" | "text/event-stream";
  successStatus?: 200 | 201 | 204;
  /** What of the (validated) body belongs in the audit log; never secrets. */
  auditDetail?: (body: unknown) => Record<string, unknown>;
};

export function defineEndpoint<const S extends EndpointSpec>(spec: S): S {
  return spec;
}
