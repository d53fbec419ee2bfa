/**
 * The care task as the API shows it: the customer's name and phone (masked unless the role sees full phones,
 * DOMAIN §10), the order number of a post-sale callback, the repair order of a post-service one, the vehicle, and whether it is overdue at the moment of the answer.
 */
import { z } from "zod";
import { type Actor, seesFullPhone } from "../../platform/access.ts";
import { maskPhone } from "../../platform/validators.ts";
import { WORK_TYPES, type WorkType } from "../service/schema.ts";
import { isTaskOverdue } from "./rules.ts";
import { CARE_TASK_TYPES, type CareTaskType, type careTasks } from "./schema.ts";

export type CareTaskRow = typeof careTasks.$inferSelect;
/** A task with what the lists join to it. */
export type CareTaskJoined = CareTaskRow & {
  customerName: string;
  customerPhone: string | null;
  orderNo: string | null;
  roNo: string | null;
  workType: string | null;
  vehiclePlate: string | null;
  vehicleModel: string | null;
};

export const CareTask = z.object({
  id: z.number(),
  storeId: z.number(),
  type: z.enum(CARE_TASK_TYPES),
  customerId: z.number(),
  customerName: z.string(),
  /** null for a company customer without a mobile */
  phone: z.string().nullable(),
  phoneMasked: z.boolean(),
  vehicleId: z.number().nullable(),
  orderId: z.number().nullable(),
  orderNo: z.string().nullable(),
  repairOrderId: z.number().nullable(),
  /** the repair order of a post-service callback */
  roNo: z.string().nullable(),
  workType: z.enum(WORK_TYPES).nullable(),
  /** the vehicle the task is about, to tell a customer's cars apart on the phone */
  vehiclePlate: z.string().nullable(),
  vehicleModel: z.string().nullable(),
  /** the maintenance due date of a reminder, the birthday of a greeting */
  forDate: z.string().nullable(),
  dayOffset: z.number().nullable(),
  dueAt: z.date(),
  overdue: z.boolean(),
  done: z.boolean(),
  doneAt: z.date().nullable(),
  reached: z.boolean().nullable(),
  reachedAt: z.date().nullable(),
  satisfaction: z.number().nullable(),
  comment: z.string().nullable(),
  attempts: z.number(),
  flagged: z.boolean(),
  createdAt: z.date(),
});
export type CareTaskOut = z.infer<typeof CareTask>;

/** `ownerId`: the lead's owner, where the task is shown beside the lead's order (the owner sees the phone). */
export function careTaskView(
  row: CareTaskJoined,
  actor: Actor,
  now: Date,
  ownerId?: number | null,
): CareTaskOut {
  const full = seesFullPhone(actor, ownerId);
  const phone = row.customerPhone;
  return {
    id: row.id,
    storeId: row.storeId,
    type: row.type as CareTaskType,
    customerId: row.customerId,
    customerName: row.customerName,
    phone: phone === null || full ? phone : maskPhone(phone),
    phoneMasked: phone !== null && !full,
    vehicleId: row.vehicleId,
    orderId: row.orderId,
    orderNo: row.orderNo,
    repairOrderId: row.repairOrderId,
    roNo: row.roNo,
    workType: row.workType as WorkType | null,
    vehiclePlate: row.vehiclePlate,
    vehicleModel: row.vehicleModel,
    forDate: row.forDate,
    dayOffset: row.dayOffset,
    dueAt: row.dueAt,
    overdue: isTaskOverdue(row, now),
    done: row.done,
    doneAt: row.doneAt,
    reached: row.reached,
    reachedAt: row.reachedAt,
    satisfaction: row.satisfaction,
    comment: row.comment,
    attempts: row.attempts,
    flagged: row.flagged,
    createdAt: row.createdAt,
  };
}
