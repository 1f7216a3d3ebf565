// The services' error taxonomy. Each boundary (REST, pages) maps these in one place: src/lib/http/errors.ts.
export type ServiceErrorCode =
  | "invalid_input"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "precondition_failed"
  | "rate_limited"
  | "device_unreachable"
  | "device_timed_out"
  | "device_auth_failed"
  | "device_host_key_mismatch"
  | "device_protocol_error";

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
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
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", message);
  }
}

// ---- Unique-constraint violations ----
// Every driver adapter reports a unique index refusing a write as Prisma's P2002; what it says about the index
// differs: SQLite gives the columns ({ fields }), PostgreSQL the index name ({ index: "User_username_key" }).
type UniqueViolation = { table: string | null; fields: string[] };

export function uniqueViolation(error: unknown): UniqueViolation | null {
  if (typeof error !== "object" || error === null || (error as { code?: unknown }).code !== "P2002") return null;
  const meta = (error as { meta?: { table?: unknown; driverAdapterError?: { cause?: unknown } } }).meta;
  const cause = (meta?.driverAdapterError?.cause ?? {}) as { table?: unknown; constraint?: { fields?: unknown; index?: unknown } };
  const table = typeof cause.table === "string" ? cause.table : typeof meta?.table === "string" ? meta.table : null;
  const fields = Array.isArray(cause.constraint?.fields) ? cause.constraint.fields.map(String) : fieldsFromIndexName(cause.constraint?.index, table);
  return { table, fields };
}

// Prisma names a unique index "<Table>_<field>_<field>_key".
function fieldsFromIndexName(index: unknown, table: string | null): string[] {
  if (typeof index !== "string" || !table || !index.startsWith(`${table}_`) || !index.endsWith("_key")) return [];
  return index.slice(table.length + 1, -"_key".length).split("_");
}

/** The generic wording, for a violation no service turned into a sentence of its own. */
export function describeUniqueViolation(violation: UniqueViolation): string {
  const what = violation.table ? violation.table.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase() : "record";
  // PostgreSQL names a primary key "<Table>_pkey", without its columns.
  if (violation.fields.length === 0) return `a ${what} like this already exists`;
  return `a ${what} with this ${violation.fields.join(" and ")} already exists`;
}

/** For `.catch()` on a write: a unique violation becomes a ConflictError saying `message`; anything else is rethrown. */
export function conflictOnDuplicate(message: string): (error: unknown) => never {
  return (error) => {
    if (uniqueViolation(error)) throw new ConflictError(message);
    throw error;
  };
}
