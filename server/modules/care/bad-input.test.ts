/**
 * Bad input on the care-task endpoints: a clear error with a stable code, and nothing written — no call, no
 * change to the task, no audit row. Reads with bad filters are refused the same way.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { type Delivered, deliveredOrder } from "./test-support.ts";

const NOW = "2026-11-24T02:00:00Z"; // 10:00 in Shanghai
const DELIVERED = "2026-11-22T02:00:00Z";
let ctx: TestContext;
let cs: TestUser;
let manager: TestUser;
let consultant: TestUser;
let foreignCs: TestUser;
let d: Delivered;
let done: Delivered;
let foreign: Delivered;

beforeAll(async () => {
  ctx = await testApp(NOW);
  const store = await ctx.store();
  const store2 = await ctx.store();
  cs = await ctx.user("customer_service", store);
  manager = await ctx.user("sales_manager", store);
  consultant = await ctx.user("consultant", store);
  foreignCs = await ctx.user("customer_service", store2);
  admin = await ctx.user("admin", null);
  d = await deliveredOrder(ctx, consultant, DELIVERED);
  done = await deliveredOrder(ctx, consultant, DELIVERED);
  foreign = await deliveredOrder(ctx, await ctx.user("consultant", store2), DELIVERED);
  const res = await ctx.req(cs, {
    method: "POST",
    url: `/api/v1/care-tasks/${done.day[3].id}`,
    payload: { reached: true, satisfaction: 5 },
  });
  expect(res.statusCode, res.body).toBe(200);
});

const later = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();
const V = "400 validation_failed";
const NF = "404 not_found";
let admin: TestUser;
type Who = "cs" | "manager" | "consultant" | "foreignCs" | "admin";
const who = (w: Who) => ({ cs, manager, consultant, foreignCs, admin })[w];

/** [url (with {task} = the open 3-day task), body or raw JSON, "status code", who sends it] */
type Case = [string, object | string | undefined, string, Who?];
const record = (body: object | string, expected: string, by?: Who): Case => [
  "/care-tasks/{task}",
  body,
  expected,
  by,
];
const ok = { reached: true, satisfaction: 4, comment: "满意" };

const WRITES: Record<string, Case> = {
  "malformed JSON": record('{"reached": true, "satisfaction": ', "400 malformed_request"),
  "empty body": record("", "400 malformed_request"),
  "no reached": record({ satisfaction: 4 }, V),
  "reached 'yes'": record({ ...ok, reached: "yes" }, V),
  "reached 1": record({ ...ok, reached: 1 }, V),
  "satisfaction '5'": record({ ...ok, satisfaction: "5" }, V),
  "satisfaction 4.5": record({ ...ok, satisfaction: 4.5 }, V),
  "satisfaction 0": record({ ...ok, satisfaction: 0 }, V),
  "satisfaction 6": record({ ...ok, satisfaction: 6 }, V),
  "satisfaction -1": record({ ...ok, satisfaction: -1 }, V),
  "satisfaction null": record({ ...ok, satisfaction: null }, V),
  "blank comment": record({ ...ok, comment: "   " }, V),
  "comment of 1001 chars": record({ ...ok, comment: "好".repeat(1001) }, V),
  "comment as a number": record({ ...ok, comment: 5 }, V),
  "unknown field": record({ ...ok, flagged: false }, V),
  "done in the body": record({ ...ok, done: true }, V),
  "occurredAt yesterday": record({ ...ok, occurredAt: "yesterday" }, V),
  "occurredAt without zone": record({ ...ok, occurredAt: "2026-11-24T09:00:00" }, V),
  "occurredAt 2026-02-30": record({ ...ok, occurredAt: "2026-02-30T02:00:00Z" }, V),
  "occurredAt as a number": record({ ...ok, occurredAt: Date.parse(NOW) }, V),
  "occurredAt in the future": record({ ...ok, occurredAt: later(60_000) }, "422 in_future"),
  "occurredAt before the delivery": record(
    { ...ok, occurredAt: new Date(Date.parse(DELIVERED) - 60_000).toISOString() },
    "422 before_task_created",
  ),
  "reached without a score": record({ reached: true }, "422 satisfaction_required"),
  "unreached with a score": record({ reached: false, satisfaction: 3 }, "422 satisfaction_not_allowed"),
  "a done task": ["/care-tasks/{done}", ok, "409 task_done"],
  "another store's task": ["/care-tasks/{foreign}", ok, NF],
  "another store's task, by its own store's view": ["/care-tasks/{task}", ok, NF, "foreignCs"],
  "no such task": ["/care-tasks/999999999", ok, NF],
  "task id abc": ["/care-tasks/abc", ok, V],
  "task id -1": ["/care-tasks/-1", ok, V],
  "task id 1.5": ["/care-tasks/1.5", ok, V],
  "task id beyond 2^53": ["/care-tasks/99999999999999999999", ok, V],
  "a sales manager records": record(ok, "403 forbidden", "manager"),
  "a consultant records": record(ok, "403 forbidden", "consultant"),
};

const url = (path: string) =>
  path
    .replace("{task}", String(d.day[3].id))
    .replace("{done}", String(done.day[3].id))
    .replace("{foreign}", String(foreign.day[3].id));

const snapshot = async () => ({
  attempts: await ctx.count("care_task_attempts"),
  audit: await ctx.count("audit_log"),
  tasks: (await ctx.pool.query("SELECT * FROM care_tasks ORDER BY id")).rows,
});

describe("bad calls are refused and write nothing", () => {
  it.each(Object.entries(WRITES))("%s", async (_, [path, body, expected, by]) => {
    const [status, code] = expected.split(" ");
    const before = await snapshot();
    const res = await ctx.req(who(by ?? "cs"), {
      method: "POST",
      url: `/api/v1${url(path)}`,
      headers: typeof body === "string" ? { "content-type": "application/json" } : {},
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(Number(status));
    expect(res.json().error.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  it("still takes a good call afterwards (the fixture was valid all along)", async () => {
    const res = await ctx.req(cs, {
      method: "POST",
      url: `/api/v1${url("/care-tasks/{task}")}`,
      payload: ok,
    });
    expect(res.statusCode, res.body).toBe(200);
  });
});

const READS: Record<string, [string, string, Who?]> = {
  "due tomorrow": ["/care-tasks?due=tomorrow", V],
  "type repair": ["/care-tasks?type=repair", V],
  "done maybe": ["/care-tasks?done=maybe", V],
  "flagged yes": ["/care-tasks?flagged=yes", V],
  "page 0": ["/care-tasks?page=0", V],
  "page size 201": ["/care-tasks?pageSize=201", V],
  "page size abc": ["/care-tasks?pageSize=abc", V],
  "unknown filter": ["/care-tasks?owner=1", V],
  "another store named": ["/care-tasks?storeId={store2}", NF],
  "store id abc": ["/care-tasks?storeId=abc", V],
  "the admin names no such store": ["/care-tasks?storeId=999999&due=today", NF, "admin"],
  "stats of no such store": ["/care-tasks/stats?from=2026-11-01&to=2026-11-30&storeId=999999", NF, "admin"],
  "detail of another store's task": ["/care-tasks/{foreign}", NF],
  "detail id abc": ["/care-tasks/abc", V],
  "stats without a period": ["/care-tasks/stats", V],
  "stats without to": ["/care-tasks/stats?from=2026-11-01", V],
  "stats 2026-02-30": ["/care-tasks/stats?from=2026-02-01&to=2026-02-30", V],
  "stats 2026/11/01": ["/care-tasks/stats?from=2026/11/01&to=2026-11-30", V],
  "stats with a time": ["/care-tasks/stats?from=2026-11-01T00:00:00Z&to=2026-11-30", V],
  "stats ending before it starts": ["/care-tasks/stats?from=2026-11-30&to=2026-11-01", "422 invalid_period"],
  "stats of another store": ["/care-tasks/stats?from=2026-11-01&to=2026-11-30&storeId={store2}", NF],
  "stats with an unknown parameter": ["/care-tasks/stats?from=2026-11-01&to=2026-11-30&type=x", V],
  "stats for a consultant": [
    "/care-tasks/stats?from=2026-11-01&to=2026-11-30",
    "403 forbidden",
    "consultant",
  ],
};

describe("bad reads are refused", () => {
  it.each(Object.entries(READS))("%s", async (_, [path, expected, by]) => {
    const [status, code] = expected.split(" ");
    const res = await ctx.req(who(by ?? "cs"), {
      method: "GET",
      url: `/api/v1${url(path).replace("{store2}", String(foreignCs.storeId))}`,
    });
    expect(res.statusCode, res.body).toBe(Number(status));
    expect(res.json().error.code).toBe(code);
  });
});
