/**
 * The audit trail: every change writes who, when, what, before and after — in the same transaction as
 * the change, so a rolled-back change leaves no audit row and a committed one always has its row.
 */
import type { Executor } from "../db/index.ts";
import type { Actor } from "./access.ts";
import { auditLog } from "./schema.ts";

export interface AuditEntry {
  storeId: number | null;
  action: string;
  entity: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
  at?: Date;
}

export async function audit(
  tx: Executor,
  // a write done on behalf of a user inside another use case (e.g. callbacks opened by a delivery) knows the id
  actor: Pick<Actor, "userId" | "ip"> | null,
  entry: AuditEntry | AuditEntry[],
): Promise<void> {
  const entries = Array.isArray(entry) ? entry : [entry];
  if (entries.length === 0) return;
  await tx.insert(auditLog).values(
    entries.map((e) => ({
      storeId: e.storeId,
      actorId: actor?.userId ?? null,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId === null ? null : String(e.entityId),
      before: redact(e.before) ?? null,
      after: redact(e.after) ?? null,
      ip: actor?.ip ?? null,
      ...(e.at ? { at: e.at } : {}),
    })),
  );
}

/** Secrets never reach the audit log, whatever a caller passes. */
function redact(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = /password|token/i.test(k) ? "[redacted]" : v;
  }
  return out;
}
