/**
 * Row scope for stock (ARCHITECTURE "Access"): every store user reaches the own store's cars — stock is
 * the store's, not a consultant's — and the group admin all stores. Out of reach answers 404.
 */
import { and, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import type { Actor } from "../../platform/access.ts";
import { notFound } from "../../platform/errors.ts";
import { stockVehicles } from "./schema.ts";
import type { StockVehicleRow, StockVehicleWithOrder } from "./view.ts";

export function storeScope(storeId: number | null): SQL | undefined {
  return storeId === null ? undefined : eq(stockVehicles.storeId, storeId);
}

/**
 * The order holding the car: the open order of a reserved car, the delivering order of a sold one.
 * Read with plain SQL because the sales module depends on stock, not the other way round; the partial
 * unique indexes on orders make each a single-row look-up.
 */
const holdingOrder = (column: "id" | "order_no") =>
  // written out in full: inside the subquery an unqualified "id" would be the order's
  sql.raw(`(SELECT o.${column} FROM orders o WHERE o.store_id = stock_vehicles.store_id
    AND o.vehicle_id = stock_vehicles.id
    AND o.state = CASE WHEN stock_vehicles.status = 'sold' THEN 'delivered' ELSE 'open' END)`);
export const orderColumns = {
  orderId: sql<number | null>`${holdingOrder("id")}`,
  orderNo: sql<string | null>`${holdingOrder("order_no")}`,
};

/** One car the actor reaches, with its order. */
export async function reachVehicle(db: Executor, actor: Actor, id: number): Promise<StockVehicleWithOrder> {
  const [row] = await db
    .select({ ...getTableColumns(stockVehicles), ...orderColumns })
    .from(stockVehicles)
    .where(and(eq(stockVehicles.id, id), storeScope(actor.storeId)));
  if (!row) throw notFound("vehicle");
  return row;
}

/**
 * The car locked for a check-then-act in the caller's transaction (the sales module reserves, sells and
 * releases cars this way). 404 when the store has no such car.
 */
export async function loadStockVehicleForUpdate(
  tx: Executor,
  storeId: number,
  id: number,
): Promise<StockVehicleRow> {
  const [row] = await tx
    .select()
    .from(stockVehicles)
    .where(and(eq(stockVehicles.storeId, storeId), eq(stockVehicles.id, id)))
    .for("update");
  if (!row) throw notFound("vehicle");
  return row;
}
