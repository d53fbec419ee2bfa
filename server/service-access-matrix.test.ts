/**
 * Every endpoint of the after-sales section of docs/API.md (calendar, service plans, appointments, repair
 * orders, care tasks and messages, complaints, claims, customer 360) × every role: allowed exactly when
 * POLICY says so, 403 otherwise, 401 without a session. Then row scope: another store's objects answer 404
 * and change nothing, and the group admin reaches both stores.
 */
import type { InjectOptions } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../tests/support/app.ts";
import { documentedEndpoints, type MatrixEndpoint, roleMatrix } from "../tests/support/role-matrix.ts";
import { type Actor, can, ROLES, type Role } from "./platform/access.ts";
import { vinCheckDigit } from "./platform/validators.ts";

let ctx: TestContext;
let store1: number;
let store2: number;
const actors = {} as Record<Role, TestUser>;
const other = {} as Record<"service_advisor" | "customer_service" | "gm", TestUser>; // of store 2

const NOW = "2026-11-24T02:00:00Z"; // Tuesday 10:00 in Shanghai

beforeAll(async () => {
  ctx = await testApp(NOW);
  store1 = await ctx.store("一号店");
  store2 = await ctx.store("二号店");
  for (const role of ROLES) actors[role] = await ctx.user(role, role === "admin" ? null : store1);
  for (const role of ["service_advisor", "customer_service", "gm"] as const) {
    other[role] = await ctx.user(role, store2);
  }
});

let seq = 0;
const vin = () => {
  const draft = `LFV3A24K0N4${String(200000 + ++seq)}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
};
const send = (u: TestUser, method: InjectOptions["method"], url: string, payload?: object) =>
  ctx.req(u, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
const api = async (u: TestUser, method: InjectOptions["method"], url: string, payload?: object) => {
  const res = await send(u, method, url, payload);
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
};
const advisorOf = (s: number) => (s === store1 ? actors.service_advisor : other.service_advisor);
const csOf = (s: number) => (s === store1 ? actors.customer_service : other.customer_service);
const gmOf = (s: number) => (s === store1 ? actors.gm : other.gm);

// Fixtures, each made fresh for one call so that calls do not disturb each other. Customers and vehicles go
// straight into the tables: the matrix tests the after-sales endpoints, not the customer ones.
const car = async (s = store1): Promise<{ customerId: number; vehicleId: number }> => {
  const c = await ctx.pool.query(
    "INSERT INTO customers (store_id, kind, name, phone) VALUES ($1, 'person', '周先生', $2) RETURNING id",
    [s, String(13500000000 + ++seq)],
  );
  const v = await ctx.pool.query(
    `INSERT INTO vehicles (store_id, customer_id, vin, plate, model, purchase_date, mileage_km)
     VALUES ($1, $2, $3, $4, '凯美瑞', '2024-05-01', 12000) RETURNING id`,
    [s, c.rows[0].id, vin(), `粤A${String(10000 + seq).slice(-5)}`],
  );
  return { customerId: Number(c.rows[0].id), vehicleId: Number(v.rows[0].id) };
};
type RoState = "open" | "in_progress" | "done" | "settled";
const repairOrder = async (s = store1, upTo: RoState = "open", workType = "mechanical") => {
  const a = advisorOf(s);
  const { vehicleId, customerId } = await car(s);
  const ro = await api(a, "POST", "/repair-orders", {
    vehicleId,
    mileageIn: 15000,
    complaint: "刹车异响",
    workType,
  });
  if (upTo === "open") return { ...ro, customerId };
  await api(a, "POST", `/repair-orders/${ro.id}/labour`, { description: "检查", hours: 1, rateFen: 18000 });
  await api(a, "POST", `/repair-orders/${ro.id}/transition`, { to: "in_progress" });
  if (upTo !== "in_progress") await api(a, "POST", `/repair-orders/${ro.id}/transition`, { to: "done" });
  if (upTo === "settled") await api(a, "POST", `/repair-orders/${ro.id}/settle`, {});
  return { ...ro, customerId };
};
/** The next free bookable hour: weekdays from tomorrow, 09:00–16:00 Shanghai, one booking per slot. */
let slotNo = 0;
const nextSlot = () => {
  const n = slotNo++;
  const day = new Date(Date.parse("2026-11-25T00:00:00Z") + Math.floor(n / 8) * 86_400_000);
  while ([0, 6].includes(day.getUTCDay())) day.setUTCDate(day.getUTCDate() + 1);
  return new Date(day.getTime() + (1 + (n % 8)) * 3_600_000).toISOString(); // 09:00 … 16:00 +08:00
};
const appointment = async (s = store1) => {
  const c = await car(s);
  return api(advisorOf(s), "POST", "/appointments", { ...c, slotStart: nextSlot(), workType: "maintenance" });
};
/** A booking whose slot has begun (for the no-show), straight into the table. */
const pastAppointment = async (s = store1) => {
  const c = await car(s);
  const r = await ctx.pool.query(
    `INSERT INTO appointments (store_id, customer_id, vehicle_id, slot_start, work_type, status, created_by)
     VALUES ($1, $2, $3, '2026-11-24T01:00:00Z', 'maintenance', 'booked', $4) RETURNING id`,
    [s, c.customerId, c.vehicleId, advisorOf(s).id],
  );
  return Number(r.rows[0].id);
};
const complaint = async (s = store1, owner?: TestUser) => {
  const { customerId } = await car(s);
  return api(gmOf(s), "POST", "/complaints", {
    customerId,
    channel: "phone",
    category: "sales",
    severity: "medium",
    description: "交车时间一再推迟",
    ownerId: (owner ?? csOf(s)).id,
  });
};
const claim = async (s = store1) => {
  const ro = await repairOrder(s, "done", "warranty");
  return api(advisorOf(s), "POST", "/claims", { repairOrderId: ro.id, faultDescription: "车窗升降器失灵" });
};
const asAdminStore = (role: Role) => (role === "admin" ? { storeId: store1 } : {});
const adminQuery = (role: Role, url: string) =>
  role === "admin" ? `${url}${url.includes("?") ? "&" : "?"}storeId=${store1}` : url;
/** the user acting as the role in store 1 handles the complaint when the role may */
const ownerFor = (role: Role) =>
  can({ role } as Actor, "complaint.handle") ? actors[role] : actors.customer_service;

const get =
  (url: string) =>
  async (role: Role): Promise<InjectOptions> => ({ method: "GET", url: adminQuery(role, url) });
const post = (url: string, payload: object = {}): InjectOptions => ({ method: "POST", url, payload });

const ENDPOINTS: MatrixEndpoint[] = [
  // store settings and calendar
  {
    name: "PATCH /stores/:id",
    action: "store.update",
    request: async () => ({
      method: "PATCH",
      url: `/stores/${store1}`,
      payload: { workshopCapacityPerHour: 4 },
    }),
  },
  {
    name: "GET /stores/:id/calendar",
    action: "storeCalendar.read",
    request: async () => ({ method: "GET", url: `/stores/${store1}/calendar?year=2026` }),
  },
  {
    name: "PUT /stores/:id/calendar",
    action: "store.calendar",
    request: async () => ({
      method: "PUT",
      url: `/stores/${store1}/calendar`,
      payload: { year: 2026, holidays: ["2026-10-01"], workdays: ["2026-10-10"] },
    }),
  },
  // service plans
  { name: "GET /service-plans", action: "servicePlan.read", request: get("/service-plans") },
  {
    name: "PUT /service-plans",
    action: "servicePlan.write",
    request: async (role) => ({
      method: "PUT",
      url: "/service-plans",
      payload: { model: "凯美瑞", intervalMonths: 6, intervalKm: 5000, ...asAdminStore(role) },
    }),
  },
  {
    name: "DELETE /service-plans/:model",
    action: "servicePlan.write",
    request: async (role) => {
      const model = `车型${++seq}`;
      await api(actors.gm, "PUT", "/service-plans", { model, intervalMonths: 6, intervalKm: 5000 });
      return { method: "DELETE", url: adminQuery(role, `/service-plans/${encodeURIComponent(model)}`) };
    },
  },
  // appointments
  {
    name: "POST /appointments",
    action: "appointment.write",
    request: async (role) =>
      post("/appointments", {
        ...(await car()),
        slotStart: nextSlot(),
        workType: "maintenance",
        ...asAdminStore(role),
      }),
  },
  { name: "GET /appointments", action: "appointment.read", request: get("/appointments?date=2026-11-25") },
  {
    name: "GET /appointments/:id",
    action: "appointment.read",
    request: async () => ({ method: "GET", url: `/appointments/${(await appointment()).id}` }),
  },
  {
    name: "GET /appointments/slots",
    action: "appointment.read",
    request: get("/appointments/slots?date=2026-11-25"),
  },
  {
    name: "GET /appointments/stats",
    action: "appointment.read",
    request: get("/appointments/stats?from=2026-11-01&to=2026-11-30"),
  },
  {
    name: "POST /appointments/:id/cancel",
    action: "appointment.write",
    request: async () => ({ method: "POST", url: `/appointments/${(await appointment()).id}/cancel` }),
  },
  {
    name: "POST /appointments/:id/no-show",
    action: "appointment.write",
    request: async () => post(`/appointments/${await pastAppointment()}/no-show`),
  },
  // repair orders
  {
    name: "POST /repair-orders",
    action: "repairOrder.write",
    request: async (role) =>
      post("/repair-orders", {
        vehicleId: (await car()).vehicleId,
        mileageIn: 15000,
        complaint: "常规保养",
        workType: "maintenance",
        ...asAdminStore(role),
      }),
  },
  { name: "GET /repair-orders", action: "repairOrder.read", request: get("/repair-orders") },
  {
    name: "GET /repair-orders/:id",
    action: "repairOrder.read",
    request: async () => ({ method: "GET", url: `/repair-orders/${(await repairOrder()).id}` }),
  },
  { name: "GET /repair-orders/board", action: "repairOrder.read", request: get("/repair-orders/board") },
  {
    name: "GET /repair-orders/stats",
    action: "repairOrder.read",
    request: get("/repair-orders/stats?from=2026-11-01&to=2026-11-30"),
  },
  {
    name: "POST /repair-orders/:id/labour",
    action: "repairOrder.write",
    request: async () =>
      post(`/repair-orders/${(await repairOrder()).id}/labour`, {
        description: "诊断",
        hours: 0.5,
        rateFen: 18000,
      }),
  },
  {
    name: "POST /repair-orders/:id/parts",
    action: "repairOrder.write",
    request: async () =>
      post(`/repair-orders/${(await repairOrder()).id}/parts`, {
        partNo: "04465-33480",
        name: "前刹车片",
        quantity: 1,
        unitPriceFen: 58000,
      }),
  },
  {
    name: "DELETE /repair-orders/:id/labour/:lineId",
    action: "repairOrder.write",
    request: async () => {
      const ro = await repairOrder();
      const after = await api(actors.service_advisor, "POST", `/repair-orders/${ro.id}/labour`, {
        description: "诊断",
        hours: 1,
        rateFen: 18000,
      });
      return { method: "DELETE", url: `/repair-orders/${ro.id}/labour/${after.labour[0].id}` };
    },
  },
  {
    name: "DELETE /repair-orders/:id/parts/:lineId",
    action: "repairOrder.write",
    request: async () => {
      const ro = await repairOrder();
      const after = await api(actors.service_advisor, "POST", `/repair-orders/${ro.id}/parts`, {
        partNo: "90915-YZZD4",
        name: "机油滤清器",
        quantity: 1,
        unitPriceFen: 6800,
      });
      return { method: "DELETE", url: `/repair-orders/${ro.id}/parts/${after.parts[0].id}` };
    },
  },
  {
    name: "POST /repair-orders/:id/transition",
    action: "repairOrder.write",
    request: async () => post(`/repair-orders/${(await repairOrder()).id}/transition`, { to: "in_progress" }),
  },
  {
    name: "POST /repair-orders/:id/settle",
    action: "repairOrder.write",
    request: async () => post(`/repair-orders/${(await repairOrder(store1, "done")).id}/settle`),
  },
  {
    name: "POST /repair-orders/:id/hand-back",
    action: "repairOrder.write",
    request: async () => post(`/repair-orders/${(await repairOrder(store1, "settled")).id}/hand-back`),
  },
  // customers
  {
    name: "GET /customer-vehicles",
    action: "customer.read",
    // the search spans the stores the user reaches: it takes no storeId
    request: async () => ({ method: "GET", url: "/customer-vehicles?q=粤A" }),
  },
  { name: "GET /customers", action: "customer.read", request: get("/customers?loyalty=none") },
  {
    name: "GET /customers/:id/360",
    action: "customer.read",
    request: async (role) => {
      // a consultant reaches the customers of his own leads only
      const customerId =
        role === "consultant"
          ? (
              await api(actors.consultant, "POST", "/leads", {
                name: "钱先生",
                phone: String(13600000000 + ++seq),
                source: "walk_in",
              })
            ).lead.customerId
          : (await car()).customerId;
      return { method: "GET", url: `/customers/${customerId}/360` };
    },
  },
  // complaints
  {
    name: "POST /complaints",
    action: "complaint.create",
    request: async (role) =>
      post("/complaints", {
        customerId: (await car()).customerId,
        channel: "walk_in",
        category: "service_quality",
        severity: "low",
        description: "等待时间太长",
        ownerId: actors.customer_service.id,
        ...asAdminStore(role),
      }),
  },
  { name: "GET /complaints", action: "complaint.read", request: get("/complaints") },
  {
    name: "GET /complaints/:id",
    action: "complaint.read",
    request: async () => ({ method: "GET", url: `/complaints/${(await complaint()).id}` }),
  },
  {
    name: "GET /complaints/owners",
    action: "complaint.create",
    allowed: (role) =>
      can({ role } as Actor, "complaint.create") || can({ role } as Actor, "complaint.handle"),
    request: get("/complaints/owners"),
  },
  {
    name: "GET /complaints/stats",
    action: "complaint.read",
    request: get("/complaints/stats?from=2026-11-01&to=2026-11-30"),
  },
  {
    name: "POST /complaints/:id/transition",
    action: "complaint.handle",
    request: async (role) =>
      post(`/complaints/${(await complaint(store1, ownerFor(role))).id}/transition`, { to: "handling" }),
  },
  {
    name: "POST /complaints/:id/assign",
    action: "complaint.handle",
    request: async (role) =>
      post(`/complaints/${(await complaint(store1, ownerFor(role))).id}/assign`, {
        ownerId: (ownerFor(role) === actors.customer_service
          ? actors.service_advisor
          : actors.customer_service
        ).id,
      }),
  },
  {
    name: "POST /complaints/:id/notes",
    action: "complaint.handle",
    request: async (role) =>
      post(`/complaints/${(await complaint(store1, ownerFor(role))).id}/notes`, { note: "已回电客户" }),
  },
  // care tasks and messages
  { name: "GET /care-tasks", action: "careTask.read", request: get("/care-tasks") },
  {
    name: "GET /care-tasks/stats",
    action: "careTask.read",
    request: get("/care-tasks/stats?from=2026-11-01&to=2026-11-30"),
  },
  {
    name: "POST /care-tasks/generate",
    action: "careTask.generate",
    request: async (role) => post("/care-tasks/generate", asAdminStore(role)),
  },
  {
    name: "POST /messages",
    action: "message.send",
    request: async () =>
      post("/messages", {
        customerId: (await car()).customerId,
        channel: "sms",
        template: "maintenance_reminder",
        params: { vehicle: "凯美瑞", dueDate: "2026-12-20" },
      }),
  },
  {
    name: "POST /messages/preview",
    action: "message.send",
    request: async () =>
      post("/messages/preview", {
        customerId: (await car()).customerId,
        channel: "sms",
        template: "post_service_thanks",
        params: { roNo: "RO20261124-0001" },
      }),
  },
  { name: "GET /messages", action: "message.read", request: get("/messages") },
  // warranty claims
  {
    name: "POST /claims",
    action: "claim.submit",
    request: async () =>
      post("/claims", {
        repairOrderId: (await repairOrder(store1, "done", "warranty")).id,
        faultDescription: "中控屏黑屏",
      }),
  },
  { name: "GET /claims", action: "claim.read", request: get("/claims") },
  {
    name: "GET /claims/:id",
    action: "claim.read",
    request: async () => ({ method: "GET", url: `/claims/${(await claim()).id}` }),
  },
  {
    name: "POST /claims/:id/decide",
    action: "claim.decide",
    request: async () => post(`/claims/${(await claim()).id}/decide`, { approved: true, amountFen: 1000 }),
  },
  {
    name: "POST /claims/:id/resubmit",
    action: "claim.submit",
    request: async () => {
      const c = await claim();
      await api(actors.gm, "POST", `/claims/${c.id}/decide`, { approved: false, reason: "缺少旧件照片" });
      return post(`/claims/${c.id}/resubmit`, { faultDescription: "补充旧件照片" });
    },
  },
];

describe("the after-sales role matrix", () => {
  it("covers every endpoint of the after-sales section of docs/API.md", () => {
    expect(ENDPOINTS.map((e) => e.name).sort()).toEqual(documentedEndpoints("<!-- service", null));
  });

  const call = roleMatrix(ENDPOINTS, () => ({ ctx, actors }));

  // Hard-coded, so that the matrix cannot pass by reading a wrong POLICY back to itself.
  it.each([
    ["POST /repair-orders", "service_advisor", 201],
    ["POST /repair-orders", "customer_service", 403],
    ["POST /repair-orders/:id/settle", "gm", 403],
    ["GET /repair-orders/board", "consultant", 403],
    ["POST /appointments", "customer_service", 201],
    ["POST /appointments", "consultant", 403],
    ["PUT /stores/:id/calendar", "gm", 403],
    ["PUT /service-plans", "gm", 200],
    ["POST /complaints", "reception", 201],
    ["GET /complaints", "reception", 403],
    ["POST /claims/:id/decide", "gm", 200],
    ["POST /claims", "gm", 403],
    ["GET /claims", "customer_service", 403],
  ] as const)("spot check: %s as %s is %i", async (name, role, status) => {
    expect((await call(name, role)).statusCode).toBe(status);
  });
});

describe("after-sales row scope", () => {
  const TABLES = [
    "appointments",
    "appointment_slots",
    "repair_orders",
    "ro_labour_lines",
    "ro_part_lines",
    "ro_events",
    "care_tasks",
    "complaints",
    "complaint_events",
    "warranty_claims",
    "claim_events",
    "service_plans",
    "audit_log",
  ];
  const snapshot = async () => Promise.all(TABLES.map((t) => ctx.count(t)));

  it("a user of store 1 does not reach store 2's repair orders, appointments, complaints or claims", async () => {
    const ro = await repairOrder(store2, "done", "warranty");
    const settled = await repairOrder(store2, "settled");
    const appt = await appointment(store2);
    const comp = await complaint(store2);
    const cl = await api(other.service_advisor, "POST", "/claims", {
      repairOrderId: ro.id,
      faultDescription: "车窗升降器失灵",
    });
    const foreignCar = await car(store2);
    const before = await snapshot();
    const advisor = actors.service_advisor;
    const attempts: [TestUser, InjectOptions["method"], string, object?][] = [
      [advisor, "GET", `/repair-orders/${ro.id}`],
      [advisor, "POST", `/repair-orders/${ro.id}/labour`, { description: "诊断", hours: 1, rateFen: 100 }],
      [advisor, "POST", `/repair-orders/${settled.id}/hand-back`, {}],
      [advisor, "POST", `/repair-orders/${ro.id}/settle`, {}],
      [
        advisor,
        "POST",
        "/repair-orders",
        { vehicleId: foreignCar.vehicleId, mileageIn: 20000, complaint: "保养", workType: "maintenance" },
      ],
      [advisor, "POST", "/appointments", { ...foreignCar, slotStart: nextSlot(), workType: "maintenance" }],
      [advisor, "GET", `/appointments/${appt.id}`],
      [advisor, "POST", `/appointments/${appt.id}/cancel`],
      [advisor, "POST", "/claims", { repairOrderId: ro.id, faultDescription: "再报一次" }],
      [advisor, "GET", `/claims/${cl.id}`],
      [actors.gm, "POST", `/claims/${cl.id}/decide`, { approved: true, amountFen: 100 }],
      [actors.customer_service, "GET", `/complaints/${comp.id}`],
      [actors.customer_service, "POST", `/complaints/${comp.id}/transition`, { to: "handling" }],
      [actors.gm, "POST", `/complaints/${comp.id}/assign`, { ownerId: actors.customer_service.id }],
      [actors.customer_service, "GET", `/customers/${foreignCar.customerId}/360`],
      [actors.gm, "GET", `/stores/${store2}/calendar?year=2026`],
    ];
    for (const [u, method, url, payload] of attempts) {
      const res = await send(u, method, url, payload);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(404);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("lists of store 1 do not show store 2's rows", async () => {
    const ro = await repairOrder(store2);
    const comp = await complaint(store2);
    const list = await api(actors.service_advisor, "GET", "/repair-orders?pageSize=100");
    expect(list.items.map((r: { id: number }) => r.id)).not.toContain(ro.id);
    const complaints = await api(actors.gm, "GET", "/complaints?pageSize=100");
    expect(complaints.items.map((c: { id: number }) => c.id)).not.toContain(comp.id);
    expect((await send(actors.gm, "GET", `/repair-orders/board?storeId=${store2}`)).statusCode).toBe(404);
  });

  it("the group admin reaches both stores", async () => {
    const ro1 = await repairOrder(store1);
    const ro2 = await repairOrder(store2);
    for (const [s, ro] of [
      [store1, ro1],
      [store2, ro2],
    ] as const) {
      expect((await send(actors.admin, "GET", `/repair-orders/${ro.id}`)).statusCode).toBe(200);
      const board = await api(actors.admin, "GET", `/repair-orders/board?storeId=${s}`);
      expect(board.columns.open.map((c: { id: number }) => c.id)).toContain(ro.id);
    }
  });
});
