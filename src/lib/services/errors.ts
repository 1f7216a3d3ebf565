// The services' error taxonomy. Each boundary (REST, pages) maps these in one place: src/lib/http/errors.ts.
export type ServiceErrorCode =
  | "invalid_input"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "precondition_failed"
  | "rate_limited"
  | "device_unreachable";

export class ServiceError extends Error {
  constructor(readonly code: ServiceErrorCode, message: string, readonly details?: unknown) {
    super(message);
    this.name = "ServiceError";
  }
}

export class ValidationError extends ServiceError {
  constructor(message: string, details?: unknown) {
    super("invalid_input", message, details);
  }
}

export class UnauthenticatedError extends ServiceError {
  constructor(message = "sign in first") {
    super("unauthenticated", message);
  }
}

export class ForbiddenError extends ServiceError {
  constructor(message: string) {
    super("forbidden", message);
  }
}

export class NotFoundError extends ServiceError {
  constructor(entity: string, id: string) {
    super("not_found", `${entity} ${JSON.stringify(id)} not found`);
  }
}

export class ConflictError extends ServiceError {
  constructor(message: string) {
    super("conflict", message);
  }
}

export class PreconditionFailedError extends ServiceError {
  constructor(message: string) {
    super("precondition_failed", message);
  }
}

export class RateLimitedError extends ServiceError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super("rate_limited", message);
  }
}
