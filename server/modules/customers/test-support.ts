/**
 * Fixtures of the customer tests written straight into the tables: the repair orders, care tasks,
 * complaints, messages and sales orders a customer 360 shows are made by other modules, and the tests of
 * this module must not depend on their use cases.
 */
import type { TestContext } from "../../../tests/support/app.ts";
import { vinCheckDigit } from "../../platform/validators.ts";

let seq = 0;

export const nextPhone = () => `137${String(10_000_000 + ++seq).slice(-8)}`;

export function validVin(prefix = "LSVAU2180N2"): string {
  const base = `${prefix}${String(100_000 + ++seq).slice(-6)}`;
  return base.slice(0, 8) + vinCheckDigit(base) + base.slice(9);
}

export function fixtures(ctx: TestContext) {
  const one = async (text: string, values: unknown[]) => {
    const r = await ctx.pool.query(text, values);
    return Number(r.rows[0].id);
  };
  return {
    customer: (
      storeId: number,
      name = "张三",
      phone: string | null = nextPhone(),
      createdAt = "2020-01-01T00:00:00Z",
    ) =>
      one(
        `INSERT INTO customers (store_id, kind, name, phone, created_at, updated_at)
         VALUES ($1, 'person', $2, $3, $4, $4) RETURNING id`,
        [storeId, name, phone, createdAt],
      ),
    vehicle: (
      storeId: number,
      customerId: number,
      v: {
        vin?: string;
        plate?: string | null;
        model?: string;
        purchaseDate?: string | null;
        soldByStore?: boolean;
        mileageKm?: number | null;
      } = {},
    ) =>
      one(
        `INSERT INTO vehicles (store_id, customer_id, vin, plate, model, purchase_date, sold_by_store, mileage_km)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          storeId,
          customerId,
          v.vin ?? validVin(),
          v.plate ?? null,
          v.model ?? "凯美瑞",
          v.purchaseDate ?? null,
          v.soldByStore ?? false,
          v.mileageKm ?? null,
        ],
      ),
    lead: (storeId: number, customerId: number, ownerId: number | null, state = "active") =>
      one(
        `INSERT INTO leads (store_id, customer_id, name, phone, source, level, level_since, state, owner_id, created_at)
         SELECT $1, id, name, phone, 'walk_in', 'C', now(), $3, $4, now() FROM customers WHERE store_id = $1 AND id = $2
         RETURNING id`,
        [storeId, customerId, state, ownerId],
      ),
    /** a repair order as the workshop leaves it; settled/handed-back orders carry totals */
    repairOrder: (
      storeId: number,
      r: {
        customerId: number;
        vehicleId: number;
        advisorId: number;
        openedAt: string;
        state?: string;
        workType?: string;
        totalFen?: number | null;
        handedBackAt?: string | null;
        mileageIn?: number;
        returnRepair?: boolean;
      },
    ) => {
      const settled = r.totalFen != null;
      return one(
        `INSERT INTO repair_orders (store_id, ro_no, customer_id, vehicle_id, mileage_in, complaint, work_type,
           advisor_id, state, opened_at, settled_at, handed_back_at, labour_fen, parts_fen, total_fen, customer_fen,
           insurer_fen, warranty_fen, return_repair)
         VALUES ($1, $2, $3, $4, $5, '保养', $6, $7, $8, $9, $10, $11, $12, 0, $12, $12, 0, 0, $13) RETURNING id`,
        [
          storeId,
          `RO-T${++seq}`,
          r.customerId,
          r.vehicleId,
          r.mileageIn ?? 10_000,
          r.workType ?? "maintenance",
          r.advisorId,
          r.state ?? (settled ? "settled" : "open"),
          r.openedAt,
          settled ? r.openedAt : null,
          r.handedBackAt ?? null,
          settled ? r.totalFen : null,
          r.returnRepair ?? false,
        ],
      );
    },
    careTask: (
      storeId: number,
      t: {
        customerId: number;
        type: string;
        dueAt: string;
        vehicleId?: number | null;
        forDate?: string | null;
        done?: boolean;
        reached?: boolean | null;
        satisfaction?: number | null;
        comment?: string | null;
        dayOffset?: number | null;
      },
    ) =>
      one(
        `INSERT INTO care_tasks (store_id, type, customer_id, vehicle_id, for_date, due_at, done, done_at, reached,
           satisfaction, comment, day_offset)
         VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7 THEN $6::timestamptz END, $8, $9, $10, $11) RETURNING id`,
        [
          storeId,
          t.type,
          t.customerId,
          t.vehicleId ?? null,
          t.forDate ?? null,
          t.dueAt,
          t.done ?? false,
          t.reached ?? null,
          t.satisfaction ?? null,
          t.comment ?? null,
          t.dayOffset ?? null,
        ],
      ),
    complaint: (
      storeId: number,
      c: { customerId: number; ownerId: number; receivedAt: string; state?: string },
    ) =>
      one(
        `INSERT INTO complaints (store_id, customer_id, channel, category, severity, description, owner_id, state,
           received_at, deadline_at, created_by)
         VALUES ($1, $2, 'phone', 'service_quality', 'high', '等待时间太长', $3, $4, $5,
           $5::timestamptz + interval '24 hours', $3) RETURNING id`,
        [storeId, c.customerId, c.ownerId, c.state ?? "received", c.receivedAt],
      ),
    message: (storeId: number, m: { customerId: number; createdAt: string; purpose?: string }) =>
      one(
        `INSERT INTO outbox_messages (store_id, customer_id, channel, purpose, template, params, body, recipient,
           status, provider, created_at)
         VALUES ($1, $2, 'sms', $3, 'maintenance_reminder', '{}', '您的爱车该保养了', '13800000000', 'recorded',
           'outbox', $4) RETURNING id`,
        [storeId, m.customerId, m.purpose ?? "service", m.createdAt],
      ),
    /** a sales order of a lead; a delivered one sells a stock car (the orders table requires it) */
    order: async (
      storeId: number,
      o: {
        leadId: number;
        customerId: number;
        createdBy: number;
        orderedAt: string;
        deliveredAt?: string;
        priceFen: number;
        model?: string;
      },
    ) => {
      const delivered = o.deliveredAt !== undefined;
      const carId = delivered
        ? await one(
            `INSERT INTO stock_vehicles (store_id, vin, model, colour, cost_fen, status, arrived_at)
             VALUES ($1, $2, $3, '白色', 1, 'sold', $4) RETURNING id`,
            [storeId, validVin("LHGCR2F58M2"), o.model ?? "雅阁", o.orderedAt],
          )
        : null;
      return one(
        `INSERT INTO orders (store_id, order_no, lead_id, customer_id, vehicle_id, factory_model, price_fen, deposit_fen,
           deposit_method, state, ordered_at, delivered_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 'cash', $8, $9, $10, $11) RETURNING id`,
        [
          storeId,
          `SO-T${++seq}`,
          o.leadId,
          o.customerId,
          carId,
          delivered ? null : (o.model ?? "雅阁"),
          o.priceFen,
          delivered ? "delivered" : "open",
          o.orderedAt,
          o.deliveredAt ?? null,
          o.createdBy,
        ],
      );
    },
    consent: (storeId: number, c: { customerId: number; channel: string; granted: boolean; at: string }) =>
      one(
        `INSERT INTO customer_consents (store_id, customer_id, channel, granted, source, at)
         VALUES ($1, $2, $3, $4, '纸质同意书', $5) RETURNING id`,
        [storeId, c.customerId, c.channel, c.granted, c.at],
      ),
  };
}
