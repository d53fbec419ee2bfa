/**
 * One error type for every refusal the domain makes, with a stable `code` that clients rely on and an
 * HTTP status chosen once here (ARCHITECTURE rule 8).
 */
export type ErrorKind =
  | "bad_request" // 400: malformed or invalid input
  | "unauthenticated" // 401
  | "forbidden" // 403: the action itself is not allowed for the role
  | "not_found" // 404: missing, or not reachable by the actor (never a hint that it exists)
  | "conflict" // 409: the state of the world refuses it (duplicate, already decided, race lost)
  | "unprocessable" // 422: a domain rule refuses it
  | "too_many"; // 429

const STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_many: 429,
};

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details: unknown;

  constructor(kind: ErrorKind, code: string, message: string, details?: unknown) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return STATUS[this.kind];
  }
}

export const notFound = (what = "object") => new AppError("not_found", "not_found", `${what} not found`);
export const forbidden = (message = "not allowed for your role") =>
  new AppError("forbidden", "forbidden", message);
export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError("bad_request", code, message, details);
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError("conflict", code, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new AppError("unprocessable", code, message, details);

/** PostgreSQL's unique_violation, for mapping a lost race on a unique index to a clean answer. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = pgError(err);
  return e?.code === "23505" && (constraint === undefined || e.constraint === constraint);
}

/** Drizzle wraps driver errors; the pg error with its SQLSTATE is the cause. */
export function pgError(err: unknown): { code?: string; constraint?: string } | undefined {
  let e: unknown = err;
  for (let i = 0; i < 3 && e; i++) {
    if (
      typeof e === "object" &&
      e !== null &&
      "code" in e &&
      typeof (e as { code: unknown }).code === "string"
    ) {
      return e as { code?: string; constraint?: string };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
