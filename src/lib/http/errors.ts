import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { describeUniqueViolation, RateLimitedError, ServiceError, uniqueViolation, type ServiceErrorCode } from "@/lib/services/errors";

// The one mapping from failures to HTTP. Unknown errors never leak their message: it is logged, the client gets
// a generic 500.
export type ApiErrorCode = ServiceErrorCode | "bad_request" | "payload_too_large" | "unsupported_media_type" | "misdirected_request" | "internal";

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  invalid_input: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  misdirected_request: 421,
  rate_limited: 429,
  device_unreachable: 502,
  device_timed_out: 504,
  device_auth_failed: 502,
  device_host_key_mismatch: 502,
  device_protocol_error: 502,
  internal: 500,
};

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function errorResponse(code: ApiErrorCode, message: string, details?: unknown, headers?: HeadersInit): NextResponse {
  const body = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return NextResponse.json(body, { status: STATUS[code], headers });
}

export function toErrorResponse(error: unknown): NextResponse {
  if (error instanceof z.ZodError) return errorResponse("invalid_input", describeZodError(error), error.issues.map(issueView));
  if (error instanceof RateLimitedError) {
    return errorResponse(error.code, error.message, undefined, { "Retry-After": String(error.retryAfterSeconds) });
  }
  if (error instanceof ServiceError || error instanceof ApiError) return errorResponse(error.code, error.message, error.details);
  // Two requests racing for one unique value: the loser is told so, wherever the write happened.
  const duplicate = uniqueViolation(error);
  if (duplicate) return errorResponse("conflict", describeUniqueViolation(duplicate));
  console.error("unhandled error in API route", error);
  return errorResponse("internal", "internal error; the server log has details");
}

function issueView(issue: z.core.$ZodIssue) {
  return { path: issue.path.map(String).join("."), message: issue.message };
}

/** Where an input came from; a body's fields are named bare ("name: …"), the other parts by their place. */
export type InputPart = "body" | "query" | "path";

export function describeZodError(error: z.ZodError, part: InputPart = "body"): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const field = issue.path.map(String).join(".");
      const where = part === "body" ? field || "body" : [part, field].filter(Boolean).join(": ");
      return `${where}: ${issue.message}`;
    })
    .join("; ");
}

/** A query string or path parameter that fails its schema: a 422 that says which part of the request was wrong. */
export function invalidPart(part: InputPart, error: z.ZodError): ApiError {
  return new ApiError("invalid_input", describeZodError(error, part), error.issues.map(issueView));
}
