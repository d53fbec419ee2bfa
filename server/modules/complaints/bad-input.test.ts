/**
 * Bad input on every complaint endpoint: a clear error with a stable code, and nothing written — no complaint,
 * no step, no audit row, no change to an existing complaint. Reads with bad filters are refused the same way.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { caseList, caseRequest, F, type Group, NF, V } from "../../../tests/support/bad-input.ts";
import { fixtures } from "./test-support.ts";

const NOW = "2026-11-24T02:00:00Z";
let ctx: TestContext;
const u = {} as Record<
  "cs" | "reception" | "consultant" | "parts" | "marketing" | "admin" | "advisor" | "foreignCs",
  TestUser
>;
type Who = keyof typeof u;
const fx: Record<string, number> = {};

beforeAll(async () => {
  ctx = await testApp(NOW);
  const f = fixtures(ctx);
  const store = await ctx.store();
  const store2 = await ctx.store();
  u.cs = await ctx.user("customer_service", store);
  u.reception = await ctx.user("reception", store);
  u.consultant = await ctx.user("consultant", store);
  u.parts = await ctx.user("parts_clerk", store);
  u.marketing = await ctx.user("marketing", store);
  u.advisor = await ctx.user("service_advisor", store);
  u.admin = await ctx.user("admin", null);
  u.foreignCs = await ctx.user("customer_service", store2);
  fx.store2 = store2;
  fx.customer = await f.customer(store);
  fx.vehicle = await f.vehicle(store, fx.customer);
  fx.ro = await f.repairOrder(store, fx.vehicle, u.advisor.id);
  fx.foreignCustomer = await f.customer(store2);
  fx.foreignVehicle = await f.vehicle(store2, fx.foreignCustomer);
  fx.foreignRo = await f.repairOrder(
    store2,
    fx.foreignVehicle,
    (await ctx.user("service_advisor", store2)).id,
  );
  const create = async (who: TestUser, customerId: number) => {
    const res = await ctx.req(who, {
      method: "POST",
      url: "/api/v1/complaints",
      payload: { customerId, channel: "phone", category: "other", severity: "low", description: "x" },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  fx.complaint = await create(u.cs, fx.customer);
  fx.foreign = await create(u.foreignCs, fx.foreignCustomer);
});

const valid = () => ({
  customerId: fx.customer,
  channel: "wechat",
  category: "price",
  severity: "high",
  description: "工时费太贵",
});

const GROUPS: Record<string, Group<Who>> = {
  create: {
    by: "cs",
    endpoint: "POST /api/v1/complaints",
    base: valid,
    cases: {
      "malformed JSON": ['{"customerId": ', "400 malformed_request"],
      "customerId as text": [() => ({ customerId: String(fx.customer) }), V],
      "customerId -1": [{ customerId: -1 }, V],
      "customerId 1.5": [{ customerId: 1.5 }, V],
      "unknown field": [{ state: "resolved" }, V],
      "deadlineAt in the body": [{ deadlineAt: NOW }, V],
      "channel email": [{ channel: "email" }, V],
      "category noise": [{ category: "noise" }, V],
      "severity critical": [{ severity: "critical" }, V],
      "severity null": [{ severity: null }, V],
      "blank description": [{ description: "   " }, V],
      "description of 2001 chars": [{ description: "贵".repeat(2001) }, V],
      "ownerId as text": [{ ownerId: "me" }, V],
      "occurredAt without zone": [{ occurredAt: "2026-11-24T09:00:00" }, V],
      "occurredAt 2026-02-30": [{ occurredAt: "2026-02-30T02:00:00Z" }, V],
      "occurredAt in the future": [{ occurredAt: "2026-11-24T02:01:00Z" }, "422 in_future"],
      "no such customer": [{ customerId: 999_999_999 }, NF],
      "another store's customer": [() => ({ customerId: fx.foreignCustomer }), NF],
      "another store's vehicle": [() => ({ vehicleId: fx.foreignVehicle }), NF],
      "another store's repair order": [() => ({ repairOrderId: fx.foreignRo }), NF],
      "another store's owner": [() => ({ ownerId: u.foreignCs.id }), NF],
      "another store named": [() => ({ storeId: fx.store2 }), NF],
      "a consultant": [{}, F, "consultant"],
      "a parts clerk": [{}, F, "parts"],
      marketing: [{}, F, "marketing"],
      "the group admin": [() => ({ storeId: fx.store2 }), F, "admin"],
    },
  },
  transition: {
    by: "cs",
    endpoint: "POST /api/v1/complaints/{complaint}/transition",
    base: () => ({ to: "handling" }),
    cases: {
      "malformed JSON": ['{"to": "handling"', "400 malformed_request"],
      "empty body": ["", "400 malformed_request"],
      "to closed": [{ to: "closed" }, V],
      "to missing": [{ to: undefined }, V],
      "to as a number": [{ to: 2 }, V],
      "blank note": [{ note: " " }, V],
      "note of 1001 chars": [{ note: "好".repeat(1001) }, V],
      "unknown field": [{ ownerId: 1 }, V],
      "occurredAt as a number": [{ occurredAt: Date.parse(NOW) }, V],
      "a resolution when starting": [{ resolution: "x" }, "422 resolution_not_allowed"],
      "a skip": [{ to: "confirmed" }, "422 invalid_transition"],
      "another store's complaint": [{ url: "/api/v1/complaints/{foreign}/transition" }, NF],
      "no such complaint": [{ url: "/api/v1/complaints/999999999/transition" }, NF],
      "id abc": [{ url: "/api/v1/complaints/abc/transition" }, V],
      "id -1": [{ url: "/api/v1/complaints/-1/transition" }, V],
      "a colleague who does not own it": [{}, "403 not_owner", "advisor"],
      reception: [{}, F, "reception"],
      "a consultant": [{}, F, "consultant"],
      "the group admin": [{}, F, "admin"],
    },
  },
  assign: {
    by: "cs",
    endpoint: "POST /api/v1/complaints/{complaint}/assign",
    base: () => ({ ownerId: u.advisor.id }),
    cases: {
      "ownerId missing": [{ ownerId: undefined }, V],
      "ownerId as text": [{ ownerId: "advisor" }, V],
      "ownerId 0": [{ ownerId: 0 }, V],
      "unknown field": [{ state: "handling" }, V],
      "blank note": [{ note: "" }, V],
      "to a consultant": [() => ({ ownerId: u.consultant.id }), "422 owner_cannot_handle"],
      "to another store's user": [() => ({ ownerId: u.foreignCs.id }), NF],
      "another store's complaint": [{ url: "/api/v1/complaints/{foreign}/assign" }, NF],
      "a colleague who does not own it": [{}, "403 not_owner", "advisor"],
      reception: [{}, F, "reception"],
    },
  },
  notes: {
    by: "cs",
    endpoint: "POST /api/v1/complaints/{complaint}/notes",
    base: () => ({ note: "客户来电" }),
    cases: {
      "note missing": [{ note: undefined }, V],
      "blank note": [{ note: "  " }, V],
      "note of 1001 chars": [{ note: "好".repeat(1001) }, V],
      "note as a number": [{ note: 1 }, V],
      "unknown field": [{ at: NOW }, V],
      "another store's complaint": [{ url: "/api/v1/complaints/{foreign}/notes" }, NF],
      "a consultant": [{}, F, "consultant"],
    },
  },
};

const snapshot = async () => ({
  complaints: (await ctx.pool.query("SELECT * FROM complaints ORDER BY id")).rows,
  events: await ctx.count("complaint_events"),
  audit: await ctx.count("audit_log"),
});

describe("bad writes are refused and write nothing", () => {
  it.each(caseList(GROUPS))("%s", async (_, group, body, expected, by) => {
    const before = await snapshot();
    const res = await ctx.req(u[by], caseRequest(group, body, fx));
    expect(`${res.statusCode} ${res.json().error?.code}`, res.body).toBe(expected);
    expect(await snapshot()).toEqual(before);
  });

  it("the valid bodies are accepted (the cases above fail for their own reason)", async () => {
    for (const [name, group] of Object.entries(GROUPS)) {
      const res = await ctx.req(u.cs, caseRequest(group, {}, fx));
      expect(res.statusCode, `${name}: ${res.body}`).toBeLessThan(300);
    }
  });
});

const READS: Record<string, [string, string, Who?]> = {
  "state closed": ["/complaints?state=closed", V],
  "open maybe": ["/complaints?open=maybe", V],
  "escalated yes": ["/complaints?escalated=yes", V],
  "severity critical": ["/complaints?severity=critical", V],
  "ownerId abc": ["/complaints?ownerId=abc", V],
  "from 2026/11/01": ["/complaints?from=2026/11/01", V],
  "from after to": ["/complaints?from=2026-11-30&to=2026-11-01", "422 invalid_period"],
  "page size 201": ["/complaints?pageSize=201", V],
  "unknown filter": ["/complaints?owner=1", V],
  "another store named": ["/complaints?storeId={store2}", NF],
  "the admin names no such store": ["/complaints?storeId=999999", NF, "admin"],
  "a consultant": ["/complaints", F, "consultant"],
  "reception reads no lists": ["/complaints", F, "reception"],
  "detail of another store's": ["/complaints/{foreign}", NF],
  "detail id abc": ["/complaints/abc", V],
  "stats without a period": ["/complaints/stats", V],
  "stats 2026-02-30": ["/complaints/stats?from=2026-02-01&to=2026-02-30", V],
  "stats ending before it starts": ["/complaints/stats?from=2026-11-30&to=2026-11-01", "422 invalid_period"],
  "stats of another store": ["/complaints/stats?from=2026-11-01&to=2026-11-30&storeId={store2}", NF],
  "stats for marketing": ["/complaints/stats?from=2026-11-01&to=2026-11-30", F, "marketing"],
};

describe("bad reads are refused", () => {
  it.each(Object.entries(READS))("%s", async (_, [path, expected, by]) => {
    const url = path.replace(/\{(\w+)\}/g, (_m, k: string) => String(fx[k]));
    const res = await ctx.req(u[by ?? "cs"], { method: "GET", url: `/api/v1${url}` });
    expect(`${res.statusCode} ${res.json().error?.code}`, res.body).toBe(expected);
  });
});
