/**
 * Warranty claims end to end against a real database: a finished warranty repair order's claim with the amounts
 * of its warranty lines, the manufacturer's answer, resubmission after a rejection, the list with the approval
 * rate; bad input and races refused with nothing written.
 */
import type { InjectOptions } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { caseList, caseRequest, F, type Group, NF, V } from "../../../tests/support/bad-input.ts";
import { MAX_FEN } from "../../platform/money.ts";
import { fixtures } from "../complaints/test-support.ts";

const NOW = "2026-11-24T02:00:00Z";
let ctx: TestContext;
let f: ReturnType<typeof fixtures>;
let store: number;
let store2: number;
const u = {} as Record<"advisor" | "gm" | "cs" | "manager" | "admin" | "foreignAdvisor", TestUser>;
type Who = keyof typeof u;

beforeAll(async () => {
  ctx = await testApp(NOW);
  f = fixtures(ctx);
  store = await ctx.store();
  store2 = await ctx.store();
  u.advisor = await ctx.user("service_advisor", store);
  u.gm = await ctx.user("gm", store);
  u.cs = await ctx.user("customer_service", store);
  u.manager = await ctx.user("sales_manager", store);
  u.admin = await ctx.user("admin", null);
  u.foreignAdvisor = await ctx.user("service_advisor", store2);
});

const send = (who: TestUser, method: InjectOptions["method"], url: string, payload?: object) =>
  ctx.req(who, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
async function ok(who: TestUser, method: InjectOptions["method"], url: string, payload?: object) {
  const res = await send(who, method, url, payload);
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
const snapshot = async () => ({
  claims: (await ctx.pool.query("SELECT * FROM warranty_claims ORDER BY id")).rows,
  events: await ctx.count("claim_events"),
  audit: await ctx.count("audit_log"),
});

/** a warranty repair order of a new customer's car, with lines paid by the warranty and by the customer */
async function warrantyOrder(s = store, o: { workType?: string; state?: string } = {}) {
  const advisor = s === store ? u.advisor : u.foreignAdvisor;
  const customer = await f.customer(s);
  const vehicle = await f.vehicle(s, customer);
  const ro = await f.repairOrder(s, vehicle, advisor.id, o);
  await f.labour(s, ro, 30_000, "warranty", advisor.id);
  await f.labour(s, ro, 8_000, "customer", advisor.id);
  await f.part(s, ro, 88_800, "warranty", advisor.id);
  await f.part(s, ro, 5_000, "customer", advisor.id);
  return ro;
}

interface Claim {
  id: number;
  state: string;
  claimedFen: number;
  labourFen: number;
  partsFen: number;
  submissions: number;
  [k: string]: unknown;
}

describe("a warranty claim", () => {
  it("is submitted for a done warranty order with its warranty lines' amounts, answered and resubmitted", async () => {
    const ro = await warrantyOrder();
    const res = await send(u.advisor, "POST", "/claims", {
      repairOrderId: ro,
      faultDescription: "水泵渗漏，更换水泵总成",
      occurredAt: "2026-11-23T02:00:00Z",
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as Claim & { events: { kind: string; amountFen: number | null }[] };
    expect(c).toMatchObject({
      storeId: store,
      repairOrderId: ro,
      model: "帕萨特",
      faultDescription: "水泵渗漏，更换水泵总成",
      labourFen: 30_000,
      partsFen: 88_800,
      claimedFen: 118_800,
      state: "submitted",
      submissions: 1,
      submittedAt: new Date("2026-11-23T02:00:00Z").toISOString(),
      decidedAt: null,
      approvedFen: null,
      rejectReason: null,
    });
    expect(c.roNo).toMatch(/^RO/);
    expect(c.vin).toMatch(/^LSVTEST/);
    expect(c.events).toMatchObject([{ kind: "submitted", amountFen: 118_800, actorId: u.advisor.id }]);

    const rejected = await ok(u.gm, "POST", `/claims/${c.id}/decide`, {
      approved: false,
      reason: "缺少故障照片",
    });
    expect(rejected).toMatchObject({
      state: "rejected",
      rejectReason: "缺少故障照片",
      decidedAt: new Date(NOW).toISOString(),
    });
    const again = await ok(u.advisor, "POST", `/claims/${c.id}/resubmit`, { labourFen: 25_000 });
    expect(again).toMatchObject({
      state: "submitted",
      submissions: 2,
      labourFen: 25_000,
      partsFen: 88_800,
      claimedFen: 113_800,
      rejectReason: null,
      decidedAt: null,
    });
    const approved = await ok(u.advisor, "POST", `/claims/${c.id}/decide`, {
      approved: true,
      amountFen: 100_000,
    });
    expect(approved).toMatchObject({ state: "approved", approvedFen: 100_000 });
    expect(
      approved.events.map((e: { kind: string; amountFen: number | null; reason: string | null }) => [
        e.kind,
        e.amountFen,
        e.reason,
      ]),
    ).toEqual([
      ["submitted", 118_800, null],
      ["rejected", null, "缺少故障照片"],
      ["resubmitted", 113_800, null],
      ["approved", 100_000, null],
    ]);
    expect(await ctx.count("audit_log", `entity = 'warranty_claim' AND entity_id = '${c.id}'`)).toBe(4);
    expect((await ok(u.gm, "GET", `/claims/${c.id}`)).events).toHaveLength(4);
  });

  it("takes the advisor's amounts when given, and refuses one asking for nothing", async () => {
    const ro = await warrantyOrder();
    const c = await ok(u.advisor, "POST", "/claims", {
      repairOrderId: ro,
      faultDescription: "x",
      labourFen: 1,
      partsFen: 0,
    });
    expect(c).toMatchObject({ labourFen: 1, partsFen: 0, claimedFen: 1 });
    const bare = await f.repairOrder(store, await f.vehicle(store, await f.customer(store)), u.advisor.id);
    const before = await snapshot();
    const res = await send(u.advisor, "POST", "/claims", { repairOrderId: bare, faultDescription: "x" });
    expect(`${res.statusCode} ${res.json().error.code}`).toBe("422 nothing_to_claim");
    expect(await snapshot()).toEqual(before);
  });

  it("one per repair order: two submissions at once, exactly one is taken", async () => {
    const ro = await warrantyOrder();
    const before = await ctx.count("warranty_claims");
    const res = await Promise.all(
      [1, 2].map(() =>
        send(u.advisor, "POST", "/claims", { repairOrderId: ro, faultDescription: "同时提交" }),
      ),
    );
    expect(res.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(res.find((r) => r.statusCode === 409)!.json().error.code).toBe("claim_exists");
    expect(await ctx.count("warranty_claims")).toBe(before + 1);
    expect(await ctx.count("claim_events", `kind = 'submitted'`)).toBe(await ctx.count("warranty_claims"));
  });

  it("two answers at once: exactly one is recorded, the other finds it answered", async () => {
    const ro = await warrantyOrder();
    const c = (await ok(u.advisor, "POST", "/claims", { repairOrderId: ro, faultDescription: "x" })) as Claim;
    const res = await Promise.all([
      send(u.gm, "POST", `/claims/${c.id}/decide`, { approved: true, amountFen: 1000 }),
      send(u.advisor, "POST", `/claims/${c.id}/decide`, { approved: false, reason: "不在保修范围" }),
    ]);
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(res.find((r) => r.statusCode === 409)!.json().error.code).toBe("not_submitted");
    expect(await ctx.count("claim_events", `claim_id = ${c.id}`)).toBe(2);
  });
});

describe("the list and the approval rate", () => {
  it("approved ÷ decided over the period, whatever the state filter; newest submission first", async () => {
    const s = await ctx.store();
    const advisor = await ctx.user("service_advisor", s);
    const make = async (at: string) => {
      const customer = await f.customer(s);
      const ro = await f.repairOrder(s, await f.vehicle(s, customer), advisor.id, {
        doneAt: "2026-10-01T02:00:00Z",
      });
      await f.labour(s, ro, 10_000, "warranty", advisor.id);
      return (await ok(advisor, "POST", "/claims", {
        repairOrderId: ro,
        faultDescription: "x",
        occurredAt: at,
      })) as Claim;
    };
    const a = await make("2026-11-02T02:00:00Z");
    const b = await make("2026-11-03T02:00:00Z");
    const c = await make("2026-11-04T02:00:00Z");
    const d = await make("2026-11-05T02:00:00Z");
    const old = await make("2026-10-05T02:00:00Z");
    await ok(advisor, "POST", `/claims/${a.id}/decide`, { approved: true, amountFen: 10_000 });
    await ok(advisor, "POST", `/claims/${b.id}/decide`, { approved: true, amountFen: 8_000 });
    await ok(advisor, "POST", `/claims/${c.id}/decide`, { approved: false, reason: "超出保修期" });
    await ok(advisor, "POST", `/claims/${old.id}/decide`, { approved: false, reason: "x" });
    const nov = await ok(advisor, "GET", "/claims?from=2026-11-01&to=2026-11-30");
    expect(nov).toMatchObject({ total: 4, submitted: 1, approved: 2, rejected: 1, approvedFen: 18_000 });
    expect(nov.approvalRate).toBeCloseTo(2 / 3);
    expect(nov.items.map((i: Claim) => i.id)).toEqual([d.id, c.id, b.id, a.id]);
    const approvedOnly = await ok(advisor, "GET", "/claims?state=approved&from=2026-11-01&to=2026-11-30");
    expect(approvedOnly.items.map((i: Claim) => i.id)).toEqual([b.id, a.id]);
    expect([approvedOnly.total, approvedOnly.approvalRate]).toEqual([2, nov.approvalRate]);
    expect((await ok(advisor, "GET", "/claims")).approvalRate).toBe(0.5);
    expect((await ok(advisor, "GET", "/claims?from=2026-12-01&to=2026-12-31")).approvalRate).toBeNull();
    expect((await ok(u.admin, "GET", `/claims?storeId=${s}`)).total).toBe(5);
    // another store's claims are not this store's
    expect((await ok(u.advisor, "GET", "/claims")).items.some((i: Claim) => i.id === a.id)).toBe(false);
  });
});

const fx: Record<string, number> = {};
describe("bad input is refused and writes nothing", () => {
  beforeAll(async () => {
    fx.ro = await warrantyOrder();
    fx.maintenance = await warrantyOrder(store, { workType: "maintenance" });
    fx.inProgress = await warrantyOrder(store, { state: "in_progress" });
    fx.foreignRo = await warrantyOrder(store2);
    const claimed = await warrantyOrder();
    fx.claimedRo = claimed;
    fx.submitted = (
      await ok(u.advisor, "POST", "/claims", { repairOrderId: claimed, faultDescription: "x" })
    ).id;
    fx.approved = (
      await ok(u.advisor, "POST", "/claims", { repairOrderId: await warrantyOrder(), faultDescription: "x" })
    ).id;
    await ok(u.gm, "POST", `/claims/${fx.approved}/decide`, { approved: true, amountFen: 1 });
    fx.rejected = (
      await ok(u.advisor, "POST", "/claims", { repairOrderId: await warrantyOrder(), faultDescription: "x" })
    ).id;
    await ok(u.gm, "POST", `/claims/${fx.rejected}/decide`, { approved: false, reason: "x" });
    fx.foreign = (
      await ok(u.foreignAdvisor, "POST", "/claims", { repairOrderId: fx.foreignRo, faultDescription: "x" })
    ).id;
  });

  const GROUPS: Record<string, Group<Who>> = {
    submit: {
      by: "advisor",
      endpoint: "POST /api/v1/claims",
      base: () => ({ repairOrderId: fx.ro, faultDescription: "变速箱异响" }),
      cases: {
        "malformed JSON": ['{"repairOrderId": 1,', "400 malformed_request"],
        "repairOrderId as text": [() => ({ repairOrderId: String(fx.ro) }), V],
        "repairOrderId missing": [{ repairOrderId: undefined }, V],
        "blank fault": [{ faultDescription: " " }, V],
        "fault of 2001 chars": [{ faultDescription: "坏".repeat(2001) }, V],
        "negative labour": [{ labourFen: -1 }, V],
        "labour 1.5 fen": [{ labourFen: 1.5 }, V],
        "parts above the cap": [{ partsFen: MAX_FEN + 1 }, V],
        "parts as text": [{ partsFen: "100" }, V],
        "unknown field": [{ state: "approved" }, V],
        "claimedFen in the body": [{ claimedFen: 1 }, V],
        "occurredAt without zone": [{ occurredAt: "2026-11-24 10:00" }, V],
        "occurredAt in the future": [{ occurredAt: "2026-11-24T03:00:00Z" }, "422 in_future"],
        "occurredAt before the repair was done": [
          { occurredAt: "2026-11-19T02:00:00Z" },
          "422 before_ro_done",
        ],
        "a maintenance order": [() => ({ repairOrderId: fx.maintenance }), "422 not_warranty"],
        "an order in progress": [() => ({ repairOrderId: fx.inProgress }), "422 ro_not_done"],
        "an order claimed already": [() => ({ repairOrderId: fx.claimedRo }), "409 claim_exists"],
        "another store's order": [() => ({ repairOrderId: fx.foreignRo }), NF],
        "no such order": [{ repairOrderId: 999_999_999 }, NF],
        "the gm": [{}, F, "gm"],
        "customer service": [{}, F, "cs"],
        "a sales manager": [{}, F, "manager"],
        "the group admin": [{}, F, "admin"],
      },
    },
    decide: {
      by: "gm",
      endpoint: "POST /api/v1/claims/{submitted}/decide",
      base: () => ({ approved: true, amountFen: 1000 }),
      cases: {
        "approved as text": [{ approved: "yes" }, V],
        "approved without amount": [{ amountFen: undefined }, V],
        "amount 0": [{ amountFen: 0 }, V],
        "negative amount": [{ amountFen: -5 }, V],
        "amount 0.5": [{ amountFen: 0.5 }, V],
        "approved with a reason": [{ reason: "x" }, V],
        "rejected without reason": [{ approved: false, amountFen: undefined }, V],
        "rejected with an amount": [{ approved: false, reason: "x" }, V],
        "rejected with a blank reason": [{ approved: false, amountFen: undefined, reason: " " }, V],
        "unknown field": [{ note: "x" }, V],
        "more than claimed": [{ amountFen: 1_000_000 }, "422 amount_exceeds_claim"],
        "in the future": [{ occurredAt: "2026-11-25T00:00:00Z" }, "422 in_future"],
        "before the submission": [{ occurredAt: "2026-11-23T00:00:00Z" }, "422 before_submitted"],
        "an approved claim": [{ url: "/api/v1/claims/{approved}/decide" }, "409 not_submitted"],
        "a rejected claim": [{ url: "/api/v1/claims/{rejected}/decide" }, "409 not_submitted"],
        "another store's claim": [{ url: "/api/v1/claims/{foreign}/decide" }, NF],
        "claim id abc": [{ url: "/api/v1/claims/abc/decide" }, V],
        "customer service": [{}, F, "cs"],
        "the group admin": [{}, F, "admin"],
      },
    },
    resubmit: {
      by: "advisor",
      endpoint: "POST /api/v1/claims/{rejected}/resubmit",
      base: () => ({ faultDescription: "补充照片" }),
      cases: {
        "negative parts": [{ partsFen: -1 }, V],
        "labour as text": [{ labourFen: "1" }, V],
        "blank fault": [{ faultDescription: "" }, V],
        "unknown field": [{ reason: "x" }, V],
        "nothing to claim": [{ labourFen: 0, partsFen: 0 }, "422 nothing_to_claim"],
        "a submitted claim": [{ url: "/api/v1/claims/{submitted}/resubmit" }, "409 not_rejected"],
        "an approved claim": [{ url: "/api/v1/claims/{approved}/resubmit" }, "409 not_rejected"],
        "another store's claim": [{ url: "/api/v1/claims/{foreign}/resubmit" }, NF],
        "the gm": [{}, F, "gm"],
      },
    },
  };

  it.each(caseList(GROUPS))("%s", async (_, group, body, expected, by) => {
    const before = await snapshot();
    const res = await ctx.req(u[by], caseRequest(group, body, fx));
    expect(`${res.statusCode} ${res.json().error?.code}`, res.body).toBe(expected);
    expect(await snapshot()).toEqual(before);
  });

  it("the valid bodies are accepted (the cases above fail for their own reason)", async () => {
    for (const [name, group] of Object.entries(GROUPS)) {
      const res = await ctx.req(u[group.by], caseRequest(group, {}, fx));
      expect(res.statusCode, `${name}: ${res.body}`).toBeLessThan(300);
    }
  });

  it.each<[string, string, Who?]>([
    ["/claims?state=pending", V],
    ["/claims?from=2026-13-01", V],
    ["/claims?from=2026-11-30&to=2026-11-01", "422 invalid_period"],
    ["/claims?pageSize=0", V],
    ["/claims?unknown=1", V],
    ["/claims?storeId={store2}", NF],
    ["/claims", F, "cs"],
    ["/claims/{foreign}", NF],
    ["/claims/{submitted}", F, "manager"],
  ])("GET %s → %s", async (path, expected, by) => {
    const url = path.replace(/\{(\w+)\}/g, (_m, k: string) => String(k === "store2" ? store2 : fx[k]));
    const res = await ctx.req(u[by ?? "advisor"], { method: "GET", url: `/api/v1${url}` });
    expect(`${res.statusCode} ${res.json().error?.code}`, res.body).toBe(expected);
  });
});
