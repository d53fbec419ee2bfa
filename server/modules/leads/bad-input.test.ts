/**
 * Bad input on every write path of leads, stores and users (ARCHITECTURE rule 8): a clear error with a
 * stable code, and nothing written — not a lead, an event, an owner period, an audit row. Then the
 * races: concurrent decisions and follow-ups on one lead.
 */
import type { InjectOptions } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";

const NOW = "2026-11-24T02:00:00Z"; // 10:00 in Shanghai
let ctx: TestContext;
let store: number;
let store2: number;
let admin: TestUser;
let manager: TestUser;
let manager2: TestUser;
let consultant: TestUser;
let reception: TestUser;
let foreign: TestUser;
let disabledConsultant: TestUser;
/** the fixtures the refusals aim at: an active lead, a lead waiting for a defeat decision, another store's lead */
const f = { lead: 0, defeated: 0, foreignLead: 0, foreignCustomer: 0 };

let seq = 13600000000;
const phone = () => String(++seq);

async function ok(u: TestUser, method: InjectOptions["method"], url: string, payload?: object) {
  const res = await ctx.req(u, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

const lead = () => ({ name: "陈先生", phone: phone(), source: "walk_in" });
const newLead = async (by: TestUser) => (await ok(by, "POST", "/leads", lead())).lead;
const send = (u: TestUser, url: string, payload?: object) =>
  ctx.req(u, { method: "POST", url: `/api/v1${url}`, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  ctx = await testApp(NOW);
  store = await ctx.store();
  store2 = await ctx.store();
  admin = await ctx.user("admin", null);
  manager = await ctx.user("sales_manager", store);
  manager2 = await ctx.user("sales_manager", store);
  consultant = await ctx.user("consultant", store);
  reception = await ctx.user("reception", store);
  foreign = await ctx.user("consultant", store2);
  disabledConsultant = await ctx.user("consultant", store);
  await ok(admin, "PATCH", `/users/${disabledConsultant.id}`, { disabled: true });
  f.lead = (await newLead(consultant)).id;
  f.defeated = (await newLead(consultant)).id;
  await ok(consultant, "POST", `/leads/${f.defeated}/defeat`, { reason: "price" });
  const theirs = await newLead(foreign);
  [f.foreignLead, f.foreignCustomer] = [theirs.id, theirs.customerId];
});

const TABLES = `leads customers follow_ups lead_events lead_owners lead_appointments
  defeat_requests audit_log users stores sessions`.split(/\s+/);
const snapshot = async () =>
  Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await ctx.count(t)])));

type Who = "admin" | "manager" | "consultant" | "reception";
const who = (w: Who) => ({ admin, manager, consultant, reception })[w];
const later = (ms: number) => new Date(new Date(NOW).getTime() + ms).toISOString();
const long = (n: number) => "长".repeat(n);
const DAY = 86_400_000;
const fu = (over: object = {}) => ({ channel: "phone", reached: false, content: "未接通", ...over });
const CADENCE_WITHOUT_O = {
  C: { planDays: 10, maxDays: 15 },
  B: { planDays: 5, maxDays: 7 },
  A: { planDays: 3, maxDays: 5 },
  H: { planDays: 1, maxDays: 2 },
};
const user = (over: object) => ({
  username: `u${++seq}`,
  password: "long-enough-1",
  displayName: "x",
  role: "consultant",
  ...over,
});

/** A body: an object, a function building it when the case runs (fixtures exist by then), raw JSON text. */
type Body = object | (() => object) | string | undefined;
/** [body, "status code", who sends it instead of the group's actor] */
type Entry = [Body, string, Who?];
/** Cases of one endpoint: `at` is "METHOD /path" with {fixture} placeholders, `base` the valid body they alter. */
interface Group {
  by: Who;
  at: string;
  base?: () => object;
  cases: Record<string, Entry>;
}
const V = "400 validation_failed";
const NF = "404 not_found";
const LEVELS_OF_THE_SALES_PROCESS = ["O", "D", "T"];

const GROUPS: Record<string, Group> = {
  create: {
    by: "reception",
    at: "POST /leads",
    base: lead,
    cases: {
      "malformed JSON": ['{"name": "陈", "phone": ', "400 malformed_request"],
      "no name": [{ name: undefined }, V],
      "blank name": [{ name: "   " }, V],
      "name of 51 chars": [{ name: long(51) }, V],
      "focus points of 501 chars": [{ focusPoints: long(501) }, V],
      "budget 'abc'": [{ budgetFen: "abc" }, V],
      "budget 1.5 fen": [{ budgetFen: 1.5 }, V],
      "negative budget": [{ budgetFen: -100 }, V],
      "budget as a numeric string": [{ budgetFen: "30000000" }, V],
      "unknown field": [{ vip: true }, V],
      "phone 12345": [{ phone: "12345" }, V],
      "phone 23800000000": [{ phone: "23800000000" }, V],
      "phone as a number": [{ phone: 13812345678 }, V],
      "unknown source": [{ source: "tv" }, V],
      "date 2026-02-30": [{ expectedPurchaseDate: "2026-02-30" }, V],
      "date 2026/12/01": [{ expectedPurchaseDate: "2026/12/01" }, V],
      "occurredAt yesterday": [{ occurredAt: "yesterday" }, V],
      "occurredAt without zone": [{ occurredAt: "2026-11-24T09:00:00" }, V],
      "occurredAt in the future": [{ occurredAt: later(60_000) }, "422 occurred_in_future"],
      ...Object.fromEntries(
        LEVELS_OF_THE_SALES_PROCESS.map((l) => [`level ${l}`, [{ level: l }, "422 level_not_allowed"]]),
      ),
      "level X": [{ level: "X" }, V],
      "another store's owner": [() => ({ ownerId: foreign.id }), NF],
      "a receptionist as owner": [() => ({ ownerId: reception.id }), "422 owner_not_eligible", "manager"],
      "a disabled owner": [() => ({ ownerId: disabledConsultant.id }), "422 owner_not_eligible", "manager"],
      "consultant for a colleague": [() => ({ ownerId: manager.id }), "403 forbidden", "consultant"],
      "referral without referrer": [{ source: "referral" }, "422 referrer_required"],
      "another store's referrer": [() => ({ source: "referral", referrerCustomerId: f.foreignCustomer }), NF],
      "another store": [() => ({ storeId: store2 }), NF],
      "admin names no store": [{}, "400 store_required", "admin"],
    },
  },
  "follow-up": {
    by: "consultant",
    at: "POST /leads/{lead}/follow-ups",
    base: fu,
    cases: {
      "reached 'yes'": [{ reached: "yes" }, V],
      "channel email": [{ channel: "email" }, V],
      "empty content": [{ content: "" }, V],
      "content of 2001 chars": [{ content: long(2001) }, V],
      "unknown field": [{ levelBefore: "N" }, V],
      "occurredAt yesterday": [{ occurredAt: "yesterday" }, V],
      "occurredAt in the future": [{ occurredAt: later(3_600_000) }, "422 in_future"],
      "before the lead existed": [{ occurredAt: later(-86_400_000) }, "422 before_lead_created"],
      "next contact 2026-02-30": [{ nextContactAt: "2026-02-30T02:00:00Z" }, V],
      ...Object.fromEntries(
        LEVELS_OF_THE_SALES_PROCESS.map((l) => [
          `level ${l}`,
          [{ reached: true, level: l }, "422 level_not_allowed"],
        ]),
      ),
      "reached but not graded": [{ reached: true }, "422 level_required"],
      "plan beyond the cadence": [
        { reached: true, level: "H", nextContactAt: later(5 * DAY) },
        "422 beyond_cadence",
      ],
      "appointment in the past": [
        { appointment: { kind: "visit", at: later(-60_000) } },
        "422 appointment_in_past",
      ],
      "appointment kind": [{ appointment: { kind: "dinner", at: later(DAY) } }, V],
    },
  },
  "follow-up (other leads)": {
    by: "manager",
    at: "POST /leads/{lead}/follow-ups",
    base: fu,
    cases: {
      "a closed lead": [{ at: "/leads/{defeated}/follow-ups" }, "422 lead_not_active"],
      "another store's lead": [{ at: "/leads/{foreignLead}/follow-ups" }, NF],
      "no such lead": [{ at: "/leads/999999/follow-ups" }, NF],
      "lead id abc": [{ at: "/leads/abc/follow-ups" }, V],
    },
  },
  assign: {
    by: "manager",
    at: "POST /leads/{lead}/assign",
    base: () => ({ ownerId: manager.id }),
    cases: {
      "another store's owner": [() => ({ ownerId: foreign.id }), NF],
      "another store's lead": [{ at: "/leads/{foreignLead}/assign" }, NF],
      "owner as a string": [() => ({ ownerId: String(manager.id) }), V],
      "a receptionist as owner": [() => ({ ownerId: reception.id }), "422 owner_not_eligible"],
      "a disabled owner": [() => ({ ownerId: disabledConsultant.id }), "422 owner_not_eligible"],
      "reception moves an owned lead": [{}, "422 already_owned", "reception"],
      "unknown field": [{ note: "x" }, V],
    },
  },
  "bulk assign": {
    by: "manager",
    at: "POST /leads/assign",
    base: () => ({ ownerId: manager.id }),
    cases: {
      "one foreign id": [() => ({ leadIds: [f.lead, f.foreignLead] }), NF],
      "a closed lead": [() => ({ leadIds: [f.lead, f.defeated] }), "409 lead_not_active"],
      "no ids": [{ leadIds: [] }, V],
      "501 ids": [{ leadIds: Array.from({ length: 501 }, (_, i) => i + 1) }, V],
      "ids as strings": [() => ({ leadIds: [String(f.lead)] }), V],
    },
  },
  "release and claim": {
    by: "manager",
    at: "POST /leads/{lead}/release",
    cases: {
      "release another store's lead": [{ at: "/leads/{foreignLead}/release" }, NF],
      "release a closed lead": [{ at: "/leads/{defeated}/release" }, "409 lead_not_active"],
      "release with a body field": [() => ({ ownerId: manager.id }), V],
      "bulk release with a foreign id": [
        () => ({ at: "/leads/release", leadIds: [f.lead, f.foreignLead] }),
        NF,
      ],
      "claim a lead not in the pool": [{ at: "/leads/{lead}/claim" }, NF, "consultant"],
      "claim another store's lead": [{ at: "/leads/{foreignLead}/claim" }, NF, "consultant"],
      "claim with a body field": [{ at: "/leads/{lead}/claim", force: true }, V, "consultant"],
    },
  },
  defeat: {
    by: "consultant",
    at: "POST /leads/{lead}/defeat",
    base: () => ({ reason: "price" }),
    cases: {
      "unknown reason": [{ reason: "bored" }, V],
      "competitor unnamed": [{ reason: "competitor" }, "422 competitor_required"],
      "note of 1001 chars": [{ note: long(1001) }, V],
      "unknown field": [{ approved: true }, V],
      "asked twice": [{ at: "/leads/{defeated}/defeat" }, "409 lead_not_active"],
      "another store's lead": [{ at: "/leads/{foreignLead}/defeat" }, NF, "manager"],
    },
  },
  "defeat decision": {
    by: "manager",
    at: "POST /leads/{defeated}/defeat/approve",
    cases: {
      "nothing pending": [{ at: "/leads/{lead}/defeat/approve" }, "409 no_pending_defeat"],
      "empty note": [{ note: "" }, V],
      "unknown field": [{ decision: "approved" }, V],
      "malformed JSON": ["{note:", "400 malformed_request"],
      "another store's lead": [{ at: "/leads/{foreignLead}/defeat/return" }, NF],
      "the admin, nothing pending there": [
        { at: "/leads/{foreignLead}/defeat/approve" },
        "409 no_pending_defeat",
        "admin",
      ],
    },
  },
  store: {
    by: "admin",
    at: "POST /stores",
    base: () => ({ name: "新店" }),
    cases: {
      "empty name": [{ name: "" }, V],
      "name of 101 chars": [{ name: long(101) }, V],
      "day ending 25:00": [{ businessDayEnd: "25:00" }, V],
      "unknown field": [{ region: "华北" }, V],
      "unknown time zone": [{ timeZone: "China/Beijing" }, "422 invalid_settings"],
    },
  },
  "store patch": {
    by: "admin",
    at: "PATCH /stores/{store}",
    cases: {
      "cadence without O": [{ cadence: CADENCE_WITHOUT_O }, V],
      "validity of 1.5 days": [{ validityDays: { C: 90, B: 30, A: 15, H: 1.5 } }, V],
      "escalation after -1 days": [{ escalateAfterDays: -1 }, "422 invalid_settings"],
      "no such store": [{ at: "/stores/999999", name: "x" }, NF],
      "store id abc": [{ at: "/stores/abc", name: "x" }, V],
    },
  },
  user: {
    by: "admin",
    at: "POST /users",
    base: () => user({ storeId: store }),
    cases: {
      "username with a space": [{ username: "a b" }, V],
      "unknown role": [{ role: "boss" }, V],
      "password of 201 chars": [{ password: "p".repeat(201) }, V],
      "created by a manager": [{}, "403 forbidden", "manager"],
    },
  },
  "user patch": {
    by: "admin",
    at: "PATCH /users/{consultant}",
    cases: {
      "disabled 'yes'": [{ disabled: "yes" }, V],
      "unknown field": [() => ({ storeId: store2 }), V],
      "no such user": [{ at: "/users/999999", displayName: "x" }, NF],
    },
  },
};

const placeholder = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, k: string) =>
    String(k === "store" ? store : k === "consultant" ? consultant.id : f[k as keyof typeof f]),
  );
/** A case as sent: an `at` key in the body moves it to another URL of the same method. */
function build(group: Group, body: Body): { method: "POST" | "PATCH"; url: string; payload: unknown } {
  const [method, path] = group.at.split(" ") as ["POST" | "PATCH", string];
  if (typeof body === "string") return { method, url: placeholder(path), payload: body };
  const { at, ...fields } = (typeof body === "function" ? body() : (body ?? {})) as { at?: string };
  const payload = group.base
    ? { ...group.base(), ...fields }
    : Object.keys(fields).length
      ? fields
      : undefined;
  return { method, url: placeholder(at ?? path), payload };
}
const CASES = Object.entries(GROUPS).flatMap(([name, group]) =>
  Object.entries(group.cases).map(
    ([title, [body, expected, by]]) => [`${name}: ${title}`, group, body, expected, by ?? group.by] as const,
  ),
);

describe("bad input is refused and writes nothing", () => {
  it.each(CASES)("%s", async (_, group, body, expected, by) => {
    const [status, code] = expected.split(" ");
    const { method, url, payload } = build(group, body);
    const headers = typeof payload === "string" ? { "content-type": "application/json" } : {};
    const before = await snapshot();
    const res = await ctx.req(who(by), {
      method,
      url: `/api/v1${url}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(res.statusCode, res.body).toBe(Number(status));
    expect(res.json().error.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  it("a disabled user's session is 401 and writes nothing", async () => {
    const victim = await ctx.user("consultant", store);
    await ok(admin, "PATCH", `/users/${victim.id}`, { disabled: true });
    const before = await snapshot();
    for (const [url, payload] of [
      ["/leads", lead()],
      [`/leads/${f.lead}/follow-ups`, fu()],
    ] as const) {
      const res = await send(victim, url, payload);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe("unauthenticated");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("actions without input take no body at all, or an empty one", async () => {
    for (const payload of [undefined, {}]) {
      const id = (await newLead(consultant)).id;
      expect((await send(manager, `/leads/${id}/release`, payload)).statusCode).toBe(200);
      expect((await send(consultant, `/leads/${id}/claim`, payload)).statusCode).toBe(200);
      for (const decision of ["return", "approve"]) {
        await ok(consultant, "POST", `/leads/${id}/defeat`, { reason: "postponed" });
        expect((await send(manager, `/leads/${id}/defeat/${decision}`, payload)).statusCode).toBe(200);
      }
    }
  });

  it("the fixtures are untouched after all that", async () => {
    const d = await ok(manager, "GET", `/leads/${f.lead}`);
    expect(d.lead).toMatchObject({ ownerId: consultant.id, level: "N", state: "active", inPool: false });
    expect(d.followUps).toEqual([]);
    expect((await ok(manager, "GET", `/leads/${f.defeated}`)).lead.state).toBe("defeat_requested");
  });
});

describe("concurrent conflicting requests", () => {
  it("of an approval and a return of one defeat, exactly one wins", async () => {
    for (let round = 0; round < 3; round++) {
      const id = (await newLead(consultant)).id;
      await ok(consultant, "POST", `/leads/${id}/defeat`, { reason: "budget" });
      const audits = await ctx.count("audit_log");
      const [approve, ret] = await Promise.all([
        send(manager, `/leads/${id}/defeat/approve`, {}),
        send(manager2, `/leads/${id}/defeat/return`),
      ]);
      expect([approve.statusCode, ret.statusCode].sort()).toEqual([200, 409]);
      const loser = approve.statusCode === 409 ? approve : ret;
      expect(loser.json().error.code).toBe("no_pending_defeat");
      const state = approve.statusCode === 200 ? "defeated" : "active";
      const d = await ok(manager, "GET", `/leads/${id}`);
      expect(d.lead.state).toBe(state);
      expect(d.defeat.status).toBe(approve.statusCode === 200 ? "approved" : "returned");
      expect(
        d.events.filter(
          (e: { kind: string }) => e.kind.startsWith("defeat_") && e.kind !== "defeat_requested",
        ),
      ).toHaveLength(1);
      expect(await ctx.count("audit_log")).toBe(audits + 1);
    }
  });

  it("two follow-ups at once are both recorded, one after the other", async () => {
    const id = (await newLead(consultant)).id;
    const [a, b] = await Promise.all(
      ["B", "A"].map((level) => send(consultant, `/leads/${id}/follow-ups`, fu({ reached: true, level }))),
    );
    expect([a!.statusCode, b!.statusCode]).toEqual([201, 201]);
    const d = await ok(manager, "GET", `/leads/${id}`);
    const [last, first] = d.followUps as { id: number; levelBefore: string; levelAfter: string }[]; // newest first
    expect(d.followUps).toHaveLength(2);
    expect(first!.levelBefore).toBe("N");
    expect(last!.levelBefore).toBe(first!.levelAfter); // the second saw the first: no lost update
    expect(last!.id).toBeGreaterThan(first!.id);
    expect(d.lead.level).toBe(last!.levelAfter);
    expect(d.events.filter((e: { kind: string }) => e.kind === "level_changed")).toHaveLength(2);
  });

  it("a bulk assignment with one foreign id assigns none of the others", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await newLead(consultant)).id);
    const before = await snapshot();
    const res = await send(manager, "/leads/assign", {
      leadIds: [...ids, f.foreignLead],
      ownerId: manager.id,
    });
    expect(res.statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
    const owners = await ctx.pool.query("SELECT DISTINCT owner_id FROM leads WHERE id = ANY($1)", [ids]);
    expect(owners.rows.map((r) => Number(r.owner_id))).toEqual([consultant.id]);
  });
});
