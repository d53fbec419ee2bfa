/**
 * Creating a lead (reception, phone, web form, API, import). The same phone in the same store merges
 * into the open lead instead of duplicating it (DOMAIN §3); the partial unique index `leads_open_phone`
 * makes that hold under concurrent creates too.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/index.ts";
import { type Actor, requirePermission, targetStore } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { AppError, notFound, unprocessable } from "../../platform/errors.ts";
import { customerExists, findOrCreatePersonByPhone } from "../customers/index.ts";
import { storeUser } from "../identity/index.ts";
import { addEvent, changeOwner, nextInTurn, type OwnerReason } from "./history.ts";
import type { LeadRow } from "./lead-view.ts";
import { type CadenceSettings, type CreatableLevel, dueAt, isCreatableLevel, type Level } from "./rules.ts";
import { leads } from "./schema.ts";
import { loadSettings } from "./settings.ts";

export interface LeadInput {
  name: string;
  phone: string;
  source: LeadRow["source"];
  intendedModel?: string;
  budgetFen?: number;
  paymentMethod?: string;
  colour?: string;
  expectedPurchaseDate?: string;
  focusPoints?: string;
  competitorModels?: string;
  referrerCustomerId?: number;
  level?: Level;
  ownerId?: number;
  occurredAt?: Date;
  storeId?: number;
}

/** Fields a merge may fill in when the open lead does not know them yet. */
export const MERGEABLE = [
  "intendedModel",
  "budgetFen",
  "paymentMethod",
  "colour",
  "expectedPurchaseDate",
  "focusPoints",
  "competitorModels",
] as const;

export interface CreateResult {
  lead: LeadRow;
  merged: boolean;
  settings: CadenceSettings;
}

/** Roles that may own leads: consultants, and managers who follow key leads themselves. */
const OWNER_ROLES = new Set(["consultant", "sales_manager"]);

export async function createLead(
  db: Db,
  actor: Actor,
  input: LeadInput,
  now: Date,
  via: "api" | "import" = "api",
): Promise<CreateResult> {
  requirePermission(actor, "lead.create");
  const storeId = targetStore(actor, input.storeId);
  const occurredAt = input.occurredAt ?? now;
  if (occurredAt > now) throw unprocessable("occurred_in_future", "occurredAt may not be in the future");
  const level = input.level ?? "N";
  if (!isCreatableLevel(level)) {
    throw unprocessable(
      "level_not_allowed",
      `a new lead is N, C, B, A or H; ${level} is set by the sales process`,
    );
  }
  if (input.source === "referral" && input.referrerCustomerId === undefined) {
    throw unprocessable(
      "referrer_required",
      "a referral lead names the referring customer (referrerCustomerId)",
    );
  }
  if (actor.role === "consultant" && input.ownerId !== undefined && input.ownerId !== actor.userId) {
    throw new AppError("forbidden", "forbidden", "a consultant creates leads for himself");
  }

  return db.transaction(async (tx) => {
    const settings = await loadSettings(tx, storeId);
    if (
      input.referrerCustomerId !== undefined &&
      !(await customerExists(tx, storeId, input.referrerCustomerId))
    ) {
      throw notFound("referring customer");
    }
    if (input.ownerId !== undefined) await checkOwner(tx, storeId, input.ownerId);

    const open = await openLeadByPhone(tx, storeId, input.phone);
    if (open)
      return { lead: await mergeInto(tx, actor, open, input, occurredAt, now, via), merged: true, settings };

    const customer = await findOrCreatePersonByPhone(
      tx,
      storeId,
      { name: input.name, phone: input.phone },
      now,
    );
    let ownerId: number | null;
    let reason: OwnerReason;
    if (input.ownerId !== undefined) [ownerId, reason] = [input.ownerId, "created"];
    else if (actor.role === "consultant") [ownerId, reason] = [actor.userId, "created"];
    else {
      ownerId = await nextInTurn(tx, storeId, now);
      reason = ownerId === null ? "pool" : "round_robin";
    }
    const inserted = await tx
      .insert(leads)
      .values({
        storeId,
        customerId: customer.id,
        name: input.name,
        phone: input.phone,
        source: input.source,
        referrerCustomerId: input.referrerCustomerId ?? null,
        intendedModel: input.intendedModel ?? null,
        budgetFen: input.budgetFen ?? null,
        paymentMethod: input.paymentMethod ?? null,
        colour: input.colour ?? null,
        expectedPurchaseDate: input.expectedPurchaseDate ?? null,
        focusPoints: input.focusPoints ?? null,
        competitorModels: input.competitorModels ?? null,
        level,
        levelSince: occurredAt,
        state: "active",
        ownerId,
        inPool: ownerId === null,
        dueAt: dueAt(level as CreatableLevel, occurredAt, settings),
        createdAt: occurredAt,
        updatedAt: now,
      })
      .onConflictDoNothing({
        target: [leads.storeId, leads.phone],
        where: sql`state in ('active','defeat_requested')`,
      })
      .returning();
    const lead = inserted[0];
    if (!lead) {
      // A concurrent request created the open lead between our look-up and our insert: merge into it.
      const winner = await openLeadByPhone(tx, storeId, input.phone);
      if (!winner)
        throw new AppError("conflict", "concurrent_change", "the lead changed meanwhile; try again");
      return {
        lead: await mergeInto(tx, actor, winner, input, occurredAt, now, via),
        merged: true,
        settings,
      };
    }
    await changeOwner(tx, {
      storeId,
      leadId: lead.id,
      ownerId,
      at: occurredAt,
      reason: via === "import" ? "import" : reason,
      actorId: actor.userId,
    });
    await addEvent(tx, {
      storeId,
      leadId: lead.id,
      kind: "created",
      at: occurredAt,
      actorId: actor.userId,
      data: { source: input.source, via, level, ownerId },
    });
    await audit(tx, actor, { storeId, action: "create", entity: "lead", entityId: lead.id, after: lead });
    return { lead, merged: false, settings };
  });
}

async function checkOwner(tx: Tx, storeId: number, ownerId: number): Promise<void> {
  const owner = await storeUser(tx, storeId, ownerId);
  if (!owner) throw notFound("owner");
  if (!OWNER_ROLES.has(owner.role) || owner.disabled) {
    throw unprocessable("owner_not_eligible", "leads are owned by enabled consultants or sales managers");
  }
}

export async function openLeadByPhone(tx: Tx, storeId: number, phone: string): Promise<LeadRow | undefined> {
  const [row] = await tx
    .select()
    .from(leads)
    .where(
      and(
        eq(leads.storeId, storeId),
        eq(leads.phone, phone),
        inArray(leads.state, ["active", "defeat_requested"]),
      ),
    )
    .for("update");
  return row;
}

/** A second registration of an open lead's phone: fill what the lead did not know, and log the merge. */
async function mergeInto(
  tx: Tx,
  actor: Actor,
  open: LeadRow,
  input: LeadInput,
  occurredAt: Date,
  now: Date,
  via: string,
): Promise<LeadRow> {
  const filled: Partial<Pick<LeadRow, (typeof MERGEABLE)[number]>> = {};
  for (const k of MERGEABLE) {
    if (input[k] !== undefined && open[k] === null) Object.assign(filled, { [k]: input[k] });
  }
  const [lead] = Object.keys(filled).length
    ? await tx
        .update(leads)
        .set({ ...filled, updatedAt: now })
        .where(and(eq(leads.storeId, open.storeId), eq(leads.id, open.id)))
        .returning()
    : [open];
  await addEvent(tx, {
    storeId: open.storeId,
    leadId: open.id,
    kind: "merged",
    at: occurredAt,
    actorId: actor.userId,
    data: { source: input.source, via, name: input.name, filled: Object.keys(filled) },
  });
  await audit(tx, actor, {
    storeId: open.storeId,
    action: "merge",
    entity: "lead",
    entityId: open.id,
    before: open,
    after: lead,
  });
  return lead!;
}
