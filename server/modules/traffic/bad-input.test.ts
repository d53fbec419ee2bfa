/**
 * Bad input on every write path of showroom traffic: a clear error with a stable code, and nothing written —
 * not a visit, a call, a plan, a lead event, a round-robin turn, an audit row.
 */
import type { InjectOptions } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { caseList, caseRequest, F, type Group, NF, V } from "../../../tests/support/bad-input.ts";

const NOW = "2026-11-24T02:00:00Z";
let ctx: TestContext;
let store2: number;
const u = {} as Record<
  "admin" | "gm" | "manager" | "consultant" | "reception" | "disabled" | "foreign",
  TestUser
>;
const f = { lead: 0, foreignLead: 0, visit: 0, leftVisit: 0, foreignVisit: 0 };

let seq = 13500000000;
const phone = () => String(++seq);
const later = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();
const long = (n: number) => "长".repeat(n);

async function ok(by: TestUser, method: InjectOptions["method"], url: string, payload?: object) {
  const res = await ctx.req(by, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

beforeAll(async () => {
  ctx = await testApp(NOW);
  const store = await ctx.store();
  store2 = await ctx.store();
  u.admin = await ctx.user("admin", null);
  u.gm = await ctx.user("gm", store);
  u.manager = await ctx.user("sales_manager", store);
  u.consultant = await ctx.user("consultant", store);
  u.reception = await ctx.user("reception", store);
  u.disabled = await ctx.user("consultant", store);
  u.foreign = await ctx.user("consultant", store2);
  const foreignReception = await ctx.user("reception", store2);
  await ok(u.admin, "PATCH", `/users/${u.disabled.id}`, { disabled: true });
  f.lead = (
    await ok(u.consultant, "POST", "/leads", { name: "冯先生", phone: phone(), source: "walk_in" })
  ).lead.id;
  f.foreignLead = (
    await ok(u.foreign, "POST", "/leads", { name: "何女士", phone: phone(), source: "walk_in" })
  ).lead.id;
  const visit = (by: TestUser, consultantId: number) =>
    ok(by, "POST", "/traffic/visits", {
      firstVisit: true,
      partySize: 1,
      arrivedAt: later(-60),
      consultantId,
    });
  f.visit = (await visit(u.reception, u.consultant.id)).id;
  f.leftVisit = (await visit(u.reception, u.consultant.id)).id;
  await ok(u.reception, "POST", `/traffic/visits/${f.leftVisit}/leave`);
  f.foreignVisit = (await visit(foreignReception, u.foreign.id)).id;
});

const TABLES = `traffic_visits traffic_calls traffic_plans lead_events leads audit_log`.split(" ");
const snapshot = async () => {
  const counts = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await ctx.count(t)])));
  // a refused visit must not use up anyone's round-robin turn either
  const turns = await ctx.pool.query("SELECT id, last_assigned_at FROM users ORDER BY id");
  const left = await ctx.pool.query("SELECT id, left_at FROM traffic_visits ORDER BY id");
  return { counts, turns: turns.rows, left: left.rows };
};

type Who = keyof typeof u;

const visitBody = () => ({
  firstVisit: true,
  partySize: 2,
  arrivedAt: later(-10),
  consultantId: u.consultant.id,
});

const GROUPS: Record<string, Group<Who>> = {
  visit: {
    by: "reception",
    endpoint: "POST /traffic/visits",
    base: visitBody,
    cases: {
      "malformed JSON": ['{"firstVisit": tru', "400 malformed_request"],
      "unknown field": [{ vip: true }, V],
      "firstVisit 'yes'": [{ firstVisit: "yes" }, V],
      "no firstVisit": [{ firstVisit: undefined }, V],
      "party of 0": [{ partySize: 0 }, V],
      "party of 51": [{ partySize: 51 }, V],
      "party of 1.5": [{ partySize: 1.5 }, V],
      "party as a string": [{ partySize: "2" }, V],
      "no consultant": [{ consultantId: undefined }, V],
      "consultant as a string": [() => ({ consultantId: String(u.consultant.id) }), V],
      "phone 12345": [{ phone: "12345" }, V],
      "phone 23800000000": [{ phone: "23800000000" }, V],
      "lead id and phone": [() => ({ leadId: f.lead, phone: phone() }), V],
      "lead id -1": [{ leadId: -1 }, V],
      "arrivedAt 'yesterday'": [{ arrivedAt: "yesterday" }, V],
      "arrivedAt without zone": [{ arrivedAt: "2026-11-24T09:00:00" }, V],
      "arrivedAt 2026-02-30": [{ arrivedAt: "2026-02-30T02:00:00Z" }, V],
      "arrived in the future": [{ arrivedAt: later(1) }, "422 in_future"],
      "left in the future": [{ leftAt: later(1) }, "422 in_future"],
      "arrived 8 days ago": [{ arrivedAt: later(-8 * 1440), leftAt: undefined }, "422 too_far_back"],
      "left before arriving": [{ leftAt: later(-20) }, "422 left_before_arrival"],
      "empty note": [{ note: "" }, V],
      "note of 501 chars": [{ note: long(501) }, V],
      "no such lead": [{ leadId: 999_999 }, NF],
      "another store's lead": [() => ({ leadId: f.foreignLead }), NF],
      "another store's consultant": [() => ({ consultantId: u.foreign.id }), NF],
      "a receptionist serving": [() => ({ consultantId: u.reception.id }), "422 consultant_not_eligible"],
      "a disabled consultant": [() => ({ consultantId: u.disabled.id }), "422 consultant_not_eligible"],
      "another store": [() => ({ storeId: store2 }), NF],
      "storeId as a string": [() => ({ storeId: String(store2) }), V],
      "the admin names no store": [{}, "400 store_required", "admin"],
      "by a consultant": [{}, F, "consultant"],
      "by the gm": [{}, F, "gm"],
    },
  },
  leave: {
    by: "reception",
    endpoint: "POST /traffic/visits/{visit}/leave",
    cases: {
      "malformed JSON": ['{"leftAt": ', "400 malformed_request"],
      "unknown field": [{ partySize: 3 }, V],
      "leftAt without zone": [{ leftAt: "2026-11-24T09:00:00" }, V],
      "left in the future": [{ leftAt: later(1) }, "422 in_future"],
      "left before arriving": [{ leftAt: later(-61) }, "422 left_before_arrival"],
      "left already": [{ url: "/traffic/visits/{leftVisit}/leave" }, "409 already_left"],
      "another store's visit": [{ url: "/traffic/visits/{foreignVisit}/leave" }, NF],
      "no such visit": [{ url: "/traffic/visits/999999/leave" }, NF],
      "visit id abc": [{ url: "/traffic/visits/abc/leave" }, V],
      "by a consultant": [{}, F, "consultant"],
    },
  },
  call: {
    by: "reception",
    endpoint: "POST /traffic/calls",
    base: () => ({ at: later(-5) }),
    cases: {
      "malformed JSON": ['{"at": ', "400 malformed_request"],
      "unknown field": [{ duration: 60 }, V],
      "at 'now'": [{ at: "now" }, V],
      "in the future": [{ at: later(1) }, "422 in_future"],
      "8 days ago": [{ at: later(-8 * 1440) }, "422 too_far_back"],
      "phone 1380013800": [{ phone: "1380013800" }, V],
      "lead id and phone": [() => ({ leadId: f.lead, phone: phone() }), V],
      "another store's lead": [() => ({ leadId: f.foreignLead }), NF],
      "another store's consultant": [() => ({ consultantId: u.foreign.id }), NF],
      "a receptionist as consultant": [
        () => ({ consultantId: u.reception.id }),
        "422 consultant_not_eligible",
      ],
      "note of 501 chars": [{ note: long(501) }, V],
      "another store": [() => ({ storeId: store2 }), NF],
      "the admin names no store": [{}, "400 store_required", "admin"],
      "by a consultant": [{}, F, "consultant"],
    },
  },
  plan: {
    by: "manager",
    endpoint: "PUT /traffic/plans/2026-12",
    base: () => ({ visits: 400, calls: 300 }),
    cases: {
      "malformed JSON": ['{"visits": 4', "400 malformed_request"],
      "month 2026-13": [{ url: "/traffic/plans/2026-13" }, V],
      "month 2026-1": [{ url: "/traffic/plans/2026-1" }, V],
      "month 12-2026": [{ url: "/traffic/plans/12-2026" }, V],
      "negative visits": [{ visits: -1 }, V],
      "1.5 visits": [{ visits: 1.5 }, V],
      "absurd visits": [{ visits: 100_001 }, V],
      "calls as a string": [{ calls: "300" }, V],
      "no calls": [{ calls: undefined }, V],
      "unknown field": [{ traffic: 700 }, V],
      "another store": [() => ({ storeId: store2 }), NF],
      "the admin names no store": [{}, "400 store_required", "admin"],
      "by reception": [{}, F, "reception"],
      "by a consultant": [{}, F, "consultant"],
    },
  },
};

describe("bad input is refused and writes nothing", () => {
  it.each(caseList(GROUPS))("%s", async (_, group, body, expected, by) => {
    const [status, code] = expected.split(" ");
    const { method, url, headers, payload } = caseRequest(group, body, f);
    const before = await snapshot();
    const res = await ctx.req(u[by], {
      method,
      url: `/api/v1${url}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(res.statusCode, res.body).toBe(Number(status));
    expect(res.json().error.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["/traffic/visits?date=2026-02-30"],
    ["/traffic/visits?date=today"],
    ["/traffic/visits?pageSize=201"],
    ["/traffic/visits?consultantId=abc"],
    ["/traffic/visits?sort=name"],
    ["/traffic/calls?date=2026/11/24"],
    ["/traffic/summary?month=2026-13"],
    ["/traffic/board?storeId=x"],
  ])("the query %s is refused", async (url) => {
    const res = await ctx.req(u.reception, { method: "GET", url: `/api/v1${url}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("validation_failed");
  });

  it("the fixtures are untouched after all that", async () => {
    const visits = (await ok(u.reception, "GET", `/traffic/visits`)).items as {
      id: number;
      leftAt: string | null;
    }[];
    expect(visits.find((v) => v.id === f.visit)?.leftAt).toBeNull();
    expect((await ok(u.reception, "GET", "/traffic/calls")).total).toBe(0);
    expect((await ok(u.manager, "GET", "/traffic/summary?month=2026-12")).plannedTraffic).toBeNull();
  });
});
