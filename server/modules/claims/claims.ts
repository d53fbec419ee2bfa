/**
 * Warranty claims (索赔): the service advisor submits a finished warranty repair order's claim to the
 * manufacturer, records the manufacturer's answer, and resubmits a rejected claim. Each write locks its row —
 * the repair order for a new claim, the claim for a decision or a resubmission — so concurrent requests are
 * applied one after the other and the second one finds the first one's result.
 */
import { and, eq } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { conflict, isUniqueViolation, notFound, unprocessable } from "../../platform/errors.ts";
import {
  type Payer,
  type RoState,
  repairOrders,
  roLabourLines,
  roPartLines,
  type WorkType,
} from "../service/schema.ts";
import { type AmountCheck, checkApproved, checkClaimable, checkClaimed, warrantyAmounts } from "./rules.ts";
import { claimEvents, warrantyClaims } from "./schema.ts";
import type { ClaimRow } from "./view.ts";

function refuse(check: AmountCheck): void {
  if (!check.ok) throw unprocessable(check.code, check.message);
}

function checkAt(at: Date, now: Date, notBefore: Date | null, code: string): void {
  if (at > now) throw unprocessable("in_future", "occurredAt may not be in the future");
  if (notBefore && at < notBefore) {
    throw unprocessable(code, `occurredAt is before ${notBefore.toISOString()}`, {
      notBefore: notBefore.toISOString(),
    });
  }
}

/** Claims are the store's workshop's: a store user reaches the own store's; nobody writes another store's. */
function ownStore(actor: Actor, what: string): number {
  if (actor.storeId === null) throw notFound(what);
  return actor.storeId;
}

async function logEvent(
  tx: Executor,
  actor: Actor,
  before: ClaimRow | null,
  after: ClaimRow,
  event: { kind: string; amountFen?: number | null; reason?: string | null; at: Date },
  action: string,
  now: Date,
): Promise<void> {
  const [e] = await tx
    .insert(claimEvents)
    .values({ storeId: after.storeId, claimId: after.id, actorId: actor.userId, createdAt: now, ...event })
    .returning();
  await audit(tx, actor, [
    { storeId: after.storeId, action, entity: "warranty_claim", entityId: after.id, before, after },
    { storeId: after.storeId, action: "create", entity: "claim_event", entityId: e!.id, after: e },
  ]);
}

export interface SubmitInput {
  repairOrderId: number;
  faultDescription: string;
  labourFen?: number;
  partsFen?: number;
  occurredAt?: Date;
}

export async function submitClaim(db: Db, actor: Actor, input: SubmitInput, now: Date): Promise<ClaimRow> {
  requirePermission(actor, "claim.submit");
  const storeId = ownStore(actor, "repair order");
  const at = input.occurredAt ?? now;
  try {
    return await db.transaction(async (tx) => {
      const [ro] = await tx
        .select()
        .from(repairOrders)
        .where(and(eq(repairOrders.storeId, storeId), eq(repairOrders.id, input.repairOrderId)))
        .for("update");
      if (!ro) throw notFound("repair order");
      const claimable = checkClaimable({ workType: ro.workType as WorkType, state: ro.state as RoState });
      if (!claimable.ok) throw unprocessable(claimable.code, claimable.message);
      const [existing] = await tx
        .select({ id: warrantyClaims.id })
        .from(warrantyClaims)
        .where(and(eq(warrantyClaims.storeId, storeId), eq(warrantyClaims.repairOrderId, ro.id)));
      if (existing) throw claimExists(existing.id);
      checkAt(at, now, ro.doneAt, "before_ro_done");
      const lineOf = { payer: roLabourLines.payer, amountFen: roLabourLines.amountFen };
      const [labour, parts] = await Promise.all([
        tx
          .select(lineOf)
          .from(roLabourLines)
          .where(and(eq(roLabourLines.storeId, storeId), eq(roLabourLines.repairOrderId, ro.id))),
        tx
          .select({ payer: roPartLines.payer, amountFen: roPartLines.amountFen })
          .from(roPartLines)
          .where(and(eq(roPartLines.storeId, storeId), eq(roPartLines.repairOrderId, ro.id))),
      ]);
      const lines = warrantyAmounts(
        labour as { payer: Payer; amountFen: number }[],
        parts as { payer: Payer; amountFen: number }[],
      );
      const labourFen = input.labourFen ?? lines.labourFen;
      const partsFen = input.partsFen ?? lines.partsFen;
      refuse(checkClaimed(labourFen, partsFen));
      const [claim] = await tx
        .insert(warrantyClaims)
        .values({
          storeId,
          repairOrderId: ro.id,
          faultDescription: input.faultDescription,
          labourFen,
          partsFen,
          claimedFen: labourFen + partsFen,
          state: "submitted",
          submittedAt: at,
          createdBy: actor.userId,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await logEvent(
        tx,
        actor,
        null,
        claim!,
        { kind: "submitted", amountFen: claim!.claimedFen, at },
        "create",
        now,
      );
      return claim!;
    });
  } catch (err) {
    // the repair order's lock serialises submissions; the index is the last word
    if (isUniqueViolation(err, "warranty_claims_repair_order")) throw claimExists();
    throw err;
  }
}

const claimExists = (claimId?: number) =>
  conflict("claim_exists", "this repair order has its claim already", claimId ? { claimId } : undefined);

async function lockClaim(tx: Executor, actor: Actor, id: number): Promise<ClaimRow> {
  const storeId = ownStore(actor, "claim");
  const [claim] = await tx
    .select()
    .from(warrantyClaims)
    .where(and(eq(warrantyClaims.storeId, storeId), eq(warrantyClaims.id, id)))
    .for("update");
  if (!claim) throw notFound("claim");
  return claim;
}

export type DecideInput =
  | { approved: true; amountFen: number; occurredAt?: Date }
  | { approved: false; reason: string; occurredAt?: Date };

export async function decideClaim(
  db: Db,
  actor: Actor,
  id: number,
  input: DecideInput,
  now: Date,
): Promise<void> {
  requirePermission(actor, "claim.decide");
  const at = input.occurredAt ?? now;
  await db.transaction(async (tx) => {
    const claim = await lockClaim(tx, actor, id);
    if (claim.state !== "submitted")
      throw conflict("not_submitted", `the claim is ${claim.state}: it has its answer`);
    if (input.approved) refuse(checkApproved(input.amountFen, claim.claimedFen));
    checkAt(at, now, claim.submittedAt, "before_submitted");
    const [after] = await tx
      .update(warrantyClaims)
      .set(
        input.approved
          ? { state: "approved", decidedAt: at, approvedFen: input.amountFen, updatedAt: now }
          : { state: "rejected", decidedAt: at, rejectReason: input.reason, updatedAt: now },
      )
      .where(and(eq(warrantyClaims.storeId, claim.storeId), eq(warrantyClaims.id, id)))
      .returning();
    await logEvent(
      tx,
      actor,
      claim,
      after!,
      input.approved
        ? { kind: "approved", amountFen: input.amountFen, at }
        : { kind: "rejected", reason: input.reason, at },
      "decide",
      now,
    );
  });
}

export interface ResubmitInput {
  faultDescription?: string;
  labourFen?: number;
  partsFen?: number;
  occurredAt?: Date;
}

/** A rejected claim is corrected and submitted again; the rejection stays in the claim's events. */
export async function resubmitClaim(
  db: Db,
  actor: Actor,
  id: number,
  input: ResubmitInput,
  now: Date,
): Promise<void> {
  requirePermission(actor, "claim.submit");
  const at = input.occurredAt ?? now;
  await db.transaction(async (tx) => {
    const claim = await lockClaim(tx, actor, id);
    if (claim.state !== "rejected")
      throw conflict("not_rejected", `the claim is ${claim.state}, not rejected`);
    const labourFen = input.labourFen ?? claim.labourFen;
    const partsFen = input.partsFen ?? claim.partsFen;
    refuse(checkClaimed(labourFen, partsFen));
    checkAt(at, now, claim.decidedAt, "before_rejected");
    const [after] = await tx
      .update(warrantyClaims)
      .set({
        faultDescription: input.faultDescription ?? claim.faultDescription,
        labourFen,
        partsFen,
        claimedFen: labourFen + partsFen,
        state: "submitted",
        submissions: claim.submissions + 1,
        submittedAt: at,
        decidedAt: null,
        rejectReason: null,
        updatedAt: now,
      })
      .where(and(eq(warrantyClaims.storeId, claim.storeId), eq(warrantyClaims.id, id)))
      .returning();
    await logEvent(
      tx,
      actor,
      claim,
      after!,
      { kind: "resubmitted", amountFen: after!.claimedFen, at },
      "resubmit",
      now,
    );
  });
}
