/**
 * Each model's purchase rules (colour quota, option rule) and the purchase-plan check against them
 * (采购计划校验, DOMAIN §5).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, requirePermission, targetStore } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { type CarGroup, checkPurchasePlan, type ModelRule, type PlanWarning } from "./rules.ts";
import { modelRules, stockVehicles as sv } from "./schema.ts";
import { loadStockSettings } from "./view.ts";

export interface ModelRuleOut extends ModelRule {
  model: string;
  /** false: the model has no rule of its own and follows the store's default quota, without option rule */
  custom: boolean;
}

/**
 * The rules of every model the store deals in: the models with a rule of their own, and the models of its
 * unsold stock with the store's defaults — the editor shows them all.
 */
export async function listModelRules(
  db: Executor,
  actor: Actor,
  requestedStore: number | undefined,
): Promise<{ defaultColourQuota: number; items: ModelRuleOut[] }> {
  requirePermission(actor, "stock.read");
  const storeId = targetStore(actor, requestedStore);
  const [settings, rules, models] = await Promise.all([
    loadStockSettings(db, storeId),
    db.select().from(modelRules).where(eq(modelRules.storeId, storeId)),
    db
      .selectDistinct({ model: sv.model })
      .from(sv)
      .where(and(eq(sv.storeId, storeId), sql`${sv.status} <> 'sold'`)),
  ]);
  const byModel = new Map<string, ModelRuleOut>(
    rules.map((r) => [
      r.model,
      { model: r.model, colourQuota: r.colourQuota, optionAllOrNone: r.optionAllOrNone, custom: true },
    ]),
  );
  for (const { model } of models) {
    if (!byModel.has(model)) {
      byModel.set(model, { model, colourQuota: settings.colourQuota, optionAllOrNone: false, custom: false });
    }
  }
  return {
    defaultColourQuota: settings.colourQuota,
    items: [...byModel.values()].sort((a, b) => a.model.localeCompare(b.model, "zh-CN")),
  };
}

export async function putModelRule(
  db: Db,
  actor: Actor,
  model: string,
  input: ModelRule & { storeId?: number },
  now: Date,
): Promise<ModelRuleOut> {
  requirePermission(actor, "stock.write");
  const storeId = targetStore(actor, input.storeId);
  return db.transaction(async (tx) => {
    // the store must exist (the group admin names it): a missing one answers 404, not a foreign-key error
    await loadStockSettings(tx, storeId);
    const values = { colourQuota: input.colourQuota, optionAllOrNone: input.optionAllOrNone, updatedAt: now };
    // Two managers saving one model at once: the second insert waits for the first to commit, finds
    // the row, and updates it under its lock — so each change is audited as what it was.
    const [created] = await tx
      .insert(modelRules)
      .values({ storeId, model, ...values })
      .onConflictDoNothing()
      .returning();
    const key = and(eq(modelRules.storeId, storeId), eq(modelRules.model, model));
    let before: typeof created | null = null;
    let after = created;
    if (!created) {
      [before] = await tx.select().from(modelRules).where(key).for("update");
      [after] = await tx.update(modelRules).set(values).where(key).returning();
    }
    await audit(tx, actor, {
      storeId,
      action: created ? "create" : "update",
      entity: "model_rule",
      entityId: model,
      before,
      after,
      at: now,
    });
    return { model, colourQuota: after!.colourQuota, optionAllOrNone: after!.optionAllOrNone, custom: true };
  });
}

export interface PlanLine {
  model: string;
  colour: string;
  optionPackage?: string | null;
  quantity: number;
}

/**
 * The planned purchase against the stock plus the cars in transit. Reserved cars are sold in effect and
 * demo cars are not for sale: neither is part of the stock a purchase plan tops up.
 */
export async function purchaseCheck(
  db: Executor,
  actor: Actor,
  input: { lines: PlanLine[]; storeId?: number },
): Promise<{ ok: boolean; warnings: PlanWarning[] }> {
  requirePermission(actor, "stock.write");
  const storeId = targetStore(actor, input.storeId);
  const models = [...new Set(input.lines.map((l) => l.model))];
  const [settings, rules, stock] = await Promise.all([
    loadStockSettings(db, storeId),
    db
      .select()
      .from(modelRules)
      .where(and(eq(modelRules.storeId, storeId), inArray(modelRules.model, models))),
    db
      .select({
        model: sv.model,
        colour: sv.colour,
        optionPackage: sv.optionPackage,
        count: sql<number>`count(*)`.mapWith(Number),
      })
      .from(sv)
      .where(
        and(
          eq(sv.storeId, storeId),
          inArray(sv.status, ["in_stock", "in_transit"]),
          inArray(sv.model, models),
        ),
      )
      .groupBy(sv.model, sv.colour, sv.optionPackage),
  ]);
  const plan: CarGroup[] = input.lines.map((l) => ({
    model: l.model,
    colour: l.colour,
    optionPackage: l.optionPackage ?? null,
    count: l.quantity,
  }));
  const warnings = checkPurchasePlan(
    stock,
    plan,
    new Map(rules.map((r) => [r.model, r])),
    settings.colourQuota,
  );
  return { ok: warnings.length === 0, warnings };
}
