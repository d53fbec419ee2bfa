/**
 * Quotes and orders as the API shows them (docs/API.md, Quote and Order objects): the order's customer,
 * car and people joined by name, the phone masked as on the lead unless the actor may see it (DOMAIN §10).
 */
import { z } from "zod";
import { type Actor, seesFullPhone } from "../../platform/access.ts";
import { maskPhone } from "../../platform/validators.ts";
import { loanOf, type QuoteWithLines } from "./quotes.ts";
import { DEPOSIT_METHODS, ORDER_STATES, type orders, QUOTE_LINE_KINDS } from "./schema.ts";

export const QuoteLine = z.object({
  kind: z.enum(QUOTE_LINE_KINDS),
  name: z.string(),
  amountFen: z.number(),
});

export const Quote = z.object({
  id: z.number(),
  storeId: z.number(),
  leadId: z.number(),
  vehicleId: z.number().nullable(),
  model: z.string().nullable(),
  trim: z.string().nullable(),
  colour: z.string().nullable(),
  vehiclePriceFen: z.number(),
  discountFen: z.number(),
  lines: z.array(QuoteLine),
  linesFen: z.number(),
  totalFen: z.number(),
  loan: z
    .object({
      downPaymentFen: z.number(),
      months: z.number(),
      annualRatePct: z.number(),
      financedFen: z.number(),
      monthlyPaymentFen: z.number(),
      totalInterestFen: z.number(),
    })
    .nullable(),
  validUntil: z.string(),
  note: z.string().nullable(),
  createdBy: z.number(),
  createdByName: z.string().nullable(),
  createdAt: z.date(),
});
export type QuoteOut = z.infer<typeof Quote>;

export function quoteView(q: QuoteWithLines): QuoteOut {
  return {
    id: q.id,
    storeId: q.storeId,
    leadId: q.leadId,
    vehicleId: q.vehicleId,
    model: q.model,
    trim: q.trim,
    colour: q.colour,
    vehiclePriceFen: q.vehiclePriceFen,
    discountFen: q.discountFen,
    lines: q.lines.map((l) => ({
      kind: l.kind as QuoteOut["lines"][number]["kind"],
      name: l.name,
      amountFen: l.amountFen,
    })),
    linesFen: q.lines.reduce((sum, l) => sum + l.amountFen, 0),
    totalFen: q.totalFen,
    loan: loanOf(q),
    validUntil: q.validUntil,
    note: q.note,
    createdBy: q.createdBy,
    createdByName: q.createdByName,
    createdAt: q.createdAt,
  };
}

export const DeliveryDocuments = z.object({
  invoice: z.boolean(),
  certificate: z.boolean(),
  manual: z.boolean(),
  warrantyCard: z.boolean(),
  keys: z.boolean(),
  insurancePolicy: z.boolean(),
});

export const Order = z.object({
  id: z.number(),
  storeId: z.number(),
  orderNo: z.string(),
  state: z.enum(ORDER_STATES),
  leadId: z.number(),
  leadName: z.string(),
  customerId: z.number(),
  customerName: z.string(),
  phone: z.string(),
  phoneMasked: z.boolean(),
  quoteId: z.number().nullable(),
  vehicleId: z.number().nullable(),
  vin: z.string().nullable(),
  model: z.string(),
  trim: z.string().nullable(),
  colour: z.string().nullable(),
  optionPackage: z.string().nullable(),
  factoryOrder: z.boolean(),
  priceFen: z.number(),
  depositFen: z.number(),
  depositMethod: z.enum(DEPOSIT_METHODS),
  referrerCustomerId: z.number().nullable(),
  referrerName: z.string().nullable(),
  consultantId: z.number().nullable(),
  consultantName: z.string().nullable(),
  orderedAt: z.date(),
  cancelledAt: z.date().nullable(),
  cancelReason: z.string().nullable(),
  refundFen: z.number().nullable(),
  deliveredAt: z.date().nullable(),
  pdiDone: z.boolean().nullable(),
  documents: DeliveryDocuments.nullable(),
  customerVehicleId: z.number().nullable(),
  /** the plate the delivery registered on the customer's vehicle */
  plate: z.string().nullable(),
  createdAt: z.date(),
});
export type OrderOut = z.infer<typeof Order>;

/** An order row with what the queries join to it. */
export interface OrderJoined {
  order: typeof orders.$inferSelect;
  leadName: string;
  phone: string;
  ownerId: number | null;
  customerName: string;
  referrerName: string | null;
  consultantName: string | null;
  car: {
    vin: string;
    model: string;
    trim: string | null;
    colour: string;
    optionPackage: string | null;
  } | null;
  plate: string | null;
}

export function orderView(r: OrderJoined, actor: Actor): OrderOut {
  const o = r.order;
  const full = seesFullPhone(actor, r.ownerId);
  // an allocated car describes itself; until then the factory order says what was ordered
  return {
    id: o.id,
    storeId: o.storeId,
    orderNo: o.orderNo,
    state: o.state as OrderOut["state"],
    leadId: o.leadId,
    leadName: r.leadName,
    customerId: o.customerId,
    customerName: r.customerName,
    phone: full ? r.phone : maskPhone(r.phone),
    phoneMasked: !full,
    quoteId: o.quoteId,
    vehicleId: o.vehicleId,
    vin: r.car?.vin ?? null,
    model: r.car?.model ?? o.factoryModel!,
    trim: r.car ? r.car.trim : o.factoryTrim,
    colour: r.car?.colour ?? o.factoryColour,
    optionPackage: r.car ? r.car.optionPackage : o.factoryOptionPackage,
    factoryOrder: o.factoryModel !== null,
    priceFen: o.priceFen,
    depositFen: o.depositFen,
    depositMethod: o.depositMethod as OrderOut["depositMethod"],
    referrerCustomerId: o.referrerCustomerId,
    referrerName: r.referrerName,
    consultantId: o.consultantId,
    consultantName: r.consultantName,
    orderedAt: o.orderedAt,
    cancelledAt: o.cancelledAt,
    cancelReason: o.cancelReason,
    refundFen: o.refundFen,
    deliveredAt: o.deliveredAt,
    pdiDone: o.pdiDone,
    documents: o.documents as OrderOut["documents"],
    customerVehicleId: o.customerVehicleId,
    plate: r.plate,
    createdAt: o.createdAt,
  };
}

export const Referral = z.object({
  orderId: z.number(),
  orderNo: z.string(),
  state: z.enum(ORDER_STATES),
  leadId: z.number(),
  customerName: z.string(),
  orderedAt: z.date(),
  deliveredAt: z.date().nullable(),
});
