/** HTTP routes of customers: validation with zod, one use case per route, masking in the serialiser. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { type Actor, seesFullIdNumber, seesFullPhone } from "../../platform/access.ts";
import type { Deps } from "../../platform/deps.ts";
import { IdParams, requireActor, zId, zInstant, zPage, zText } from "../../platform/http.ts";
import {
  checkVin,
  isValidCreditCode,
  maskIdNumber,
  maskPhone,
  zIdNumber,
  zMobile,
  zPlate,
} from "../../platform/validators.ts";
import { CONSENT_CHANNELS, type ConsentRow, recordConsent } from "./consents.ts";
import type { CustomerView } from "./customer-access.ts";
import { type Customer360, getCustomer360, SECTIONS } from "./customer360.ts";
import {
  CUSTOMER_KINDS,
  createCustomer,
  GENDERS,
  getCustomer,
  kindProblems,
  listCustomers,
  REVEALABLE_FIELDS,
  revealField,
  updateCustomer,
} from "./customers.ts";
import { LIFECYCLES, LOYALTY_CLASSES } from "./loyalty.ts";
import { searchCustomerVehicles, type VehicleHit } from "./vehicle-search.ts";
import { addVehicle, type VehicleRow } from "./vehicles.ts";

const zOptionalText = (max: number) => zText(max).nullable().optional();
/** a calendar date `YYYY-MM-DD`; "not in the future" needs the store's today and is checked in the use case */
const zDate = z.iso.date().refine((d) => d >= "1900-01-01", "must not be before 1900-01-01");
const zCreditCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidCreditCode, "invalid unified social credit code");
// Length and characters are malformed input (400); a wrong check digit is a store-configurable rule (422).
const zVin = z
  .string()
  .trim()
  .toUpperCase()
  .max(40)
  .refine((v) => {
    const r = checkVin(v);
    return r.ok || r.reason === "check_digit";
  }, "a VIN has 17 characters: digits and letters except I, O and Q");

const customerFields = {
  name: zText(100),
  phone: zMobile.nullable().optional(),
  gender: z.enum(GENDERS).nullable().optional(),
  birthday: zDate.nullable().optional(),
  idNumber: zIdNumber.nullable().optional(),
  address: zOptionalText(200),
  wechatId: zOptionalText(50),
  creditCode: zCreditCode.nullable().optional(),
  contactPerson: zOptionalText(100),
};

const CreateCustomerBody = z
  .strictObject({
    kind: z.enum(CUSTOMER_KINDS),
    ...customerFields,
    /** the group admin names the store; others may omit it */
    storeId: zId.optional(),
  })
  .superRefine((body, ctx) => {
    for (const p of kindProblems(body.kind, body))
      ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
  });

const PatchCustomerBody = z.strictObject({
  kind: z.enum(CUSTOMER_KINDS).optional(),
  ...customerFields,
  name: zText(100).optional(),
});

export const Customer = z.object({
  id: z.number(),
  storeId: z.number(),
  kind: z.enum(CUSTOMER_KINDS),
  name: z.string(),
  phone: z.string().nullable(),
  phoneMasked: z.boolean(),
  gender: z.enum(GENDERS).nullable(),
  birthday: z.string().nullable(),
  idNumber: z.string().nullable(),
  idNumberMasked: z.boolean(),
  address: z.string().nullable(),
  wechatId: z.string().nullable(),
  creditCode: z.string().nullable(),
  contactPerson: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const Vehicle = z.object({
  id: z.number(),
  storeId: z.number(),
  customerId: z.number(),
  vin: z.string(),
  vinCheckWarning: z.boolean(),
  plate: z.string().nullable(),
  brand: z.string().nullable(),
  model: z.string(),
  trim: z.string().nullable(),
  colour: z.string().nullable(),
  purchaseDate: z.string().nullable(),
  mileageKm: z.number().nullable(),
  soldByStore: z.boolean(),
  createdAt: z.date(),
});

export const Consent = z.object({
  id: z.number(),
  customerId: z.number(),
  channel: z.enum(CONSENT_CHANNELS),
  granted: z.boolean(),
  source: z.string(),
  at: z.date(),
  actorId: z.number().nullable(),
});

const LeadRef = z.object({
  id: z.number(),
  level: z.string(),
  state: z.string(),
  ownerId: z.number().nullable(),
});

/** One hit of the customer-vehicle search: the vehicle with its owner's name and (masked) phone. */
export const CustomerVehicle = z.object({
  id: z.number(),
  storeId: z.number(),
  vin: z.string(),
  plate: z.string().nullable(),
  model: z.string(),
  brand: z.string().nullable(),
  colour: z.string().nullable(),
  mileageKm: z.number().nullable(),
  purchaseDate: z.string().nullable(),
  soldByStore: z.boolean(),
  customerId: z.number(),
  customerName: z.string(),
  phone: z.string().nullable(),
  phoneMasked: z.boolean(),
});

function customerVehicleOut(actor: Actor, h: VehicleHit): z.infer<typeof CustomerVehicle> {
  const full = seesFullPhone(actor, h.ownerId);
  const v = h.vehicle;
  return {
    id: v.id,
    storeId: v.storeId,
    vin: v.vin,
    plate: v.plate,
    model: v.model,
    brand: v.brand,
    colour: v.colour,
    mileageKm: v.mileageKm,
    purchaseDate: v.purchaseDate,
    soldByStore: v.soldByStore,
    customerId: v.customerId,
    customerName: h.customerName,
    phone: h.customerPhone === null || full ? h.customerPhone : maskPhone(h.customerPhone),
    phoneMasked: h.customerPhone !== null && !full,
  };
}

const Customer360Body = z.object({
  customer: Customer,
  loyaltyClass: z.enum(LOYALTY_CLASSES),
  lifecycle: z.enum(LIFECYCLES),
  workshopVisits12m: z.number(),
  lastVisitAt: z.date().nullable(),
  averageSatisfaction: z.number().nullable(),
  vehicles: z.array(
    Vehicle.extend({
      lastMileageKm: z.number().nullable(),
      lastServiceAt: z.date().nullable(),
      nextMaintenanceDue: z.string().nullable(),
    }),
  ),
  orders: z.array(
    z.object({
      id: z.number(),
      orderNo: z.string(),
      state: z.string(),
      model: z.string().nullable(),
      orderedAt: z.date(),
      deliveredAt: z.date().nullable(),
      priceFen: z.number(),
    }),
  ),
  repairOrders: z.array(
    z.object({
      id: z.number(),
      roNo: z.string(),
      state: z.string(),
      workType: z.string(),
      vehicleId: z.number(),
      plate: z.string().nullable(),
      openedAt: z.date(),
      handedBackAt: z.date().nullable(),
      totalFen: z.number().nullable(),
      returnRepair: z.boolean(),
    }),
  ),
  careTasks: z.array(
    z.object({
      id: z.number(),
      type: z.string(),
      vehicleId: z.number().nullable(),
      orderId: z.number().nullable(),
      repairOrderId: z.number().nullable(),
      forDate: z.string().nullable(),
      dueAt: z.date(),
      done: z.boolean(),
      doneAt: z.date().nullable(),
      reached: z.boolean().nullable(),
      satisfaction: z.number().nullable(),
      comment: z.string().nullable(),
    }),
  ),
  complaints: z.array(
    z.object({
      id: z.number(),
      category: z.string(),
      severity: z.string(),
      state: z.string(),
      receivedAt: z.date(),
      deadlineAt: z.date(),
    }),
  ),
  consents: z.array(
    z.object({ channel: z.enum(CONSENT_CHANNELS), granted: z.boolean(), at: z.date(), source: z.string() }),
  ),
  messages: z.array(
    z.object({
      id: z.number(),
      channel: z.string(),
      purpose: z.string(),
      template: z.string(),
      status: z.string(),
      createdAt: z.date(),
    }),
  ),
  counts: z.object(
    Object.fromEntries(SECTIONS.map((s) => [s, z.number()])) as Record<
      (typeof SECTIONS)[number],
      z.ZodNumber
    >,
  ),
  restricted: z.array(z.enum(SECTIONS)),
});

function customer360Out(actor: Actor, c: Customer360): z.infer<typeof Customer360Body> {
  // field by field: `c.detail` holds the unmasked customer and must never be spread into the answer
  return {
    customer: customerOut(actor, c.detail),
    loyaltyClass: c.loyaltyClass,
    lifecycle: c.lifecycle,
    workshopVisits12m: c.workshopVisits12m,
    lastVisitAt: c.lastVisitAt,
    averageSatisfaction: c.averageSatisfaction,
    orders: c.orders,
    repairOrders: c.repairOrders,
    careTasks: c.careTasks,
    complaints: c.complaints,
    messages: c.messages,
    counts: c.counts,
    restricted: c.restricted,
    vehicles: c.vehicles.map((v) => ({
      ...vehicleOut(v),
      lastMileageKm: v.lastMileageKm,
      lastServiceAt: v.lastServiceAt,
      nextMaintenanceDue: v.nextMaintenanceDue,
    })),
    consents: c.consents.map((k) => ({
      channel: k.channel as (typeof CONSENT_CHANNELS)[number],
      granted: k.granted,
      at: k.at,
      source: k.source,
    })),
  };
}

/** Phone and ID number masked unless the actor may see them (DOMAIN §10). */
function customerOut(actor: Actor, { customer: c, ownerId }: CustomerView): z.infer<typeof Customer> {
  const fullPhone = seesFullPhone(actor, ownerId);
  const fullIdNumber = seesFullIdNumber(actor, ownerId);
  return {
    id: c.id,
    storeId: c.storeId,
    kind: c.kind as z.infer<typeof Customer>["kind"],
    name: c.name,
    phone: c.phone === null || fullPhone ? c.phone : maskPhone(c.phone),
    phoneMasked: c.phone !== null && !fullPhone,
    gender: c.gender as z.infer<typeof Customer>["gender"],
    birthday: c.birthday,
    idNumber: c.idNumber === null || fullIdNumber ? c.idNumber : maskIdNumber(c.idNumber),
    idNumberMasked: c.idNumber !== null && !fullIdNumber,
    address: c.address,
    wechatId: c.wechatId,
    creditCode: c.creditCode,
    contactPerson: c.contactPerson,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

const vehicleOut = (v: VehicleRow): z.infer<typeof Vehicle> => ({
  id: v.id,
  storeId: v.storeId,
  customerId: v.customerId,
  vin: v.vin,
  vinCheckWarning: v.vinCheckWarning,
  plate: v.plate,
  brand: v.brand,
  model: v.model,
  trim: v.trim,
  colour: v.colour,
  purchaseDate: v.purchaseDate,
  mileageKm: v.mileageKm,
  soldByStore: v.soldByStore,
  createdAt: v.createdAt,
});

const consentOut = (c: ConsentRow): z.infer<typeof Consent> => ({
  id: c.id,
  customerId: c.customerId,
  channel: c.channel as z.infer<typeof Consent>["channel"],
  granted: c.granted,
  source: c.source,
  at: c.at,
  actorId: c.actorId,
});

export function customerRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;
  const tags = ["customers"];
  return async (app) => {
    app.post(
      "/customers",
      { schema: { tags, body: CreateCustomerBody, response: { 201: Customer } } },
      async (request, reply) => {
        const actor = requireActor(request);
        const view = await createCustomer(db, actor, request.body, clock.now());
        return reply.status(201).send(customerOut(actor, view));
      },
    );

    app.get(
      "/customers",
      {
        schema: {
          tags,
          querystring: z.strictObject({
            q: z.string().trim().max(100).optional(),
            loyalty: z.enum(LOYALTY_CLASSES).optional(),
            storeId: zId.optional(),
            ...zPage.shape,
          }),
          response: {
            200: z.object({
              items: z.array(
                Customer.extend({
                  loyaltyClass: z.enum(LOYALTY_CLASSES),
                  workshopVisits12m: z.number(),
                  vehicleCount: z.number(),
                }),
              ),
              total: z.number(),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { items, total } = await listCustomers(db, actor, request.query, clock.now());
        return {
          items: items.map((v) => ({
            ...customerOut(actor, v),
            loyaltyClass: v.loyaltyClass,
            workshopVisits12m: v.visits12m,
            vehicleCount: v.vehicleCount,
          })),
          total,
        };
      },
    );

    app.get(
      "/customer-vehicles",
      {
        schema: {
          tags,
          querystring: z.strictObject({
            q: z.string().trim().max(100).optional(),
            customerId: zId.optional(),
            ...zPage.shape,
          }),
          response: { 200: z.object({ items: z.array(CustomerVehicle), total: z.number() }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { items, total } = await searchCustomerVehicles(db, actor, request.query);
        return { items: items.map((h) => customerVehicleOut(actor, h)), total };
      },
    );

    app.get(
      "/customers/:id",
      {
        schema: {
          tags,
          params: IdParams,
          response: {
            200: z.object({
              customer: Customer,
              vehicles: z.array(Vehicle),
              consents: z.array(Consent),
              leads: z.array(LeadRef),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const detail = await getCustomer(db, actor, request.params.id);
        return {
          customer: customerOut(actor, detail),
          vehicles: detail.vehicles.map(vehicleOut),
          consents: detail.consents.map(consentOut),
          leads: detail.leads,
        };
      },
    );

    app.get(
      "/customers/:id/360",
      { schema: { tags, params: IdParams, response: { 200: Customer360Body } } },
      async (request) => {
        const actor = requireActor(request);
        return customer360Out(actor, await getCustomer360(db, actor, request.params.id, clock.now()));
      },
    );

    app.patch(
      "/customers/:id",
      { schema: { tags, params: IdParams, body: PatchCustomerBody, response: { 200: Customer } } },
      async (request) => {
        const actor = requireActor(request);
        return customerOut(
          actor,
          await updateCustomer(db, actor, request.params.id, request.body, clock.now()),
        );
      },
    );

    app.post(
      "/customers/:id/vehicles",
      {
        schema: {
          tags,
          params: IdParams,
          body: z.strictObject({
            vin: zVin,
            plate: zPlate.nullable().optional(),
            brand: zOptionalText(50),
            model: zText(100),
            trim: zOptionalText(100),
            colour: zOptionalText(50),
            purchaseDate: zDate.nullable().optional(),
            mileageKm: z.number().int().min(0).max(10_000_000).nullable().optional(),
            soldByStore: z.boolean().optional(),
          }),
          response: { 201: Vehicle.extend({ warnings: z.array(z.literal("vin_check_digit")) }) },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const { vehicle, warnings } = await addVehicle(
          db,
          actor,
          request.params.id,
          request.body,
          clock.now(),
        );
        return reply.status(201).send({ ...vehicleOut(vehicle), warnings });
      },
    );

    app.post(
      "/customers/:id/consents",
      {
        schema: {
          tags,
          params: IdParams,
          body: z.strictObject({
            channel: z.enum(CONSENT_CHANNELS),
            granted: z.boolean(),
            source: zText(100),
            occurredAt: zInstant.optional(),
          }),
          response: { 201: Consent },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const consent = await recordConsent(db, actor, request.params.id, request.body, clock.now());
        return reply.status(201).send(consentOut(consent));
      },
    );

    app.post(
      "/customers/:id/reveal",
      {
        schema: {
          tags,
          params: IdParams,
          body: z.strictObject({ field: z.enum(REVEALABLE_FIELDS) }),
          response: { 200: z.object({ value: z.string().nullable() }) },
        },
      },
      async (request) =>
        revealField(db, requireActor(request), request.params.id, request.body.field, clock.now()),
    );
  };
}
