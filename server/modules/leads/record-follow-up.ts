/**
 * Recording a follow-up (跟进记录): append-only; the cadence rules decide the new level, due time and
 * whether the planned next contact is allowed. The lead row is locked so that two follow-ups recorded at
 * once are applied one after the other.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { unprocessable } from "../../platform/errors.ts";
import { addEvent } from "./history.ts";
import { reachLead } from "./lead-access.ts";
import type { LeadRow } from "./lead-view.ts";
import { applyFollowUp, type CadenceSettings, type LeadState, type Level } from "./rules.ts";
import { followUps, leadAppointments, leads } from "./schema.ts";
import { loadSettings } from "./settings.ts";

export interface FollowUpRequest {
  channel: "phone" | "visit" | "wechat" | "sms";
  reached: boolean;
  content: string;
  level?: Level;
  nextContactAt?: Date;
  occurredAt?: Date;
  appointment?: { kind: "visit" | "test_drive"; at: Date };
}

/** Appointment reminders go out this long before the appointment. */
const REMIND_BEFORE_MS = 60 * 60_000;

export type FollowUpRow = typeof followUps.$inferSelect;

export async function recordFollowUp(
  db: Db,
  actor: Actor,
  leadId: number,
  input: FollowUpRequest,
  now: Date,
): Promise<{ followUp: FollowUpRow; lead: LeadRow; settings: CadenceSettings }> {
  requirePermission(actor, "lead.followUp");
  const occurredAt = input.occurredAt ?? now;
  return db.transaction(async (tx) => {
    const before = await reachLead(tx, actor, leadId, { lock: true });
    const settings = await loadSettings(tx, before.storeId);
    const outcome = applyFollowUp(
      {
        level: before.level as Level,
        levelSince: before.levelSince,
        state: before.state as LeadState,
        createdAt: before.createdAt,
        lastReachedAt: before.lastReachedAt,
        dueAt: before.dueAt,
      },
      { occurredAt, reached: input.reached, level: input.level, nextContactAt: input.nextContactAt },
      now,
      settings,
    );
    if (!outcome.ok) throw unprocessable(outcome.code, outcome.message, outcome.details);
    if (input.appointment && input.appointment.at <= occurredAt) {
      throw unprocessable("appointment_in_past", "an appointment is planned after the follow-up");
    }

    const [followUp] = await tx
      .insert(followUps)
      .values({
        storeId: before.storeId,
        leadId,
        occurredAt,
        channel: input.channel,
        reached: input.reached,
        content: input.content,
        levelBefore: outcome.levelBefore,
        levelAfter: outcome.levelAfter,
        nextContactAt: outcome.nextContactAt,
        actorId: actor.userId,
        createdAt: now,
      })
      .returning();
    const [lead] = await tx
      .update(leads)
      .set({
        level: outcome.levelAfter,
        levelSince: outcome.levelSince,
        lastReachedAt: outcome.lastReachedAt,
        dueAt: outcome.dueAt,
        nextContactAt: outcome.nextContactAt,
        updatedAt: now,
      })
      .where(and(eq(leads.storeId, before.storeId), eq(leads.id, leadId)))
      .returning();
    if (outcome.levelChanged) {
      await addEvent(tx, {
        storeId: before.storeId,
        leadId,
        kind: "level_changed",
        at: occurredAt,
        actorId: actor.userId,
        data: { from: outcome.levelBefore, to: outcome.levelAfter, followUpId: followUp!.id },
      });
    }
    if (input.appointment) {
      await tx.insert(leadAppointments).values({
        storeId: before.storeId,
        leadId,
        followUpId: followUp!.id,
        kind: input.appointment.kind,
        at: input.appointment.at,
        remindAt: new Date(input.appointment.at.getTime() - REMIND_BEFORE_MS),
        createdAt: now,
      });
    }
    await audit(tx, actor, [
      {
        storeId: before.storeId,
        action: "create",
        entity: "follow_up",
        entityId: followUp!.id,
        after: followUp,
      },
      { storeId: before.storeId, action: "follow_up", entity: "lead", entityId: leadId, before, after: lead },
    ]);
    return { followUp: followUp!, lead: lead!, settings };
  });
}
