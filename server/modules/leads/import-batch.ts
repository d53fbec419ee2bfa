/** One batch of a lead import: its rows checked, then written in a handful of set-based statements. */
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../db/index.ts";
import type { Actor } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import { AppError } from "../../platform/errors.ts";
import { MERGEABLE } from "./create-lead.ts";
import { ROUND_ROBIN_LOCK } from "./history.ts";
import { type ImportRowInput, type ResolvedMapping, type RowContext, validateRow } from "./import-values.ts";
import type { LeadRow } from "./lead-view.ts";
import { type CadenceSettings, dueAt } from "./rules.ts";
import { type leadEvents, leadImports, type leadOwners, leads } from "./schema.ts";

/** The error report keeps this many failed rows; the counters keep counting beyond. */
export const MAX_ERROR_ROWS = 10_000;

type MergeKey = (typeof MERGEABLE)[number];
type Known = Record<MergeKey, string | number | null>;

const OPEN_STATES = ["active", "defeat_requested"];

/** One failed row of the error report; `row` null for a failure of the whole import. */
export interface ImportErrorRow {
  row: number | null;
  values: string[];
  reason: string;
}

export interface Job {
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

type Valid = { rowNumber: number; values: string[]; input: ImportRowInput };
type NewEvent = typeof leadEvents.$inferInsert;

/** One batch, one transaction. Returns how many error rows it added to the report. */
export async function importBatch(
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
