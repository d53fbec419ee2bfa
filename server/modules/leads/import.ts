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
 */

import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Db, Executor, Tx } from "../../db/index.ts";
import { type Actor, requirePermission, targetStore } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import { AppError, notFound, pgError } from "../../platform/errors.ts";
import { stores, users } from "../identity/index.ts";
import { MERGEABLE } from "./create-lead.ts";
import { ROUND_ROBIN_LOCK } from "./history.ts";
import {
  type ImportRowInput,
  type Mapping,
  type OwnerMatch,
  parseTable,
  type ResolvedMapping,
  type RowContext,
  resolveMapping,
  suggestMapping,
  validateRow,
} from "./import-parse.ts";
import type { LeadRow } from "./lead-view.ts";
import { type CadenceSettings, dueAt, localDateOf } from "./rules.ts";
import { type leadEvents, leadImports, type leadOwners, leads } from "./schema.ts";
import { loadSettings } from "./settings.ts";

export const IMPORT_BATCH = 1000;
/** The error report keeps this many failed rows; the counters keep counting beyond. */
export const MAX_ERROR_ROWS = 10_000;
export const IMPORT_STATUSES = ["queued", "running", "done", "failed"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

type MergeKey = (typeof MERGEABLE)[number];
type Known = Record<MergeKey, string | number | null>;

const OPEN_STATES = ["active", "defeat_requested"];
const OWNER_ROLES = new Set(["consultant", "sales_manager"]);

export interface ImportFile {
  name: string;
  bytes: Buffer;
}

/** One failed row of the error report; `row` null for a failure of the whole import. */
export interface ImportErrorRow {
  row: number | null;
  values: string[];
  reason: string;
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

interface Job {
  importId: number;
  storeId: number;
  actor: Actor;
  rows: string[][];
  rowNumbers: number[];
  mapping: ResolvedMapping;
  duplicateOf: number | null;
  now: Date;
  clock: Clock;
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

type Valid = { rowNumber: number; values: string[]; input: ImportRowInput };
type NewEvent = typeof leadEvents.$inferInsert;

/** One batch, one transaction. Returns how many error rows it added to the report. */
async function importBatch(
  tx: Tx,
  job: Job,
  settings: CadenceSettings,
  ctx: RowContext,
  start: number,
  end: number,
  errorsKept: number,
): Promise<number> {
  const { storeId, importId, actor, now } = job;
  const errors: ImportErrorRow[] = [];
  // (a) validate in memory; rows of one phone grouped in file order (the first one leads)
  const groups = new Map<string, Valid[]>();
  for (let i = start; i < end; i++) {
    const values = job.rows[i]!;
    const rowNumber = job.rowNumbers[i]!;
    const r = validateRow(values, job.mapping, ctx);
    if (!r.ok) errors.push({ row: rowNumber, values, reason: r.reason });
    else {
      const group = groups.get(r.input.phone);
      const valid = { rowNumber, values, input: r.input };
      if (group) group.push(valid);
      else groups.set(r.input.phone, [valid]);
    }
  }

  let created = 0;
  let merged = 0;
  const events: NewEvent[] = [];
  const leadIds: number[] = [];
  const fills = new Map<number, Known>();

  const mergeGroup = (lead: LeadRow, rows: Valid[]) => {
    const known = knownOf(lead);
    let filledAny = false;
    for (const { input } of rows) {
      const filled = fold(known, input);
      filledAny ||= filled.length > 0;
      events.push(mergedEvent(job, lead.id, input, filled));
      merged++;
    }
    if (filledAny) fills.set(lead.id, known);
    leadIds.push(lead.id);
  };

  // (c) the open leads of these phones, locked
  const phones = [...groups.keys()];
  const open = phones.length ? await openLeadsByPhone(tx, storeId, phones) : new Map<string, LeadRow>();
  const fresh: [string, Valid[]][] = [];
  for (const [phone, rows] of groups) {
    const lead = open.get(phone);
    if (lead) mergeGroup(lead, rows);
    else if (job.duplicateOf !== null) {
      const reason = `重复导入：该手机号已没有进行中的潜客，未新建 / file already imported (import ${job.duplicateOf}): no open lead for this phone, nothing created`;
      for (const r of rows) errors.push({ row: r.rowNumber, values: r.values, reason });
    } else fresh.push([phone, rows]);
  }

  const owners: (typeof leadOwners.$inferInsert)[] = [];
  if (fresh.length) {
    // (b) customers by phone: found or created (an existing customer keeps its name)
    const customerIds = await customersByPhone(
      tx,
      storeId,
      byPhone(fresh.map(([phone, rows]) => ({ phone, name: rows[0]!.input.name }))),
      now,
    );
    // (e) owners: the file's consultant, else the round robin's turns for the whole batch at once
    const turns = await takeTurns(
      tx,
      storeId,
      fresh.filter(([, rows]) => rows[0]!.input.ownerId === undefined).length,
      job.clock.now(),
    );
    let turn = 0;
    const planned = fresh.map(([phone, rows]) => {
      const first = rows[0]!.input;
      const known = knownOf(first);
      const later = rows.slice(1).map((r) => ({ input: r.input, filled: fold(known, r.input) }));
      const ownerId = first.ownerId ?? turns[turn++] ?? null;
      return { phone, rows, first, known, later, ownerId };
    });
    // (d) the new leads in one statement; a phone that got an open lead meanwhile is skipped here
    // rows in phone order: two imports touching the same phones take their index entries in one order
    const inserted = await insertLeads(tx, storeId, byPhone(planned), customerIds, settings, now);
    const idOf = new Map(inserted.map((r) => [r.phone, r.id]));
    const lost: [string, Valid[]][] = [];
    for (const p of planned) {
      const id = idOf.get(p.phone);
      if (id === undefined) {
        lost.push([p.phone, p.rows]);
        continue;
      }
      created++;
      leadIds.push(id);
      owners.push({
        storeId,
        leadId: id,
        ownerId: p.ownerId,
        fromAt: now,
        reason: "import",
        actorId: actor.userId,
      });
      events.push({
        storeId,
        leadId: id,
        kind: "created",
        at: now,
        actorId: actor.userId,
        data: { source: p.first.source, via: "import", importId, level: p.first.level, ownerId: p.ownerId },
      });
      for (const l of p.later) {
        events.push(mergedEvent(job, id, l.input, l.filled));
        merged++;
      }
    }
    if (lost.length) {
      const winners = await openLeadsByPhone(
        tx,
        storeId,
        lost.map(([phone]) => phone),
      );
      for (const [phone, rows] of lost) {
        const winner = winners.get(phone);
        if (!winner)
          throw new AppError("conflict", "concurrent_change", "the lead changed meanwhile; try again");
        mergeGroup(winner, rows);
      }
    }
  }

  if (fills.size) await fillLeads(tx, storeId, fills, now);
  // (f) owner periods and the timeline
  if (owners.length) await insertOwners(tx, owners);
  if (events.length) await insertEvents(tx, events);
  // (g) one audit row for the batch
  await audit(tx, actor, {
    storeId,
    action: "import_batch",
    entity: "lead_import",
    entityId: importId,
    after: {
      importId,
      rows: [job.rowNumbers[start], job.rowNumbers[end - 1]],
      created,
      merged,
      failed: errors.length,
      leadIds,
    },
  });
  // (h) the progress the UI polls
  const keep = errors.slice(0, Math.max(0, MAX_ERROR_ROWS - errorsKept));
  await tx
    .update(leadImports)
    .set({
      processed: sql`${leadImports.processed} + ${end - start}`,
      created: sql`${leadImports.created} + ${created}`,
      merged: sql`${leadImports.merged} + ${merged}`,
      failed: sql`${leadImports.failed} + ${errors.length}`,
      ...(keep.length ? { errors: sql`${leadImports.errors} || ${JSON.stringify(keep)}::jsonb` } : {}),
    })
    .where(and(eq(leadImports.storeId, storeId), eq(leadImports.id, importId)));
  return keep.length;
}

function knownOf(source: Partial<Record<MergeKey, string | number | null | undefined>>): Known {
  const k = {} as Known;
  for (const key of MERGEABLE) k[key] = source[key] ?? null;
  return k;
}

/** mergeInto's rule: a field is filled when the row has it and the lead does not know it yet. */
function fold(known: Known, input: ImportRowInput): MergeKey[] {
  const filled: MergeKey[] = [];
  for (const k of MERGEABLE) {
    const v = input[k];
    if (v !== undefined && known[k] === null) {
      known[k] = v;
      filled.push(k);
    }
  }
  return filled;
}

function mergedEvent(job: Job, leadId: number, input: ImportRowInput, filled: MergeKey[]): NewEvent {
  return {
    storeId: job.storeId,
    leadId,
    kind: "merged",
    at: job.now,
    actorId: job.actor.userId,
    data: { source: input.source, via: "import", importId: job.importId, name: input.name, filled },
  };
}

/** A whole column as one array parameter (drizzle would otherwise expand a JS array into a list). */
const texts = (values: (string | null)[]) => sql`${sql.param(values)}::text[]`;
const bigints = (values: (number | null)[]) => sql`${sql.param(values)}::bigint[]`;
const instants = (values: (Date | null)[]) =>
  sql`${sql.param(values.map((d) => (d ? d.toISOString() : null)))}::timestamptz[]`;
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

const byPhone = <T extends { phone: string }>(xs: T[]): T[] =>
  [...xs].sort((a, b) => (a.phone < b.phone ? -1 : a.phone > b.phone ? 1 : 0));

type PlannedLead = { phone: string; first: ImportRowInput; known: Known; ownerId: number | null };

/** The new leads in one statement; a phone that got an open lead meanwhile is skipped (and merged). */
async function insertLeads(
  tx: Tx,
  storeId: number,
  planned: PlannedLead[],
  customerIds: Map<string, number>,
  settings: CadenceSettings,
  now: Date,
): Promise<{ id: number; phone: string }[]> {
  // every lead of the batch is created at the import time: one due time per level
  const due = new Map<string, Date | null>();
  const dueOf = (level: ImportRowInput["level"]) => {
    if (!due.has(level)) due.set(level, dueAt(level, now, settings));
    return due.get(level)!;
  };
  const col = <T>(f: (p: PlannedLead) => T) => planned.map(f);
  const r = await tx.execute<{ id: number; phone: string }>(sql`
    INSERT INTO leads (store_id, customer_id, name, phone, source, intended_model, budget_fen, payment_method, colour,
      expected_purchase_date, focus_points, competitor_models, level, level_since, state, owner_id, in_pool, due_at,
      created_at, updated_at)
    SELECT ${storeId}, t.customer_id, t.name, t.phone, t.source, t.intended_model, t.budget_fen, t.payment_method, t.colour,
      t.expected_purchase_date::date, t.focus_points, t.competitor_models, t.level, ${ts(now)}, 'active', t.owner_id,
      t.owner_id IS NULL, t.due_at, ${ts(now)}, ${ts(now)}
    FROM unnest(
      ${bigints(col((p) => customerIds.get(p.phone)!))}, ${texts(col((p) => p.first.name))}, ${texts(col((p) => p.phone))},
      ${texts(col((p) => p.first.source))}, ${texts(col((p) => p.known.intendedModel as string | null))},
      ${bigints(col((p) => p.known.budgetFen as number | null))}, ${texts(col((p) => p.known.paymentMethod as string | null))},
      ${texts(col((p) => p.known.colour as string | null))}, ${texts(col((p) => p.known.expectedPurchaseDate as string | null))},
      ${texts(col((p) => p.known.focusPoints as string | null))}, ${texts(col((p) => p.known.competitorModels as string | null))},
      ${texts(col((p) => p.first.level))}, ${bigints(col((p) => p.ownerId))}, ${instants(col((p) => dueOf(p.first.level)))}
    ) AS t(customer_id, name, phone, source, intended_model, budget_fen, payment_method, colour, expected_purchase_date,
      focus_points, competitor_models, level, owner_id, due_at)
    ON CONFLICT (store_id, phone) WHERE state in ('active','defeat_requested') DO NOTHING
    RETURNING id, phone`);
  return r.rows.map((x) => ({ id: Number(x.id), phone: x.phone }));
}

async function insertOwners(tx: Tx, rows: (typeof leadOwners.$inferInsert)[]): Promise<void> {
  const col = <T>(f: (o: typeof leadOwners.$inferInsert) => T) => rows.map(f);
  await tx.execute(sql`
    INSERT INTO lead_owners (store_id, lead_id, owner_id, from_at, reason, actor_id)
    SELECT * FROM unnest(${bigints(col((o) => o.storeId))}, ${bigints(col((o) => o.leadId))}, ${bigints(col((o) => o.ownerId ?? null))},
      ${instants(col((o) => o.fromAt))}, ${texts(col((o) => o.reason))}, ${bigints(col((o) => o.actorId ?? null))})`);
}

async function insertEvents(tx: Tx, rows: NewEvent[]): Promise<void> {
  const col = <T>(f: (e: NewEvent) => T) => rows.map(f);
  // WITH ORDINALITY keeps the ids in the order of the batch: "created" before the "merged" that follow it
  await tx.execute(sql`
    INSERT INTO lead_events (store_id, lead_id, kind, at, actor_id, data)
    SELECT t.store_id, t.lead_id, t.kind, t.at, t.actor_id, t.data::jsonb
    FROM unnest(${bigints(col((e) => e.storeId))}, ${bigints(col((e) => e.leadId))}, ${texts(col((e) => e.kind))},
      ${instants(col((e) => e.at))}, ${bigints(col((e) => e.actorId ?? null))}, ${texts(col((e) => JSON.stringify(e.data ?? {})))})
      WITH ORDINALITY AS t(store_id, lead_id, kind, at, actor_id, data, n)
    ORDER BY t.n`);
}

async function openLeadsByPhone(tx: Tx, storeId: number, phones: string[]): Promise<Map<string, LeadRow>> {
  const rows = await tx
    .select()
    .from(leads)
    .where(
      and(
        eq(leads.storeId, storeId),
        sql`${leads.phone} = ANY(${texts(phones)})`,
        inArray(leads.state, OPEN_STATES),
      ),
    )
    .orderBy(asc(leads.id))
    .for("update");
  return new Map(rows.map((r) => [r.phone, r]));
}

async function customersByPhone(
  tx: Tx,
  storeId: number,
  people: { phone: string; name: string }[],
  now: Date,
): Promise<Map<string, number>> {
  // one array per column: building a 1000-row VALUES list costs more in JS than the insert in SQL
  const inserted = await tx.execute<{ id: number; phone: string }>(sql`
    INSERT INTO customers (store_id, kind, name, phone, created_at, updated_at)
    SELECT ${storeId}, 'person', t.name, t.phone, ${ts(now)}, ${ts(now)}
    FROM unnest(${texts(people.map((p) => p.name))}, ${texts(people.map((p) => p.phone))}) AS t(name, phone)
    ON CONFLICT (store_id, phone) WHERE phone IS NOT NULL DO NOTHING
    RETURNING id, phone`);
  const ids = new Map(inserted.rows.map((c) => [c.phone, Number(c.id)]));
  const known = people.map((p) => p.phone).filter((phone) => !ids.has(phone));
  if (known.length) {
    const rows = await tx.execute<{ id: number; phone: string }>(
      sql`SELECT id, phone FROM customers WHERE store_id = ${storeId} AND phone = ANY(${texts(known)})`,
    );
    for (const c of rows.rows) ids.set(c.phone, Number(c.id));
  }
  return ids;
}

/**
 * `n` round-robin turns at once, as `n` calls of history.nextInTurn would hand them out: under the same
 * advisory lock, the on-duty consultants ordered by last_assigned_at (never first), id; then each one's
 * last_assigned_at moves to `at`, a millisecond apart in the order of their last turn so that the next
 * batch (or the next lead at reception) continues the rotation where this batch stopped.
 */
async function takeTurns(tx: Tx, storeId: number, n: number, at: Date): Promise<(number | null)[]> {
  if (n === 0) return [];
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${ROUND_ROBIN_LOCK}, ${storeId}::int)`);
  const r = await tx.execute<{ id: number }>(sql`
    SELECT id FROM users
    WHERE store_id = ${storeId} AND role = 'consultant' AND NOT disabled AND NOT paused
    ORDER BY last_assigned_at NULLS FIRST, id`);
  const onDuty = r.rows.map((u) => Number(u.id));
  if (onDuty.length === 0) return new Array<null>(n).fill(null);
  const turns = Array.from({ length: n }, (_, i) => onDuty[i % onDuty.length]!);
  const lastOrder = turns.slice(-Math.min(n, onDuty.length));
  const values = lastOrder.map(
    (id, i) =>
      sql`(${id}::bigint, ${new Date(at.getTime() - (lastOrder.length - 1 - i)).toISOString()}::timestamptz)`,
  );
  await tx.execute(sql`
    UPDATE users SET last_assigned_at = v.at
    FROM (VALUES ${sql.join(values, sql`, `)}) AS v(id, at)
    WHERE users.id = v.id`);
  return turns;
}

/** Fills what merged leads did not know, in one statement; COALESCE keeps whatever the lead has. */
async function fillLeads(tx: Tx, storeId: number, fills: Map<number, Known>, now: Date): Promise<void> {
  const rows: SQL[] = [];
  for (const [id, k] of fills) {
    rows.push(
      sql`(${id}::bigint, ${k.intendedModel}::text, ${k.budgetFen}::bigint, ${k.paymentMethod}::text, ${k.colour}::text, ${k.expectedPurchaseDate}::date, ${k.focusPoints}::text, ${k.competitorModels}::text)`,
    );
  }
  await tx.execute(sql`
    UPDATE leads AS l SET
      intended_model = COALESCE(l.intended_model, v.intended_model),
      budget_fen = COALESCE(l.budget_fen, v.budget_fen),
      payment_method = COALESCE(l.payment_method, v.payment_method),
      colour = COALESCE(l.colour, v.colour),
      expected_purchase_date = COALESCE(l.expected_purchase_date, v.expected_purchase_date),
      focus_points = COALESCE(l.focus_points, v.focus_points),
      competitor_models = COALESCE(l.competitor_models, v.competitor_models),
      updated_at = ${now.toISOString()}::timestamptz
    FROM (VALUES ${sql.join(rows, sql`, `)}) AS v(id, intended_model, budget_fen, payment_method, colour, expected_purchase_date, focus_points, competitor_models)
    WHERE l.store_id = ${storeId} AND l.id = v.id`);
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
