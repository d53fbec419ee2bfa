/**
 * The complaint as the API shows it: with the customer's name and phone (masked unless the role sees full phones,
 * DOMAIN §10), the vehicle's plate, the repair order's number, the owner's name, and whether it is overdue and
 * escalated at the moment of the answer.
 */
import { and, eq, getTableColumns } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Executor } from "../../db/index.ts";
import { type Actor, seesFullPhone } from "../../platform/access.ts";
import { maskPhone } from "../../platform/validators.ts";
import { customers, vehicles } from "../customers/schema.ts";
import { users } from "../identity/schema.ts";
import { repairOrders } from "../service/schema.ts";
import { isComplaintEscalated, isComplaintOverdue } from "./rules.ts";
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATES,
  type ComplaintState,
  complaints,
} from "./schema.ts";

export type ComplaintRow = typeof complaints.$inferSelect;

export const Complaint = z.object({
  id: z.number(),
  storeId: z.number(),
  customerId: z.number(),
  customerName: z.string(),
  /** null for a company customer without a mobile */
  phone: z.string().nullable(),
  phoneMasked: z.boolean(),
  vehicleId: z.number().nullable(),
  plate: z.string().nullable(),
  repairOrderId: z.number().nullable(),
  roNo: z.string().nullable(),
  careTaskId: z.number().nullable(),
  channel: z.enum(COMPLAINT_CHANNELS),
  category: z.enum(COMPLAINT_CATEGORIES),
  severity: z.enum(COMPLAINT_SEVERITIES),
  description: z.string(),
  ownerId: z.number(),
  ownerName: z.string(),
  state: z.enum(COMPLAINT_STATES),
  receivedAt: z.date(),
  deadlineAt: z.date(),
  overdue: z.boolean(),
  escalated: z.boolean(),
  resolvedAt: z.date().nullable(),
  confirmedAt: z.date().nullable(),
  resolution: z.string().nullable(),
  createdAt: z.date(),
});
export type ComplaintOut = z.infer<typeof Complaint>;

const owner = alias(users, "complaint_owner");

/** A complaint with what its view joins to it. */
export function selectComplaints(db: Executor) {
  return db
    .select({
      ...getTableColumns(complaints),
      customerName: customers.name,
      customerPhone: customers.phone,
      plate: vehicles.plate,
      roNo: repairOrders.roNo,
      ownerName: owner.displayName,
    })
    .from(complaints)
    .innerJoin(
      customers,
      and(eq(customers.storeId, complaints.storeId), eq(customers.id, complaints.customerId)),
    )
    .innerJoin(owner, eq(owner.id, complaints.ownerId))
    .leftJoin(vehicles, and(eq(vehicles.storeId, complaints.storeId), eq(vehicles.id, complaints.vehicleId)))
    .leftJoin(
      repairOrders,
      and(eq(repairOrders.storeId, complaints.storeId), eq(repairOrders.id, complaints.repairOrderId)),
    );
}
export type ComplaintJoined = Awaited<ReturnType<ReturnType<typeof selectComplaints>["execute"]>>[number];

export function complaintView(row: ComplaintJoined, actor: Actor, now: Date): ComplaintOut {
  const full = seesFullPhone(actor, row.ownerId);
  const phone = row.customerPhone;
  const state = row.state as ComplaintState;
  const timing = { state, deadlineAt: row.deadlineAt };
  return {
    id: row.id,
    storeId: row.storeId,
    customerId: row.customerId,
    customerName: row.customerName,
    phone: phone === null || full ? phone : maskPhone(phone),
    phoneMasked: phone !== null && !full,
    vehicleId: row.vehicleId,
    plate: row.plate,
    repairOrderId: row.repairOrderId,
    roNo: row.roNo,
    careTaskId: row.careTaskId,
    channel: row.channel as ComplaintOut["channel"],
    category: row.category as ComplaintOut["category"],
    severity: row.severity as ComplaintOut["severity"],
    description: row.description,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    state,
    receivedAt: row.receivedAt,
    deadlineAt: row.deadlineAt,
    overdue: isComplaintOverdue(timing, now),
    escalated: isComplaintEscalated(timing, now),
    resolvedAt: row.resolvedAt,
    confirmedAt: row.confirmedAt,
    resolution: row.resolution,
    createdAt: row.createdAt,
  };
}
