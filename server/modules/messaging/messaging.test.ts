/**
 * The message outbox end to end: service messages go out without marketing consent, marketing messages only
 * with a current grant on their channel; every refusal writes nothing; the record-only provider keeps the
 * message and sends nothing.
 */
import type { InjectOptions } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { ROLES, type Role } from "../../platform/access.ts";
import { consent, customerWithVehicle, handedBackOrder } from "../care/test-support.ts";

const NOW = "2026-11-24T02:00:00Z";
let ctx: TestContext;
let store: number;
let cs: TestUser;
let advisor: TestUser;
let marketing: TestUser;
let gm: TestUser;
let admin: TestUser;
let foreignCs: TestUser;
const users: Partial<Record<Role, TestUser>> = {};
let plain: { customerId: number; phone: string; name: string };
let fan: { customerId: number; phone: string };
let foreign: { customerId: number; vehicleId: number };
let callbackId: number;
let foreignTaskId: number;

beforeAll(async () => {
  ctx = await testApp(NOW);
  store = await ctx.store("浦东大众");
  const store2 = await ctx.store();
  cs = await ctx.user("customer_service", store);
  advisor = await ctx.user("service_advisor", store);
  marketing = await ctx.user("marketing", store);
  gm = await ctx.user("gm", store);
  admin = await ctx.user("admin", null);
  foreignCs = await ctx.user("customer_service", store2);
  for (const role of ROLES) if (role !== "admin") users[role] = await ctx.user(role, store);
  plain = await customerWithVehicle(ctx, store, { name: "王先生" });
  fan = await customerWithVehicle(ctx, store, { wechatId: "wx_fan_01" });
  await consent(ctx, store, fan.customerId, "wechat", true, "2026-01-01T00:00:00Z");
  await consent(ctx, store, fan.customerId, "sms", true, "2026-01-01T00:00:00Z");
  await consent(ctx, store, fan.customerId, "sms", false, "2026-03-01T00:00:00Z");
  foreign = await customerWithVehicle(ctx, store2);
  callbackId = (
    await handedBackOrder(ctx, advisor, await customerWithVehicle(ctx, store), {
      handedBackAt: "2026-11-23T02:00:00Z",
    })
  ).callback.id;
  foreignTaskId = (
    await handedBackOrder(ctx, await ctx.user("service_advisor", store2), foreign, {
      handedBackAt: "2026-11-23T02:00:00Z",
    })
  ).callback.id;
});

const send = (u: TestUser, method: InjectOptions["method"], url: string, payload?: unknown) =>
  ctx.req(u, {
    method,
    url: `/api/v1${url}`,
    ...(typeof payload === "string" ? { headers: { "content-type": "application/json" } } : {}),
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
const reminder = () => ({
  customerId: plain.customerId,
  channel: "sms",
  template: "maintenance_reminder",
  params: { vehicle: "沪A00001", dueDate: "2026-12-20" },
});
const snapshot = async () => [await ctx.count("outbox_messages"), await ctx.count("audit_log")];

describe("sending", () => {
  it("a service message needs no consent: recorded, not sent, with its text and recipient", async () => {
    const before = await snapshot();
    const res = await send(cs, "POST", "/messages", reminder());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      storeId: store,
      customerId: plain.customerId,
      careTaskId: null,
      channel: "sms",
      purpose: "service",
      template: "maintenance_reminder",
      params: { vehicle: "沪A00001", dueDate: "2026-12-20" },
      body: "【浦东大众】尊敬的王先生，您的爱车沪A00001保养到期日为2026-12-20，请及时预约到店保养。如已保养请忽略。",
      recipient: plain.phone,
      recipientMasked: false,
      status: "recorded",
      provider: "record",
      providerRef: null,
      error: null,
      createdBy: cs.id,
      createdAt: new Date(NOW).toISOString(),
      sentAt: null,
    });
    expect(await snapshot()).toEqual([before[0]! + 1, before[1]! + 1]);
    const { rows } = await ctx.pool.query(
      "SELECT after->>'recipient' AS r FROM audit_log WHERE entity = 'outbox_message' AND entity_id = $1",
      [String(res.json().id)],
    );
    expect(rows[0].r).not.toBe(plain.phone);
    expect(rows[0].r).toMatch(/\*/);
  });

  it("a marketing message goes out on a channel with a current grant", async () => {
    const res = await send(marketing, "POST", "/messages", {
      customerId: fan.customerId,
      channel: "wechat",
      template: "birthday",
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ purpose: "marketing", recipient: "wx_fan_01", status: "recorded" });
    expect(res.json().body).toMatch(/生日快乐.*回复TD退订$/);
  });

  it("from a care task of the customer", async () => {
    const task = (await (await send(cs, "GET", `/care-tasks/${callbackId}`)).json()).task;
    const res = await send(cs, "POST", "/messages", {
      customerId: task.customerId,
      channel: "sms",
      template: "post_service_thanks",
      params: { roNo: task.roNo },
      careTaskId: callbackId,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().careTaskId).toBe(callbackId);
    const listed = await send(cs, "GET", `/messages?careTaskId=${callbackId}`);
    expect(listed.json().items.map((m: { id: number }) => m.id)).toEqual([res.json().id]);
  });

  it("a preview shows the text and writes nothing", async () => {
    const before = await snapshot();
    const res = await send(advisor, "POST", "/messages/preview", reminder());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ purpose: "service", channel: "sms", recipientMasked: true });
    expect(res.json().body).toContain("尊敬的王先生");
    const refused = await send(cs, "POST", "/messages/preview", {
      customerId: plain.customerId,
      channel: "sms",
      template: "campaign",
      params: { content: "双十二保养套餐八折" },
    });
    expect([refused.statusCode, refused.json().error.code]).toEqual([422, "consent_required"]);
    expect(await snapshot()).toEqual(before);
  });
});

describe("refused, nothing written", () => {
  const marketingTo = (customerId: () => number, channel: string) => () => ({
    customerId: customerId(),
    channel,
    template: "campaign",
    params: { content: "双十二保养套餐八折" },
  });
  const CASES: [string, () => unknown, string, (() => TestUser)?][] = [
    ["marketing without any consent", marketingTo(() => plain.customerId, "sms"), "422 consent_required"],
    ["marketing on a withdrawn channel", marketingTo(() => fan.customerId, "sms"), "422 consent_required"],
    [
      "a birthday greeting without consent",
      () => ({ customerId: plain.customerId, channel: "sms", template: "birthday" }),
      "422 consent_required",
    ],
    [
      "WeChat to a customer without a WeChat id",
      () => ({ ...reminder(), channel: "wechat" }),
      "422 no_recipient",
    ],
    ["another store's customer", () => ({ ...reminder(), customerId: foreign.customerId }), "404 not_found"],
    ["another store's customer, seen from there", () => reminder(), "404 not_found", () => foreignCs],
    ["no such customer", () => ({ ...reminder(), customerId: 999_999_999 }), "404 not_found"],
    ["another store's task", () => ({ ...reminder(), careTaskId: foreignTaskId }), "404 not_found"],
    [
      "another customer's task",
      () => ({ ...reminder(), careTaskId: callbackId }),
      "422 task_of_other_customer",
    ],
    ["a missing parameter", () => ({ ...reminder(), params: { vehicle: "沪A00001" } }), "422 invalid_params"],
    [
      "an unknown parameter",
      () => ({ ...reminder(), params: { vehicle: "a", dueDate: "b", gift: "c" } }),
      "422 invalid_params",
    ],
    ["an unknown template", () => ({ ...reminder(), template: "promotion" }), "400 validation_failed"],
    ["channel email", () => ({ ...reminder(), channel: "email" }), "400 validation_failed"],
    [
      "channel phone (a consent channel, not a message one)",
      () => ({ ...reminder(), channel: "phone" }),
      "400 validation_failed",
    ],
    [
      "a blank parameter",
      () => ({ ...reminder(), params: { vehicle: " ", dueDate: "b" } }),
      "400 validation_failed",
    ],
    [
      "a numeric parameter",
      () => ({ ...reminder(), params: { vehicle: 5, dueDate: "b" } }),
      "400 validation_failed",
    ],
    ["params as a list", () => ({ ...reminder(), params: ["a"] }), "400 validation_failed"],
    ["an unknown field", () => ({ ...reminder(), purpose: "service" }), "400 validation_failed"],
    ["customer id abc", () => ({ ...reminder(), customerId: "abc" }), "400 validation_failed"],
    ["task id -1", () => ({ ...reminder(), careTaskId: -1 }), "400 validation_failed"],
    ["no customer", () => ({ channel: "sms", template: "birthday" }), "400 validation_failed"],
    ["malformed JSON", () => '{"customerId": ', "400 malformed_request"],
    ["a gm", () => reminder(), "403 forbidden", () => gm],
    ["a consultant", () => reminder(), "403 forbidden", () => users.consultant!],
    ["the admin (sends as a store)", () => reminder(), "403 forbidden", () => admin],
  ];

  it.each(CASES)("%s", async (_, body, expected, by) => {
    const before = await snapshot();
    const res = await send(by ? by() : cs, "POST", "/messages", body());
    const [status, code] = expected.split(" ");
    expect([res.statusCode, res.json().error.code], res.body).toEqual([Number(status), code]);
    expect(await snapshot()).toEqual(before);
  });

  it("a grant after a withdrawal counts again", async () => {
    const c = await customerWithVehicle(ctx, store);
    await consent(ctx, store, c.customerId, "sms", false, "2026-01-01T00:00:00Z");
    await consent(ctx, store, c.customerId, "sms", true, "2026-02-01T00:00:00Z");
    const res = await send(marketing, "POST", "/messages", marketingTo(() => c.customerId, "sms")());
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe("reading the outbox", () => {
  it.each(ROLES)("as %s", async (role) => {
    const u = role === "admin" ? admin : users[role]!;
    const res = await send(u, "GET", `/messages?customerId=${plain.customerId}`);
    const allowed = ["admin", "gm", "customer_service", "marketing"].includes(role);
    expect(res.statusCode).toBe(allowed ? 200 : 403);
    if (!allowed) return;
    const items = res.json().items as { customerId: number; recipient: string; recipientMasked: boolean }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((m) => m.customerId === plain.customerId)).toBe(true);
    // marketing and the admin do not see full phone numbers
    const full = ["gm", "customer_service"].includes(role);
    expect(items.every((m) => m.recipientMasked === !full && (m.recipient === plain.phone) === full)).toBe(
      true,
    );
  });

  it("newest first, paged, only the own store", async () => {
    const all = (await (await send(cs, "GET", "/messages?pageSize=200")).json()) as {
      items: { id: number; storeId: number }[];
      total: number;
    };
    expect(all.total).toBe(await ctx.count("outbox_messages", `store_id = ${store}`));
    expect(all.items.map((m) => m.id)).toEqual([...all.items.map((m) => m.id)].sort((a, b) => b - a));
    const page2 = (await (await send(cs, "GET", "/messages?pageSize=1&page=2")).json()) as {
      items: { id: number }[];
      total: number;
    };
    expect([page2.items[0]!.id, page2.total]).toEqual([all.items[1]!.id, all.total]);
    expect((await (await send(foreignCs, "GET", "/messages")).json()).total).toBe(0);
  });

  it.each([
    ["customer id abc", "/messages?customerId=abc", 400],
    ["unknown filter", "/messages?status=sent", 400],
    ["page size 201", "/messages?pageSize=201", 400],
    ["another store named", "/messages?storeId={store2}", 404],
  ])("%s", async (_, url, status) => {
    const res = await send(cs, "GET", url.replace("{store2}", String(foreignCs.storeId)));
    expect(res.statusCode).toBe(status);
  });

  it("the admin names a store that exists", async () => {
    const res = await send(admin, "GET", "/messages?storeId=999999");
    expect([res.statusCode, res.json().error.code]).toEqual([404, "not_found"]);
    expect((await send(admin, "GET", `/messages?storeId=${store}`)).json().total).toBeGreaterThan(0);
  });
});
