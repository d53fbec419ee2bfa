/**
 * Repair orders as the API shows them (docs/API.md, Repair orders): the order with its customer, vehicle and
 * people joined by name, its lines, totals by payer (live until settled, the fixed settlement after) and its
 * steps. The customer's phone is masked unless the actor's role sees full values (DOMAIN §10).
 */
import { z } from "zod";
import { type Actor, seesFullPhone } from "../../platform/access.ts";
import { maskPhone } from "../../platform/validators.ts";
import { type Totals, totalsOf } from "./ro-rules.ts";
import {
  PAYERS,
  type Payer,
  RO_STATES,
  type RoState,
  type repairOrders,
  type roLabourLines,
  type roPartLines,
  WORK_TYPES,
  type WorkType,
} from "./schema.ts";

export type RepairOrderRow = typeof repairOrders.$inferSelect;
export type LabourLineRow = typeof roLabourLines.$inferSelect;
export type PartLineRow = typeof roPartLines.$inferSelect;

export const LabourLine = z.object({
  id: z.number(),
  description: z.string(),
  hours: z.number(),
  rateFen: z.number(),
  amountFen: z.number(),
  payer: z.enum(PAYERS),
  createdAt: z.date(),
});

export const PartLine = z.object({
  id: z.number(),
  partNo: z.string(),
  name: z.string(),
  quantity: z.number(),
  unitPriceFen: z.number(),
  amountFen: z.number(),
  payer: z.enum(PAYERS),
  createdAt: z.date(),
});

export const RoTotals = z.object({
  labourFen: z.number(),
  partsFen: z.number(),
  totalFen: z.number(),
  byPayer: z.object({ customer: z.number(), insurer: z.number(), warranty: z.number() }),
});

export const RoEvent = z.object({
  fromState: z.enum(RO_STATES).nullable(),
  toState: z.enum(RO_STATES),
  at: z.date(),
  actorName: z.string(),
});

/** What lists and the board show of an order: no lines, no steps, no totals. */
export const RepairOrderSummary = z.object({
  id: z.number(),
  storeId: z.number(),
  roNo: z.string(),
  state: z.enum(RO_STATES),
  returnRepair: z.boolean(),
  returnOfId: z.number().nullable(),
  returnOfRoNo: z.string().nullable(),
  customerId: z.number(),
  customerName: z.string(),
  phone: z.string().nullable(),
  phoneMasked: z.boolean(),
  vehicleId: z.number(),
  vin: z.string(),
  plate: z.string().nullable(),
  model: z.string(),
  mileageIn: z.number(),
  mileageOverrideReason: z.string().nullable(),
  complaint: z.string(),
  workType: z.enum(WORK_TYPES),
  advisorId: z.number(),
  advisorName: z.string(),
  technician: z.string().nullable(),
  appointmentId: z.number().nullable(),
  openedAt: z.date(),
  startedAt: z.date().nullable(),
  doneAt: z.date().nullable(),
  settledAt: z.date().nullable(),
  handedBackAt: z.date().nullable(),
  /** the settlement total once settled (lists show it), null before */
  totalFen: z.number().nullable(),
  createdAt: z.date(),
});
export type RepairOrderSummaryOut = z.infer<typeof RepairOrderSummary>;

export const RepairOrder = RepairOrderSummary.extend({
  labour: z.array(LabourLine),
  parts: z.array(PartLine),
  totals: RoTotals,
  events: z.array(RoEvent),
});
export type RepairOrderOut = z.infer<typeof RepairOrder>;

/** A repair order row with what the queries join to it. */
export interface RepairOrderJoined {
  ro: RepairOrderRow;
  customerName: string;
  phone: string | null;
  vin: string;
  plate: string | null;
  model: string;
  advisorName: string;
  returnOfRoNo: string | null;
}

export function summaryView(r: RepairOrderJoined, actor: Actor): RepairOrderSummaryOut {
  const o = r.ro;
  const full = seesFullPhone(actor);
  return {
    id: o.id,
    storeId: o.storeId,
    roNo: o.roNo,
    state: o.state as RoState,
    returnRepair: o.returnRepair,
    returnOfId: o.returnOfId,
    returnOfRoNo: r.returnOfRoNo,
    customerId: o.customerId,
    customerName: r.customerName,
    phone: r.phone === null || full ? r.phone : maskPhone(r.phone),
    phoneMasked: r.phone !== null && !full,
    vehicleId: o.vehicleId,
    vin: r.vin,
    plate: r.plate,
    model: r.model,
    mileageIn: o.mileageIn,
    mileageOverrideReason: o.mileageOverrideReason,
    complaint: o.complaint,
    workType: o.workType as WorkType,
    advisorId: o.advisorId,
    advisorName: r.advisorName,
    technician: o.technician,
    appointmentId: o.appointmentId,
    openedAt: o.openedAt,
    startedAt: o.startedAt,
    doneAt: o.doneAt,
    settledAt: o.settledAt,
    handedBackAt: o.handedBackAt,
    totalFen: o.totalFen,
    createdAt: o.createdAt,
  };
}

/** After settlement the stored totals are the settlement; before, the lines as they stand. */
export function totalsView(ro: RepairOrderRow, labour: LabourLineRow[], parts: PartLineRow[]): Totals {
  if (ro.totalFen !== null) {
    return {
      labourFen: ro.labourFen!,
      partsFen: ro.partsFen!,
      totalFen: ro.totalFen,
      byPayer: { customer: ro.customerFen!, insurer: ro.insurerFen!, warranty: ro.warrantyFen! },
    };
  }
  const money = (l: { amountFen: number; payer: string }) => ({
    amountFen: l.amountFen,
    payer: l.payer as Payer,
  });
  return totalsOf(labour.map(money), parts.map(money));
}

export function repairOrderView(
  r: RepairOrderJoined,
  actor: Actor,
  labour: LabourLineRow[],
  parts: PartLineRow[],
  events: { fromState: string | null; toState: string; at: Date; actorName: string }[],
): RepairOrderOut {
  return {
    ...summaryView(r, actor),
    labour: labour.map((l) => ({
      id: l.id,
      description: l.description,
      hours: l.hoursCenti / 100,
      rateFen: l.rateFen,
      amountFen: l.amountFen,
      payer: l.payer as Payer,
      createdAt: l.createdAt,
    })),
    parts: parts.map((p) => ({
      id: p.id,
      partNo: p.partNo,
      name: p.name,
      quantity: p.quantityCenti / 100,
      unitPriceFen: p.unitPriceFen,
      amountFen: p.amountFen,
      payer: p.payer as Payer,
      createdAt: p.createdAt,
    })),
    totals: totalsView(r.ro, labour, parts),
    events: events.map((e) => ({
      fromState: e.fromState as RoState | null,
      toState: e.toState as RoState,
      at: e.at,
      actorName: e.actorName,
    })),
  };
}

export const BoardCard = z.object({
  id: z.number(),
  roNo: z.string(),
  state: z.enum(RO_STATES),
  plate: z.string().nullable(),
  model: z.string(),
  customerName: z.string(),
  workType: z.enum(WORK_TYPES),
  advisorName: z.string(),
  technician: z.string().nullable(),
  openedAt: z.date(),
  returnRepair: z.boolean(),
  /** whole hours since the order was opened (the board's age) */
  hoursOpen: z.number(),
});
export type BoardCardOut = z.infer<typeof BoardCard>;

export const Board = z.object({
  columns: z.object({
    open: z.array(BoardCard),
    in_progress: z.array(BoardCard),
    done: z.array(BoardCard),
    settled: z.array(BoardCard),
  }),
  handedBackToday: z.number(),
  openedToday: z.number(),
});

export const RoStats = z.object({
  intake: z.number(),
  handedBack: z.number(),
  returnRepairs: z.number(),
  returnRepairRate: z.number().nullable(),
  averageValueFen: z.number().nullable(),
  averageInsuranceValueFen: z.number().nullable(),
});
