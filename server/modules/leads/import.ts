/**
 * Importing a lead list (导入潜客). The request parses and checks the file, records a `lead_imports` row
 * and answers at once; the rows are then written in the background, in batches of 1000, each batch one
 * transaction with a handful of set-based statements (100k rows in well under a minute; `createLead`
 * per row would take ~15 statements per row).
 *
 * The semantics are createLead's, per batch:
 * - a phone with an open lead merges into it (fills what the lead does not know yet, logs `merged`);
 *   later rows of the same phone in the file merge into the first;
 * - a new phone gets a customer (found or created by phone) and a new lead at level N (or the file's
 *   level), due by the rules from the import time, owned by the file's consultant or by the round robin
 *   (the pool when nobody is on duty);
 * - the partial unique index `leads_open_phone` decides races with concurrent creations: a row whose
 *   insert loses becomes a merge (its round-robin turn is then spent; rare, and harmless).
 *
 * Re-importing a file already imported into the store (same SHA-256, earlier import `done`) creates
 * nothing: its rows merge into the open leads of their phones, and a row whose phone has no open lead
 * any more fails with a reason instead of creating a lead again. The new import records `duplicateOf`.
 *
 * A crash or a refused batch marks the import `failed` with the reason as the last error row; batches
 * committed before stay (each batch is complete in itself, with its events and audit row).
 *
 * Here is the import's life (start, run, read, report); the writing of one batch is in import-batch.ts.
 */

import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, requirePermission, targetStore } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import { AppError, notFound, pgError } from "../../platform/errors.ts";
import { stores, users } from "../identity/index.ts";
import { type ImportErrorRow, importBatch, type Job } from "./import-batch.ts";
import { parseTable } from "./import-parse.ts";
import {
  type Mapping,
  type OwnerMatch,
  type RowContext,
  resolveMapping,
  suggestMapping,
} from "./import-values.ts";
import { localDateOf } from "./rules.ts";
import { leadImports } from "./schema.ts";
import { loadSettings } from "./settings.ts";

export { type ImportErrorRow, MAX_ERROR_ROWS } from "./import-batch.ts";

export const IMPORT_BATCH = 1000;
export const IMPORT_STATUSES = ["queued", "running", "done", "failed"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

const OWNER_ROLES = new Set(["consultant", "sales_manager"]);

export interface ImportFile {
  name: string;
  bytes: Buffer;
}

/** What `lead_imports.mapping` holds: the mapping used and the file's headers (for the error report). */
interface StoredMapping {
  fields: Mapping;
  headers: string[];
}

export interface StartImportOptions {
  /** the group admin names the store */
  storeId?: number;
  /** finishing times of the background work; defaults to `now` */
  clock?: Clock;
  /** told about a failed import (the request is long gone by then) */
  onError?: (err: unknown, importId: number) => void;
}

/**
 * Checks the file and the mapping (400/422 before anything is written), records the import and starts
 * the background work. `finished` settles when the import is done or failed (never rejects).
 */
export async function startImport(
  db: Db,
  actor: Actor,
  file: ImportFile,
  mapping: Mapping | undefined,
  now: Date,
  opts: StartImportOptions = {},
): Promise<{ importId: number; finished: Promise<void> }> {
  requirePermission(actor, "lead.import");
  const storeId = targetStore(actor, opts.storeId);
  const fileName = file.name.trim().slice(0, 255);
  const table = await parseTable(fileName, file.bytes);
  const fields = mapping ?? suggestMapping(table.headers);
  const resolved = resolveMapping(table.headers, fields);
  const [store] = await db.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId));
  if (!store) throw notFound("store");
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");

  const { importId, duplicateOf } = await db.transaction(async (tx) => {
    const [earlier] = await tx
      .select({ id: leadImports.id })
      .from(leadImports)
      .where(
        and(
          eq(leadImports.storeId, storeId),
          eq(leadImports.fileSha256, sha256),
          eq(leadImports.status, "done"),
        ),
      )
      .orderBy(asc(leadImports.id))
      .limit(1);
    const stored: StoredMapping = { fields, headers: table.headers };
    const [row] = await tx
      .insert(leadImports)
      .values({
        storeId,
        fileName,
        fileSha256: sha256,
        status: "queued",
        duplicateOf: earlier?.id ?? null,
        mapping: stored,
        total: table.rows.length,
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning({ id: leadImports.id, duplicateOf: leadImports.duplicateOf });
    await audit(tx, actor, {
      storeId,
      action: "create",
      entity: "lead_import",
      entityId: row!.id,
      after: { fileName, sha256, total: table.rows.length, duplicateOf: row!.duplicateOf, mapping: fields },
    });
    return { importId: row!.id, duplicateOf: row!.duplicateOf };
  });

  const job: Job = {
    importId,
    storeId,
    actor,
    rows: table.rows,
    rowNumbers: table.rowNumbers,
    mapping: resolved,
    duplicateOf,
    now,
    clock: opts.clock ?? { now: () => now },
  };
  // Not awaited by the request: the work continues in this process after the 202.
  const finished = runImport(db, job).catch(async (err) => {
    opts.onError?.(err, importId);
    const reason =
      err instanceof AppError
        ? `导入中断 / import stopped: ${err.message}`
        : "导入中断：内部错误 / import stopped: internal error";
    await db
      .update(leadImports)
      .set({
        status: "failed",
        finishedAt: job.clock.now(),
        errors: sql`${leadImports.errors} || ${JSON.stringify([{ row: null, values: [], reason }])}::jsonb`,
      })
      .where(and(eq(leadImports.storeId, storeId), eq(leadImports.id, importId)))
      .catch((e2) => opts.onError?.(e2, importId));
  });
  return { importId, finished };
}

async function runImport(db: Db, job: Job): Promise<void> {
  const where = and(eq(leadImports.storeId, job.storeId), eq(leadImports.id, job.importId));
  await db.update(leadImports).set({ status: "running" }).where(where);
  const settings = await loadSettings(db, job.storeId);
  const ctx: RowContext = {
    today: localDateOf(job.now, settings),
    resolveOwner: await ownerResolver(db, job.storeId),
  };
  let errorsKept = 0;
  for (let start = 0; start < job.rows.length; start += IMPORT_BATCH) {
    const end = Math.min(start + IMPORT_BATCH, job.rows.length);
    const kept = await withRetry(() =>
      db.transaction((tx) => importBatch(tx, job, settings, ctx, start, end, errorsKept)),
    );
    errorsKept += kept;
  }
  await db.update(leadImports).set({ status: "done", finishedAt: job.clock.now() }).where(where);
}

/** Deadlocks and serialization failures are transient: the batch is re-run from scratch. */
async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const code = pgError(err)?.code;
      const transient =
        code === "40P01" || code === "40001" || (err instanceof AppError && err.code === "concurrent_change");
      if (!transient || attempt >= 3) throw err;
    }
  }
}

/**
 * The owner column names a user of the store by display name or username (usernames first: they are
 * unique). Only enabled consultants and sales managers may own leads (as in createLead).
 */
async function ownerResolver(db: Executor, storeId: number): Promise<(name: string) => OwnerMatch> {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      disabled: users.disabled,
    })
    .from(users)
    .where(eq(users.storeId, storeId));
  const key = (s: string) => s.trim().toLowerCase();
  const byUsername = new Map(rows.map((u) => [key(u.username), u]));
  const byName = new Map<string, typeof rows>();
  for (const u of rows) byName.set(key(u.displayName), [...(byName.get(key(u.displayName)) ?? []), u]);
  const eligible = (u: (typeof rows)[number]) => OWNER_ROLES.has(u.role) && !u.disabled;
  return (name) => {
    const u = byUsername.get(key(name));
    const candidates = u ? [u] : (byName.get(key(name)) ?? []);
    if (candidates.length === 0) return { reason: `顾问不存在 / no such consultant in this store: ${name}` };
    const ok = candidates.filter(eligible);
    if (ok.length === 1) return { id: ok[0]!.id };
    if (ok.length > 1)
      return { reason: `顾问重名，请用用户名 / several users have this name, use the username: ${name}` };
    return {
      reason: `该用户不能负责潜客（仅限在职的销售顾问或销售经理）/ not an enabled consultant or sales manager: ${name}`,
    };
  };
}

// ---------------------------------------------------------------------------------------------------
// Reading imports

const IMPORT_COLUMNS = {
  id: leadImports.id,
  storeId: leadImports.storeId,
  fileName: leadImports.fileName,
  status: leadImports.status,
  duplicateOf: leadImports.duplicateOf,
  mapping: leadImports.mapping,
  total: leadImports.total,
  processed: leadImports.processed,
  created: leadImports.created,
  merged: leadImports.merged,
  failed: leadImports.failed,
  createdBy: leadImports.createdBy,
  createdAt: leadImports.createdAt,
  finishedAt: leadImports.finishedAt,
};

export interface ImportView {
  id: number;
  storeId: number;
  fileName: string;
  status: ImportStatus;
  duplicateOf: number | null;
  mapping: Mapping;
  total: number;
  processed: number;
  created: number;
  merged: number;
  failed: number;
  createdBy: number;
  createdAt: Date;
  finishedAt: Date | null;
}

function importView(
  row: Omit<ImportView, "status" | "mapping"> & { status: string; mapping: unknown },
): ImportView {
  return { ...row, status: row.status as ImportStatus, mapping: (row.mapping as StoredMapping).fields ?? {} };
}

/** Every user of the permission reaches the own store's imports; the group admin all. */
function importScope(actor: Actor): SQL | undefined {
  return actor.storeId === null ? undefined : eq(leadImports.storeId, actor.storeId);
}

export async function getImport(db: Executor, actor: Actor, id: number): Promise<ImportView> {
  requirePermission(actor, "lead.import");
  const [row] = await db
    .select(IMPORT_COLUMNS)
    .from(leadImports)
    .where(and(eq(leadImports.id, id), importScope(actor)));
  if (!row) throw notFound("import");
  return importView(row);
}

export async function listImports(
  db: Executor,
  actor: Actor,
  opts: { storeId?: number; limit?: number } = {},
): Promise<ImportView[]> {
  requirePermission(actor, "lead.import");
  const where: (SQL | undefined)[] = [importScope(actor)];
  if (opts.storeId !== undefined) where.push(eq(leadImports.storeId, opts.storeId));
  const rows = await db
    .select(IMPORT_COLUMNS)
    .from(leadImports)
    .where(and(...where))
    .orderBy(desc(leadImports.createdAt), desc(leadImports.id))
    .limit(opts.limit ?? 100);
  return rows.map(importView);
}

/**
 * The failed rows as an .xlsx: row number, the row's own columns under the file's headers, the reason.
 * A user can correct the cells and import this file again (the extra columns are not mapped). Values
 * are the uploader's own input that never became records, so they are not masked.
 */
export async function errorReport(
  db: Executor,
  actor: Actor,
  id: number,
): Promise<{ fileName: string; xlsx: Buffer }> {
  requirePermission(actor, "lead.import");
  const [row] = await db
    .select({ fileName: leadImports.fileName, mapping: leadImports.mapping, errors: leadImports.errors })
    .from(leadImports)
    .where(and(eq(leadImports.id, id), importScope(actor)));
  if (!row) throw notFound("import");
  const headers = (row.mapping as StoredMapping).headers ?? [];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("导入失败");
  const header = ws.addRow(["行号 / row", ...headers, "失败原因 / reason"]);
  header.font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  for (const e of row.errors as ImportErrorRow[])
    ws.addRow([e.row ?? "", ...headers.map((_, i) => e.values[i] ?? ""), e.reason]);
  ws.columns.forEach((c, i) => {
    c.width = i === 0 ? 10 : i === headers.length + 1 ? 60 : 16;
  });
  const base = row.fileName.replace(/\.(xlsx|csv)$/i, "");
  return { fileName: `${base}-导入失败.xlsx`, xlsx: Buffer.from(await wb.xlsx.writeBuffer()) };
}

/**
 * Imports left `queued` or `running` by a stopped process never finish: mark them failed. For start-up
 * (main.ts), while no import of this process runs.
 */
export async function failInterruptedImports(db: Executor, now: Date): Promise<number> {
  const reason = [
    { row: null, values: [], reason: "服务重启，导入中断 / the server restarted during the import" },
  ];
  const r = await db
    .update(leadImports)
    .set({
      status: "failed",
      finishedAt: now,
      errors: sql`${leadImports.errors} || ${JSON.stringify(reason)}::jsonb`,
    })
    .where(inArray(leadImports.status, ["queued", "running"]))
    .returning({ id: leadImports.id });
  return r.length;
}
