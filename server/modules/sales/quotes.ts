/**
 * Quotes (报价, DOMAIN §4.4): what was offered to a lead's customer, with exact money and loan terms. A quote
 * is never changed; a new offer is a new quote. It shows on the lead's timeline (`quoted`).
 */
import { and, asc, desc, eq, getTableColumns, inArray } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { conflict, notFound, unprocessable } from "../../platform/errors.ts";
import { addDays } from "../../platform/local-date.ts";
import { users } from "../identity/index.ts";
import { addEvent } from "../leads/history.ts";
import { leadScope, reachLead } from "../leads/lead-access.ts";
import { localDateOf } from "../leads/rules.ts";
import { leads } from "../leads/schema.ts";
import { loadSettings } from "../leads/settings.ts";
import { stockVehicles } from "../stock/index.ts";
import { type LoanTerms, ratePct, rateThousandths, totalInterestFen } from "./loan.ts";
import { DEFAULT_VALIDITY_DAYS, type QuoteLineKind, quoteMoney, validUntilProblem } from "./rules.ts";
import { quoteLines, quotes } from "./schema.ts";

export interface QuoteInput {
  leadId: number;
  vehicleId?: number;
  model?: string;
  trim?: string;
  colour?: string;
  vehiclePriceFen: number;
  discountFen?: number;
  lines?: { kind: QuoteLineKind; name: string; amountFen: number }[];
  loan?: LoanTerms;
  validUntil?: string;
  note?: string;
}

export type QuoteRow = typeof quotes.$inferSelect;
type LineRow = typeof quoteLines.$inferSelect;
export type QuoteWithLines = QuoteRow & { createdByName: string | null; lines: LineRow[] };

export async function createQuote(db: Db, actor: Actor, input: QuoteInput, now: Date): Promise<number> {
  requirePermission(actor, "quote.create");
  const lines = input.lines ?? [];
  const money = quoteMoney({
    vehiclePriceFen: input.vehiclePriceFen,
    discountFen: input.discountFen ?? 0,
    lines,
    loan: input.loan ?? null,
  });
  if (!money.ok) throw unprocessable(money.code, money.message);
  return db.transaction(async (tx) => {
    const lead = await reachLead(tx, actor, input.leadId, { lock: true });
    if (lead.state !== "active") throw conflict("lead_not_active", `the lead is ${lead.state}`);
    let car: typeof stockVehicles.$inferSelect | undefined;
    if (input.vehicleId !== undefined) {
      [car] = await tx
        .select()
        .from(stockVehicles)
        .where(and(eq(stockVehicles.storeId, lead.storeId), eq(stockVehicles.id, input.vehicleId)));
      if (!car) throw notFound("vehicle");
    }
    const settings = await loadSettings(tx, lead.storeId);
    const today = localDateOf(now, settings);
    const validUntil = input.validUntil ?? addDays(today, DEFAULT_VALIDITY_DAYS);
    const problem = validUntilProblem(validUntil, today);
    if (problem) throw unprocessable("invalid_valid_until", problem, { validUntil, today });

    const [quote] = await tx
      .insert(quotes)
      .values({
        storeId: lead.storeId,
        leadId: lead.id,
        vehicleId: car?.id ?? null,
        // the car is described either way: as typed, else the stock car's, else what the lead wants
        model: input.model ?? car?.model ?? lead.intendedModel,
        trim: input.trim ?? car?.trim ?? null,
        colour: input.colour ?? car?.colour ?? lead.colour,
        vehiclePriceFen: input.vehiclePriceFen,
        discountFen: input.discountFen ?? 0,
        totalFen: money.totalFen,
        loanDownPaymentFen: input.loan?.downPaymentFen ?? null,
        loanMonths: input.loan?.months ?? null,
        loanAnnualRatePct: input.loan ? String(ratePct(input.loan.rateThousandths)) : null,
        loanFinancedFen: money.loan?.financedFen ?? null,
        loanMonthlyPaymentFen: money.loan?.monthlyPaymentFen ?? null,
        validUntil,
        note: input.note ?? null,
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning();
    const lineRows = lines.length
      ? await tx
          .insert(quoteLines)
          .values(lines.map((l, position) => ({ storeId: lead.storeId, quoteId: quote!.id, ...l, position })))
          .returning()
      : [];
    await addEvent(tx, {
      storeId: lead.storeId,
      leadId: lead.id,
      kind: "quoted",
      at: now,
      actorId: actor.userId,
      data: { quoteId: quote!.id, model: quote!.model, totalFen: quote!.totalFen },
    });
    await audit(tx, actor, {
      storeId: lead.storeId,
      action: "create",
      entity: "quote",
      entityId: quote!.id,
      after: { ...quote, lines: lineRows },
    });
    return quote!.id;
  });
}

async function withLines(db: Executor, rows: (QuoteRow & { createdByName: string | null })[]) {
  if (rows.length === 0) return [];
  const lines = await db
    .select()
    .from(quoteLines)
    .where(
      and(
        inArray(quoteLines.storeId, [...new Set(rows.map((r) => r.storeId))]),
        inArray(
          quoteLines.quoteId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(quoteLines.quoteId), asc(quoteLines.position));
  return rows.map((r) => ({
    ...r,
    lines: lines.filter((l) => l.quoteId === r.id && l.storeId === r.storeId),
  }));
}

const withCreator = { ...getTableColumns(quotes), createdByName: users.displayName };

/** The quotes of one lead the actor reaches, newest first. */
export async function listQuotes(
  db: Db,
  actor: Actor,
  leadId: number,
  storeId?: number | null,
): Promise<QuoteWithLines[]> {
  requirePermission(actor, "quote.read");
  const lead = await reachLead(db, actor, leadId, { includePool: true });
  if (storeId != null && lead.storeId !== storeId) throw notFound("lead");
  const rows = await db
    .select(withCreator)
    .from(quotes)
    .leftJoin(users, eq(users.id, quotes.createdBy))
    .where(and(eq(quotes.storeId, lead.storeId), eq(quotes.leadId, lead.id)))
    .orderBy(desc(quotes.createdAt), desc(quotes.id));
  return withLines(db, rows);
}

/** One quote, reached through its lead. */
export async function getQuote(
  db: Executor,
  actor: Actor,
  id: number,
  storeId?: number | null,
): Promise<QuoteWithLines> {
  requirePermission(actor, "quote.read");
  // the lead decides who reaches the quote (404 for another store's, another consultant's)
  const [row] = await db
    .select(withCreator)
    .from(quotes)
    .innerJoin(leads, and(eq(leads.storeId, quotes.storeId), eq(leads.id, quotes.leadId)))
    .leftJoin(users, eq(users.id, quotes.createdBy))
    .where(
      and(
        eq(quotes.id, id),
        leadScope(actor, { includePool: true }),
        storeId == null ? undefined : eq(quotes.storeId, storeId),
      ),
    );
  if (!row) throw notFound("quote");
  return (await withLines(db, [row]))[0]!;
}

/** The quote of an order the actor reaches already (customer service reads it with the order). */
export async function quoteOfOrder(db: Executor, storeId: number, id: number): Promise<QuoteWithLines> {
  const [row] = await db
    .select(withCreator)
    .from(quotes)
    .leftJoin(users, eq(users.id, quotes.createdBy))
    .where(and(eq(quotes.storeId, storeId), eq(quotes.id, id)));
  return (await withLines(db, [row!]))[0]!;
}

/** The loan terms as the API shows them, from the stored columns; null without a loan. */
export function loanOf(q: QuoteRow) {
  if (q.loanMonths === null || q.loanDownPaymentFen === null || q.loanAnnualRatePct === null) return null;
  const thousandths = rateThousandths(q.loanAnnualRatePct)!;
  const financedFen = q.loanFinancedFen!;
  const monthlyPaymentFen = q.loanMonthlyPaymentFen!;
  return {
    downPaymentFen: q.loanDownPaymentFen,
    months: q.loanMonths,
    annualRatePct: ratePct(thousandths),
    financedFen,
    monthlyPaymentFen,
    totalInterestFen: totalInterestFen(financedFen, monthlyPaymentFen, q.loanMonths, thousandths),
  };
}
