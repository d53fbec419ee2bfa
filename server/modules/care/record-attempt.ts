/**
 * Recording a call on a care task: every call is an append-only attempt; the task takes the outcome. The task
 * row is locked, so two people recording the same task at once are applied one after the other — the second
 * finds it done (409 task_done) rather than overwriting the first.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { openComplaint } from "../complaints/index.ts";
import { careScope } from "./queries.ts";
import { applyAttempt } from "./rules.ts";
import { type CareTaskType, careTaskAttempts, careTasks } from "./schema.ts";
import type { CareTaskRow } from "./task-view.ts";

export interface AttemptRequest {
  reached: boolean;
  satisfaction?: number;
  comment?: string;
  occurredAt?: Date;
}

export async function recordAttempt(
  db: Db,
  actor: Actor,
  taskId: number,
  input: AttemptRequest,
  now: Date,
): Promise<CareTaskRow> {
  requirePermission(actor, "careTask.record");
  const occurredAt = input.occurredAt ?? now;
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(careTasks)
      .where(and(eq(careTasks.id, taskId), careScope(actor)))
      .for("update");
    if (!before) throw notFound("care task");
    const outcome = applyAttempt(
      {
        type: before.type as CareTaskType,
        done: before.done,
        attempts: before.attempts,
        createdAt: before.createdAt,
      },
      { reached: input.reached, satisfaction: input.satisfaction, occurredAt },
      now,
    );
    if (!outcome.ok) throw new AppError(outcome.kind, outcome.code, outcome.message);

    const comment = input.comment ?? null;
    const [attempt] = await tx
      .insert(careTaskAttempts)
      .values({
        storeId: before.storeId,
        taskId,
        at: occurredAt,
        reached: input.reached,
        satisfaction: input.satisfaction ?? null,
        comment,
        actorId: actor.userId,
        createdAt: now,
      })
      .returning();
    const [task] = await tx
      .update(careTasks)
      .set({
        done: outcome.done,
        doneAt: outcome.doneAt,
        reached: outcome.reached,
        reachedAt: outcome.reachedAt,
        satisfaction: outcome.satisfaction,
        attempts: outcome.attempts,
        flagged: outcome.flagged,
        // the task shows the call that closed it; earlier calls keep theirs in the attempts
        ...(outcome.done ? { comment, doneBy: actor.userId } : {}),
      })
      .where(and(eq(careTasks.storeId, before.storeId), eq(careTasks.id, taskId)))
      .returning();
    await audit(tx, actor, [
      {
        storeId: before.storeId,
        action: "create",
        entity: "care_task_attempt",
        entityId: attempt!.id,
        after: attempt,
      },
      {
        storeId: before.storeId,
        action: "record",
        entity: "care_task",
        entityId: taskId,
        before,
        after: task,
      },
    ]);
    // a dissatisfied callback (DOMAIN §6) opens a complaint owned by the colleague who took the call
    if (outcome.flagged) {
      await openComplaint(
        tx,
        actor,
        {
          storeId: before.storeId,
          customerId: before.customerId,
          vehicleId: before.vehicleId,
          repairOrderId: before.repairOrderId,
          careTaskId: taskId,
          channel: "callback",
          category: before.type === "post_sale_callback" ? "sales" : "service_quality",
          severity: "medium",
          description: comment ?? `回访满意度 ${outcome.satisfaction}/5`,
          ownerId: actor.userId,
          receivedAt: occurredAt,
        },
        now,
      );
    }
    return task!;
  });
}
