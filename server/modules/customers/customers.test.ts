import { beforeAll, describe, expect, it } from "vitest";
import { type TestUser, testApp } from "../../../tests/support/app.ts";
import { ROLES, type Role } from "../../platform/access.ts";
import { vinCheckDigit } from "../../platform/validators.ts";
import { customerExists, findOrCreatePersonByPhone } from "./index.ts";

const ctx = await testApp("2026-11-24T02:00:00Z");
const START = "2026-11-24T02:00:00Z";

const storeA = await ctx.store("一店");
const storeB = await ctx.store("二店");
const admin = await ctx.user("admin", null);
const gm = await ctx.user("gm", storeA);
const gmB = await ctx.user("gm", storeB);
const manager = await ctx.user("sales_manager", storeA);
const consultant = await ctx.user("consultant", storeA);
const otherConsultant = await ctx.user("consultant", storeA);
const reception = await ctx.user("reception", storeA);
const marketing = await ctx.user("marketing", storeA);
const partsClerk = await ctx.user("parts_clerk", storeA);

/** one user of every role in store A (the admin has no store) */
const roleUsers: Record<Role, TestUser> = {
  admin,
  gm,
  sales_manager: manager,
  consultant,
  reception,
  customer_service: await ctx.user("customer_service", storeA),
  service_advisor: await ctx.user("service_advisor", storeA),
  parts_clerk: partsClerk,
  marketing,
};

// The role matrix as the business states it (DOMAIN §10, access.ts POLICY), written out so that a
// change of the policy shows up here.
const READERS: Role[] = ROLES.filter((r) => r !== "parts_clerk");
const WRITERS: Role[] = ROLES.filter((r) => r !== "parts_clerk" && r !== "marketing");
const FULL_PHONE: Role[] = ["gm", "sales_manager", "customer_service"];
const FULL_ID: Role[] = ["gm", "sales_manager"];

// Test data with valid check digits.
let seq = 0;
const nextPhone = () => `139${String(10_000_000 + ++seq).slice(-8)}`;

function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  return first17 + "10X98765432"[sum % 11];
}

function creditCode(first17: string): string {
  const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((s, c, i) => s + chars.indexOf(c) * weights[i]!, 0);
  return first17 + chars[(31 - (sum % 31)) % 31];
}

let vinSeq = 0;
function validVin(): string {
  const base = `LSVAU2180N2${String(100_000 + ++vinSeq).slice(-6)}`;
  return base.slice(0, 8) + vinCheckDigit(base) + base.slice(9);
}
function badCheckDigitVin(): string {
  const vin = validVin();
  const wrong = vin[8] === "1" ? "2" : "1";
  return vin.slice(0, 8) + wrong + vin.slice(9);
}

const ID_NUMBER = idNumber("11010119900307123");

const api = (path: string) => `/api/v1${path}`;
const post = (user: TestUser | null, path: string, payload: unknown) =>
  ctx.req(user, { method: "POST", url: api(path), payload: payload as object });
const patch = (user: TestUser | null, path: string, payload: unknown) =>
  ctx.req(user, { method: "PATCH", url: api(path), payload: payload as object });
const get = (user: TestUser | null, path: string) => ctx.req(user, { method: "GET", url: api(path) });

async function person(extra: Record<string, unknown> = {}, by: TestUser = gm) {
  const res = await post(by, "/customers", { kind: "person", name: "张三", phone: nextPhone(), ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; phone: string; storeId: number };
}

async function fullPhoneOf(id: number): Promise<string> {
  const r = await ctx.pool.query("SELECT phone FROM customers WHERE id = $1", [id]);
  return r.rows[0].phone as string;
}

async function lead(customerId: number, ownerId: number | null, state = "active", storeId = storeA) {
  const c = await ctx.pool.query("SELECT name, phone FROM customers WHERE id = $1", [customerId]);
  const r = await ctx.pool.query(
    `INSERT INTO leads (store_id, customer_id, name, phone, source, level, level_since, state, owner_id, created_at)
     VALUES ($1, $2, $3, $4, 'walk_in', 'C', $5, $6, $7, $5) RETURNING id`,
    [storeId, customerId, c.rows[0].name, c.rows[0].phone, START, state, ownerId],
  );
  return Number(r.rows[0].id);
}

async function counts() {
  return {
    customers: await ctx.count("customers"),
    vehicles: await ctx.count("vehicles"),
    consents: await ctx.count("customer_consents"),
    audit: await ctx.count("audit_log"),
  };
}

/** Runs a refused request and proves that it wrote nothing at all. */
async function refused(
  request: () => Promise<{ statusCode: number; json(): unknown; body: string }>,
  status: number,
  code?: string,
) {
  const before = await counts();
  const res = await request();
  expect(res.statusCode, res.body).toBe(status);
  if (code) expect((res.json() as { error: { code: string } }).error.code).toBe(code);
  expect(await counts()).toEqual(before);
  return res.json() as { error: { code: string; details?: { path: string }[] } };
}

describe("creating customers", () => {
  it("creates a person, normalises the phone and writes an audit row with masked personal data", async () => {
    const phone = nextPhone();
    const before = await counts();
    const res = await post(gm, "/customers", {
      kind: "person",
      name: " 李四 ",
      phone: `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
      gender: "male",
      birthday: "1990-03-07",
      idNumber: ID_NUMBER.toLowerCase(),
      address: "广州市天河区",
      wechatId: "lisi_wx",
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      kind: "person",
      name: "李四",
      phone,
      phoneMasked: false,
      idNumber: ID_NUMBER,
      idNumberMasked: false,
      gender: "male",
      birthday: "1990-03-07",
      storeId: storeA,
      creditCode: null,
    });
    expect(await counts()).toEqual({ ...before, customers: before.customers + 1, audit: before.audit + 1 });
    const a = await ctx.pool.query("SELECT * FROM audit_log WHERE entity = 'customer' AND entity_id = $1", [
      String(c.id),
    ]);
    expect(a.rows).toHaveLength(1);
    expect(a.rows[0]).toMatchObject({ action: "create", actor_id: gm.id, store_id: storeA });
    expect(a.rows[0].after.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    expect(JSON.stringify(a.rows[0].after)).not.toContain(phone);
    expect(JSON.stringify(a.rows[0].after)).not.toContain(ID_NUMBER);
  });

  it("creates a company with credit code and contact person, and without a phone", async () => {
    const code = creditCode("91440101MA5CXXXX0");
    const res = await post(gm, "/customers", {
      kind: "company",
      name: "广州某某贸易有限公司",
      creditCode: code.toLowerCase(),
      contactPerson: "王经理",
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: "company",
      creditCode: code,
      contactPerson: "王经理",
      phone: null,
      phoneMasked: false,
    });
  });

  it("lets the group admin create only when naming an existing store", async () => {
    const body = { kind: "person", name: "赵六", phone: nextPhone() };
    await refused(() => post(admin, "/customers", body), 400, "store_required");
    await refused(() => post(admin, "/customers", { ...body, storeId: 999_999 }), 404, "not_found");
    const res = await post(admin, "/customers", { ...body, storeId: storeB });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().storeId).toBe(storeB);
  });

  it("refuses a store user who names another store", async () => {
    await refused(
      () => post(gm, "/customers", { kind: "person", name: "赵六", phone: nextPhone(), storeId: storeB }),
      404,
    );
  });

  it.each(ROLES)("role %s may create customers only if it writes customers", async (role) => {
    const user = roleUsers[role];
    const body = {
      kind: "person",
      name: "客户",
      phone: nextPhone(),
      ...(role === "admin" ? { storeId: storeA } : {}),
    };
    if (WRITERS.includes(role)) {
      const res = await post(user, "/customers", body);
      expect(res.statusCode, res.body).toBe(201);
    } else {
      await refused(() => post(user, "/customers", body), 403, "forbidden");
    }
  });

  it("refuses without a session", async () => {
    await refused(
      () => post(null, "/customers", { kind: "person", name: "x", phone: nextPhone() }),
      401,
      "unauthenticated",
    );
    expect((await get(null, "/customers")).statusCode).toBe(401);
  });

  it("refuses a second customer with the same phone in the store, but not in another store", async () => {
    const c = await person();
    const phone = await fullPhoneOf(c.id);
    await refused(() => post(gm, "/customers", { kind: "person", name: "重复", phone }), 409, "phone_taken");
    const other = await post(gmB, "/customers", { kind: "person", name: "别店", phone });
    expect(other.statusCode, other.body).toBe(201);
  });

  it("gives exactly one 201 and one 409 to two concurrent creates of the same phone", async () => {
    const phone = nextPhone();
    const before = await counts();
    const results = await Promise.all([
      post(gm, "/customers", { kind: "person", name: "甲", phone }),
      post(manager, "/customers", { kind: "person", name: "乙", phone }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe("phone_taken");
    expect(await ctx.count("customers", `phone = '${phone}'`)).toBe(1);
    expect(await counts()).toEqual({ ...before, customers: before.customers + 1, audit: before.audit + 1 });
  });
});

describe("refusing bad input without writing anything", () => {
  const good = () => ({ kind: "person", name: "张三", phone: nextPhone() });

  it("refuses malformed JSON", async () => {
    await refused(
      () =>
        ctx.req(gm, {
          method: "POST",
          url: api("/customers"),
          headers: { "content-type": "application/json" },
          payload: '{"kind": "person", "name": ',
        }),
      400,
      "malformed_request",
    );
  });

  it("refuses wrong types", async () => {
    await refused(() => post(gm, "/customers", { ...good(), name: 123 }), 400, "validation_failed");
    await refused(() => post(gm, "/customers", { ...good(), kind: "robot" }), 400, "validation_failed");
    await refused(
      () => post(gm, "/customers", { ...good(), birthday: "07/03/1990" }),
      400,
      "validation_failed",
    );
    await refused(
      () => post(gm, "/customers", { ...good(), birthday: "1990-02-30" }),
      400,
      "validation_failed",
    );
  });

  it("refuses unknown fields", async () => {
    const res = await refused(
      () => post(gm, "/customers", { ...good(), vip: true }),
      400,
      "validation_failed",
    );
    expect(JSON.stringify(res.error.details)).toContain("vip");
  });

  it("refuses an invalid phone and names the field", async () => {
    const res = await refused(
      () => post(gm, "/customers", { ...good(), phone: "1231234567" }),
      400,
      "validation_failed",
    );
    expect(res.error.details).toEqual([expect.objectContaining({ path: "body/phone" })]);
  });

  it("refuses an invalid ID number", async () => {
    const wrongCheck = ID_NUMBER.slice(0, 17) + (ID_NUMBER[17] === "1" ? "2" : "1");
    const res = await refused(
      () => post(gm, "/customers", { ...good(), idNumber: wrongCheck }),
      400,
      "validation_failed",
    );
    expect(res.error.details).toEqual([expect.objectContaining({ path: "body/idNumber" })]);
  });

  it("refuses an invalid credit code", async () => {
    const code = creditCode("91440101MA5CXXXX0");
    const bad = code.slice(0, 17) + (code[17] === "A" ? "B" : "A");
    await refused(
      () => post(gm, "/customers", { kind: "company", name: "某公司", creditCode: bad }),
      400,
      "validation_failed",
    );
  });

  it("refuses a person without a phone and mixed person/company fields", async () => {
    const res = await refused(
      () => post(gm, "/customers", { kind: "person", name: "无电话" }),
      400,
      "validation_failed",
    );
    expect(res.error.details).toEqual([expect.objectContaining({ path: "body/phone" })]);
    await refused(
      () => post(gm, "/customers", { kind: "company", name: "某公司", gender: "male" }),
      400,
      "validation_failed",
    );
    await refused(() => post(gm, "/customers", { ...good(), contactPerson: "王" }), 400, "validation_failed");
  });

  it("bounds string lengths", async () => {
    await refused(
      () => post(gm, "/customers", { ...good(), name: "名".repeat(101) }),
      400,
      "validation_failed",
    );
    await refused(
      () => post(gm, "/customers", { ...good(), address: "址".repeat(201) }),
      400,
      "validation_failed",
    );
    await refused(() => post(gm, "/customers", { ...good(), name: "   " }), 400, "validation_failed");
  });

  it("refuses a birthday in the future of the store's calendar day, whatever the server's zone", async () => {
    // 02:00 UTC is 10:00 on 2026-11-24 in Shanghai
    const res = await refused(
      () => post(gm, "/customers", { ...good(), birthday: "2026-11-25" }),
      400,
      "validation_failed",
    );
    expect(res.error.details).toEqual([expect.objectContaining({ path: "body/birthday" })]);
    expect((await post(gm, "/customers", { ...good(), birthday: "2026-11-24" })).statusCode).toBe(201);
    // 17:00 UTC on the 24th is already the 25th in Shanghai (a fresh login: older sessions would be idle)
    ctx.clock.set("2026-11-24T17:00:00Z");
    try {
      const lateGm = await ctx.user("gm", storeA);
      expect((await post(lateGm, "/customers", { ...good(), birthday: "2026-11-25" })).statusCode).toBe(201);
      await refused(
        () => post(lateGm, "/customers", { ...good(), birthday: "2026-11-26" }),
        400,
        "validation_failed",
      );
    } finally {
      ctx.clock.set(START);
    }
  });
});

describe("reading customers", () => {
  it.each(ROLES)(
    "role %s reads a customer only if allowed and in reach, with masking by role",
    async (role) => {
      const c = await person({ idNumber: idNumber("11010219880415321") });
      const full = await fullPhoneOf(c.id);
      const res = await get(roleUsers[role], `/customers/${c.id}`);
      if (!READERS.includes(role)) {
        expect(res.statusCode).toBe(403);
        return;
      }
      if (role === "consultant") {
        // consultants reach only customers with a lead they own
        expect(res.statusCode).toBe(404);
        return;
      }
      expect(res.statusCode, res.body).toBe(200);
      const { customer } = res.json();
      const seesPhone = FULL_PHONE.includes(role);
      const seesId = FULL_ID.includes(role);
      expect(customer.phone).toBe(seesPhone ? full : `${full.slice(0, 3)}****${full.slice(7)}`);
      expect(customer.phoneMasked).toBe(!seesPhone);
      expect(customer.idNumberMasked).toBe(!seesId);
      if (!seesId) expect(customer.idNumber).toMatch(/^110102\*{8}\d{3}[\dX]$/);
    },
  );

  it("lets a consultant reach only customers with a lead he owns, and see full values only with an open lead", async () => {
    const own = await person({ idNumber: ID_NUMBER });
    const won = await person();
    const others = await person();
    const pool = await person();
    await lead(own.id, consultant.id, "active");
    await lead(won.id, consultant.id, "won");
    await lead(others.id, otherConsultant.id, "active");
    await lead(pool.id, null, "active");

    const ownRes = await get(consultant, `/customers/${own.id}`);
    expect(ownRes.statusCode).toBe(200);
    expect(ownRes.json().customer).toMatchObject({
      phone: await fullPhoneOf(own.id),
      phoneMasked: false,
      idNumber: ID_NUMBER,
    });
    expect(ownRes.json().leads).toEqual([
      { id: expect.any(Number), level: "C", state: "active", ownerId: consultant.id },
    ]);

    const wonRes = await get(consultant, `/customers/${won.id}`);
    expect(wonRes.statusCode).toBe(200);
    expect(wonRes.json().customer.phoneMasked).toBe(true);

    expect((await get(consultant, `/customers/${others.id}`)).statusCode).toBe(404);
    expect((await get(consultant, `/customers/${pool.id}`)).statusCode).toBe(404);
    expect((await get(otherConsultant, `/customers/${others.id}`)).statusCode).toBe(200);

    const list = await get(consultant, "/customers?pageSize=200");
    const ids = list.json().items.map((i: { id: number }) => i.id);
    expect(ids).toContain(own.id);
    expect(ids).toContain(won.id);
    expect(ids).not.toContain(others.id);
    expect(ids).not.toContain(pool.id);
    expect(list.json().total).toBe(ids.length);
  });

  it("lets a consultant create a customer but not reach it until he owns a lead of it", async () => {
    const res = await post(consultant, "/customers", { kind: "person", name: "自建", phone: nextPhone() });
    expect(res.statusCode).toBe(201);
    expect(res.json().phoneMasked).toBe(true);
    expect((await get(consultant, `/customers/${res.json().id}`)).statusCode).toBe(404);
    await lead(res.json().id, consultant.id);
    expect((await get(consultant, `/customers/${res.json().id}`)).statusCode).toBe(200);
  });

  it("answers 404 for another store's customer on every route and writes nothing", async () => {
    const c = await person();
    const vin = validVin();
    await refused(() => get(gmB, `/customers/${c.id}`), 404, "not_found");
    await refused(() => patch(gmB, `/customers/${c.id}`, { address: "别处" }), 404, "not_found");
    await refused(() => post(gmB, `/customers/${c.id}/vehicles`, { vin, model: "凯美瑞" }), 404, "not_found");
    await refused(
      () => post(gmB, `/customers/${c.id}/consents`, { channel: "sms", granted: true, source: "form" }),
      404,
      "not_found",
    );
    await refused(() => post(gmB, `/customers/${c.id}/reveal`, { field: "phone" }), 404, "not_found");
    expect(
      (await get(gmB, "/customers?pageSize=200")).json().items.map((i: { id: number }) => i.id),
    ).not.toContain(c.id);
    expect((await get(admin, `/customers/${c.id}`)).statusCode).toBe(200);
    await refused(() => get(gm, "/customers/999999999"), 404, "not_found");
    await refused(() => get(gm, "/customers/abc"), 400, "validation_failed");
  });

  it("returns vehicles, the current consent per channel and the customer's leads", async () => {
    const c = await person();
    const vin = validVin();
    expect((await post(gm, `/customers/${c.id}/vehicles`, { vin, model: "凯美瑞" })).statusCode).toBe(201);
    expect(
      (await post(gm, `/customers/${c.id}/consents`, { channel: "sms", granted: true, source: "展厅登记" }))
        .statusCode,
    ).toBe(201);
    ctx.clock.advance(60_000);
    expect(
      (await post(gm, `/customers/${c.id}/consents`, { channel: "sms", granted: false, source: "电话退订" }))
        .statusCode,
    ).toBe(201);
    expect(
      (await post(gm, `/customers/${c.id}/consents`, { channel: "wechat", granted: true, source: "公众号" }))
        .statusCode,
    ).toBe(201);
    ctx.clock.set(START);
    const leadId = await lead(c.id, consultant.id, "defeated");

    const res = await get(gm, `/customers/${c.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.vehicles).toEqual([
      expect.objectContaining({ vin, model: "凯美瑞", customerId: c.id, vinCheckWarning: false }),
    ]);
    expect(body.consents).toHaveLength(2);
    expect(body.consents.find((x: { channel: string }) => x.channel === "sms")).toMatchObject({
      granted: false,
      source: "电话退订",
      actorId: gm.id,
    });
    expect(body.consents.find((x: { channel: string }) => x.channel === "wechat")).toMatchObject({
      granted: true,
    });
    expect(body.leads).toEqual([{ id: leadId, level: "C", state: "defeated", ownerId: consultant.id }]);
  });
});

describe("listing and searching", () => {
  // a store of its own, so that totals and search results are exact
  let storeL: number;
  let gmL: TestUser;
  let receptionL: TestUser;
  let wang: number;
  let wang2: number;
  let li: number;
  beforeAll(async () => {
    storeL = await ctx.store("搜索店");
    gmL = await ctx.user("gm", storeL);
    receptionL = await ctx.user("reception", storeL);
    const mk = async (name: string, phone: string) => {
      const r = await post(gmL, "/customers", { kind: "person", name, phone });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as number;
    };
    wang = await mk("王小明", "13812345678");
    wang2 = await mk("王大明", "13998765432");
    li = await mk("李雷", "15000005678");
  });
  const search = async (q: string) => {
    const r = await get(gmL, `/customers?q=${encodeURIComponent(q)}`);
    expect(r.statusCode, r.body).toBe(200);
    return (r.json().items as { id: number }[]).map((i) => i.id).sort();
  };

  it("finds by name prefix, phone prefix and the phone's last 4 digits", async () => {
    expect(await search("王")).toEqual([wang, wang2].sort());
    expect(await search("王小")).toEqual([wang]);
    expect(await search("小明")).toEqual([]);
    expect(await search("1381")).toEqual([wang]);
    expect(await search("5678")).toEqual([wang, li].sort());
    expect(await search("+86 138 1234 5678")).toEqual([wang]);
    expect(await search("%")).toEqual([]);
  });

  it("pages with a total, newest first, and masks per role", async () => {
    const page1 = (await get(gmL, "/customers?page=1&pageSize=2")).json();
    const page2 = (await get(gmL, "/customers?page=2&pageSize=2")).json();
    expect(page1.total).toBe(3);
    expect(page1.items.map((i: { id: number }) => i.id)).toEqual([li, wang2]);
    expect(page2.items.map((i: { id: number }) => i.id)).toEqual([wang]);
    expect(page1.items[0]).toMatchObject({ phone: "15000005678", phoneMasked: false });
    const masked = (await get(receptionL, "/customers?q=李")).json();
    expect(masked.items[0]).toMatchObject({ phone: "150****5678", phoneMasked: true });
  });

  it("lets the group admin narrow to one store and refuses other stores to store users", async () => {
    const r = await get(admin, `/customers?storeId=${storeL}`);
    expect(r.json().total).toBe(3);
    expect((await get(gmL, `/customers?storeId=${storeA}`)).statusCode).toBe(404);
    expect((await get(gmL, "/customers?pageSize=500")).statusCode).toBe(400);
    expect((await get(gmL, "/customers?sort=name")).statusCode).toBe(400);
    expect((await get(partsClerk, "/customers")).statusCode).toBe(403);
  });
});

describe("updating customers", () => {
  it("updates fields, keeps the rest and audits before and after", async () => {
    const c = await person({ address: "旧地址" });
    const before = await counts();
    const res = await patch(gm, `/customers/${c.id}`, {
      address: "新地址",
      gender: "female",
      wechatId: null,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      address: "新地址",
      gender: "female",
      name: "张三",
      phone: await fullPhoneOf(c.id),
    });
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
    const a = await ctx.pool.query(
      "SELECT * FROM audit_log WHERE entity = 'customer' AND entity_id = $1 AND action = 'update'",
      [String(c.id)],
    );
    expect(a.rows[0].before.address).toBe("旧地址");
    expect(a.rows[0].after.address).toBe("新地址");
    expect(a.rows[0].after.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it("writes nothing for a patch that changes nothing", async () => {
    const c = await person({ address: "同一地址" });
    await refused(() => patch(gm, `/customers/${c.id}`, { address: "同一地址" }), 200);
    await refused(() => patch(gm, `/customers/${c.id}`, {}), 200);
  });

  it("refuses another customer's phone with 409 and leaves the record as it was", async () => {
    const a = await person();
    const b = await person();
    const phoneB = await fullPhoneOf(b.id);
    await refused(() => patch(gm, `/customers/${a.id}`, { phone: phoneB, address: "x" }), 409, "phone_taken");
    const row = await ctx.pool.query("SELECT address FROM customers WHERE id = $1", [a.id]);
    expect(row.rows[0].address).toBeNull();
  });

  it("refuses invalid patches", async () => {
    const c = await person({ idNumber: idNumber("11010119850101123") });
    await refused(() => patch(gm, `/customers/${c.id}`, { phone: null }), 400, "validation_failed");
    await refused(() => patch(gm, `/customers/${c.id}`, { kind: "company" }), 400, "validation_failed");
    await refused(() => patch(gm, `/customers/${c.id}`, { name: null }), 400, "validation_failed");
    await refused(() => patch(gm, `/customers/${c.id}`, { storeId: storeB }), 400, "validation_failed");
    await refused(
      () => patch(gm, `/customers/${c.id}`, { birthday: "2027-01-01" }),
      400,
      "validation_failed",
    );
    await refused(
      () => patch(gm, `/customers/${c.id}`, { creditCode: creditCode("91440101MA5CXXXX1") }),
      400,
    );
  });

  it("turns a person into a company when the person-only fields are cleared", async () => {
    const c = await person({ gender: "male" });
    const res = await patch(gm, `/customers/${c.id}`, {
      kind: "company",
      gender: null,
      contactPerson: "王经理",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ kind: "company", gender: null, contactPerson: "王经理" });
  });

  it("lets a consultant update only customers of his own leads, and refuses read-only roles", async () => {
    const own = await person();
    const notOwn = await person();
    await lead(own.id, consultant.id);
    expect((await patch(consultant, `/customers/${own.id}`, { address: "新" })).statusCode).toBe(200);
    await refused(() => patch(consultant, `/customers/${notOwn.id}`, { address: "新" }), 404);
    await refused(() => patch(marketing, `/customers/${own.id}`, { address: "新" }), 403);
  });
});

describe("vehicles", () => {
  it("adds a vehicle with a normalised VIN and plate", async () => {
    const c = await person();
    const vin = validVin();
    const before = await counts();
    const res = await post(gm, `/customers/${c.id}/vehicles`, {
      vin: ` ${vin.toLowerCase()} `,
      plate: "粤a·12345",
      brand: "丰田",
      model: "凯美瑞",
      colour: "白",
      purchaseDate: "2024-05-01",
      mileageKm: 12000,
      soldByStore: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      vin,
      plate: "粤A12345",
      vinCheckWarning: false,
      warnings: [],
      soldByStore: true,
      mileageKm: 12000,
    });
    expect(await counts()).toEqual({ ...before, vehicles: before.vehicles + 1, audit: before.audit + 1 });
  });

  it("refuses a bad check digit, and accepts it with a warning once the store allows that", async () => {
    const store = await ctx.store("进口车店");
    const gmS = await ctx.user("gm", store);
    const c = await post(gmS, "/customers", { kind: "person", name: "进口", phone: nextPhone() });
    const id = c.json().id;
    const vin = badCheckDigitVin();
    const res = await refused(
      () => post(gmS, `/customers/${id}/vehicles`, { vin, model: "X5" }),
      422,
      "invalid_vin",
    );
    expect(res.error.details).toEqual({ reason: "check_digit" });

    await ctx.pool.query("UPDATE stores SET vin_check_digit_warn_only = true WHERE id = $1", [store]);
    const ok = await post(gmS, `/customers/${id}/vehicles`, { vin, model: "X5" });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ vin, vinCheckWarning: true, warnings: ["vin_check_digit"] });
    expect(await ctx.count("vehicles", `vin = '${vin}' AND vin_check_warning`)).toBe(1);

    // a malformed VIN is never accepted
    await refused(
      () => post(gmS, `/customers/${id}/vehicles`, { vin: vin.slice(0, 16), model: "X5" }),
      400,
      "validation_failed",
    );
    await refused(
      () => post(gmS, `/customers/${id}/vehicles`, { vin: `${vin.slice(0, 16)}I`, model: "X5" }),
      400,
      "validation_failed",
    );
  });

  it("refuses a duplicate VIN in the store with 409, but not in another store", async () => {
    const a = await person();
    const b = await person();
    const vin = validVin();
    expect((await post(gm, `/customers/${a.id}/vehicles`, { vin, model: "凯美瑞" })).statusCode).toBe(201);
    await refused(() => post(gm, `/customers/${b.id}/vehicles`, { vin, model: "凯美瑞" }), 409, "vin_taken");
    const other = await post(gmB, "/customers", { kind: "person", name: "别店", phone: nextPhone() });
    expect(
      (await post(gmB, `/customers/${other.json().id}/vehicles`, { vin, model: "凯美瑞" })).statusCode,
    ).toBe(201);
  });

  it("refuses invalid vehicle input", async () => {
    const c = await person();
    const url = `/customers/${c.id}/vehicles`;
    await refused(
      () => post(gm, url, { vin: validVin(), model: "A", purchaseDate: "2026-11-25" }),
      400,
      "validation_failed",
    );
    await refused(
      () => post(gm, url, { vin: validVin(), model: "A", plate: "ABC123" }),
      400,
      "validation_failed",
    );
    await refused(
      () => post(gm, url, { vin: validVin(), model: "A", mileageKm: -1 }),
      400,
      "validation_failed",
    );
    await refused(
      () => post(gm, url, { vin: validVin(), model: "A", mileageKm: 1.5 }),
      400,
      "validation_failed",
    );
    await refused(() => post(gm, url, { vin: validVin() }), 400, "validation_failed");
    await refused(
      () => post(gm, url, { vin: validVin(), model: "A", engine: "V6" }),
      400,
      "validation_failed",
    );
    await refused(() => post(marketing, url, { vin: validVin(), model: "A" }), 403, "forbidden");
    await refused(() => post(consultant, url, { vin: validVin(), model: "A" }), 404, "not_found");
  });
});

describe("marketing consent", () => {
  it("records consent with time, source and actor, audited", async () => {
    const c = await person();
    const before = await counts();
    const res = await post(reception, `/customers/${c.id}/consents`, {
      channel: "phone",
      granted: true,
      source: "展厅登记表",
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      channel: "phone",
      granted: true,
      source: "展厅登记表",
      actorId: reception.id,
      at: new Date(START).toISOString(),
    });
    expect(await counts()).toEqual({ ...before, consents: before.consents + 1, audit: before.audit + 1 });
  });

  it("accepts an earlier occurredAt and refuses a future one or a bad channel", async () => {
    const c = await person();
    const url = `/customers/${c.id}/consents`;
    const res = await post(gm, url, {
      channel: "sms",
      granted: true,
      source: "纸质表",
      occurredAt: "2026-11-20T08:00:00+08:00",
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().at).toBe("2026-11-20T00:00:00.000Z");
    await refused(
      () => post(gm, url, { channel: "sms", granted: true, source: "x", occurredAt: "2026-11-25T00:00:00Z" }),
      400,
      "validation_failed",
    );
    await refused(
      () => post(gm, url, { channel: "email", granted: true, source: "x" }),
      400,
      "validation_failed",
    );
    await refused(
      () => post(gm, url, { channel: "sms", granted: "yes", source: "x" }),
      400,
      "validation_failed",
    );
    await refused(
      () => post(marketing, url, { channel: "sms", granted: true, source: "x" }),
      403,
      "forbidden",
    );
  });
});

describe("revealing masked values", () => {
  it.each(ROLES)(
    "role %s may reveal only if allowed, and every reveal is audited without the value",
    async (role) => {
      const c = await person({ idNumber: ID_NUMBER });
      const user = roleUsers[role];
      const full = await fullPhoneOf(c.id);
      if (role === "consultant") await lead(c.id, consultant.id, "won");
      const url = `/customers/${c.id}/reveal`;
      if (!WRITERS.includes(role)) {
        await refused(() => post(user, url, { field: "phone" }), 403, "forbidden");
        return;
      }
      const before = await counts();
      const phone = await post(user, url, { field: "phone" });
      expect(phone.statusCode, phone.body).toBe(200);
      expect(phone.json()).toEqual({ value: full });
      const id = await post(user, url, { field: "idNumber" });
      expect(id.json()).toEqual({ value: ID_NUMBER });
      expect(await counts()).toEqual({ ...before, audit: before.audit + 2 });
      const rows = await ctx.pool.query(
        "SELECT * FROM audit_log WHERE action = 'reveal' AND entity = 'customer' AND entity_id = $1 ORDER BY id",
        [String(c.id)],
      );
      expect(rows.rows.map((r) => [r.actor_id, r.after])).toEqual([
        [user.id, { field: "phone" }],
        [user.id, { field: "idNumber" }],
      ]);
      const text = JSON.stringify(rows.rows);
      expect(text).not.toContain(full);
      expect(text).not.toContain(ID_NUMBER);
    },
  );

  it("refuses a consultant without a lead of the customer and an unknown field", async () => {
    const c = await person();
    await refused(() => post(consultant, `/customers/${c.id}/reveal`, { field: "phone" }), 404, "not_found");
    await refused(
      () => post(gm, `/customers/${c.id}/reveal`, { field: "address" }),
      400,
      "validation_failed",
    );
  });
});

describe("for the leads module", () => {
  it("finds or creates a person by phone inside the caller's transaction", async () => {
    const phone = nextPhone();
    const now = new Date(START);
    const first = await ctx.db.transaction((tx) =>
      findOrCreatePersonByPhone(tx, storeA, { name: "新客", phone: `+86${phone}` }, now),
    );
    expect(first.created).toBe(true);
    const again = await ctx.db.transaction((tx) =>
      findOrCreatePersonByPhone(tx, storeA, { name: "别名", phone }, now),
    );
    expect(again).toEqual({ id: first.id, created: false });
    const inB = await ctx.db.transaction((tx) =>
      findOrCreatePersonByPhone(tx, storeB, { name: "新客", phone }, now),
    );
    expect(inB.created).toBe(true);
    expect(await ctx.count("customers", `phone = '${phone}'`)).toBe(2);
    // nothing is left behind when the caller's transaction rolls back
    const rolledBack = nextPhone();
    await expect(
      ctx.db.transaction(async (tx) => {
        await findOrCreatePersonByPhone(tx, storeA, { name: "回滚", phone: rolledBack }, now);
        throw new Error("caller fails");
      }),
    ).rejects.toThrow("caller fails");
    expect(await ctx.count("customers", `phone = '${rolledBack}'`)).toBe(0);
  });

  it("is race-safe: a concurrent caller waits and gets the same customer", async () => {
    const phone = nextPhone();
    const now = new Date(START);
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let insertedSignal!: () => void;
    const inserted = new Promise<void>((r) => {
      insertedSignal = r;
    });
    const t1 = ctx.db.transaction(async (tx) => {
      const r = await findOrCreatePersonByPhone(tx, storeA, { name: "甲", phone }, now);
      insertedSignal();
      await gate;
      return r;
    });
    await inserted;
    const t2 = ctx.db.transaction((tx) => findOrCreatePersonByPhone(tx, storeA, { name: "乙", phone }, now));
    await new Promise((r) => setTimeout(r, 100));
    release();
    const [r1, r2] = await Promise.all([t1, t2]);
    expect(r1.created).toBe(true);
    expect(r2).toEqual({ id: r1.id, created: false });
    expect(await ctx.count("customers", `phone = '${phone}'`)).toBe(1);
  });

  it("refuses an invalid phone", async () => {
    await expect(
      ctx.db.transaction((tx) =>
        findOrCreatePersonByPhone(tx, storeA, { name: "x", phone: "12345" }, new Date(START)),
      ),
    ).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("tells whether a customer exists in a store", async () => {
    const c = await person();
    expect(await customerExists(ctx.db, storeA, c.id)).toBe(true);
    expect(await customerExists(ctx.db, storeB, c.id)).toBe(false);
    expect(await customerExists(ctx.db, storeA, 999_999_999)).toBe(false);
  });
});

describe("OpenAPI", () => {
  it("documents every customer route", async () => {
    const res = await ctx.req(null, { method: "GET", url: "/api/docs/json" });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of [
      "/customers",
      "/customers/{id}",
      "/customers/{id}/vehicles",
      "/customers/{id}/consents",
      "/customers/{id}/reveal",
    ]) {
      expect(paths).toContain(`/api/v1${p}`);
    }
  });
});
