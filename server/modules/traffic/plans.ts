/** The planned traffic of a month (计划客流), which the month's actual traffic is measured against. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/index.ts";
import { type Actor, requirePermission, targetStore } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { trafficPlans } from "./schema.ts";

export type PlanRow = typeof trafficPlans.$inferSelect;

/**
 * Sets (or corrects) a month's plan. The insert-or-lock order makes the audit's "before" true under
 * concurrent saves: whoever inserts has no before; everyone else reads the row under its lock.
 */
export async function setPlan(
  db: Db,
  actor: Actor,
  month: string,
  input: { visits: number; calls: number; storeId?: number },
  now: Date,
): Promise<PlanRow> {
  requirePermission(actor, "traffic.plan");
  const storeId = targetStore(actor, input.storeId);
  return db.transaction(async (tx) => {
    const values = { storeId, month, visits: input.visits, calls: input.calls, updatedAt: now };
    const [inserted] = await tx.insert(trafficPlans).values(values).onConflictDoNothing().returning();
    if (inserted) {
      await audit(tx, actor, {
        storeId,
        action: "create",
        entity: "traffic_plan",
        entityId: month,
        after: inserted,
      });
      return inserted;
    }
    const key = and(eq(trafficPlans.storeId, storeId), eq(trafficPlans.month, month));
    const [before] = await tx.select().from(trafficPlans).where(key).for("update");
    const [after] = await tx.update(trafficPlans).set(values).where(key).returning();
    await audit(tx, actor, {
      storeId,
      action: "update",
      entity: "traffic_plan",
      entityId: month,
      before,
      after,
    });
    return after!;
  });
}
