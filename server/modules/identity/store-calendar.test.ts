/**
 * The store's after-sales settings and its calendar: the admin sets workshop, reminder and complaint
 * settings and the year's holidays and make-up days; bad values are refused and nothing is written; the
 * post-service callback's due date follows the edited calendar through a holiday week.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { addDays } from "../../platform/local-date.ts";
import { postServiceCallbackDue } from "../care/rules.ts";
import { loadSettings } from "../leads/settings.ts";
import { calendarProblems, loadWorkCalendar } from "./calendar.ts";
import {
  complaintDeadlineHoursOf,
  DEFAULT_COMPLAINT_DEADLINE_HOURS,
  type ServiceSettings,
  validateServiceSettings,
} from "./service-settings.ts";

const NOW = "2026-11-24T02:00:00Z";
let ctx: TestContext;
let store: number;
let store2: number;
const u = {} as Record<"admin" | "gm" | "advisor" | "cs" | "consultant" | "foreignAdvisor", TestUser>;

beforeAll(async () => {
  ctx = await testApp(NOW);
  store = await ctx.store();
  store2 = await ctx.store();
  u.admin = await ctx.user("admin", null);
  u.gm = await ctx.user("gm", store);
  u.advisor = await ctx.user("service_advisor", store);
  u.cs = await ctx.user("customer_service", store);
  u.consultant = await ctx.user("consultant", store);
  u.foreignAdvisor = await ctx.user("service_advisor", store2);
});

const send = (by: TestUser, method: "GET" | "PUT" | "PATCH", url: string, payload?: unknown) =>
  ctx.req(by, {
    method,
    url: `/api/v1${url}`,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const DEFAULTS: ServiceSettings = {
  workshopCapacityPerHour: 4,
  workshopOpens: "08:00",
  workshopCloses: "18:00",
  reminderFirstDays: 14,
  reminderSecondDays: 2,
  complaintDeadlineHours: null,
};

describe("after-sales store settings (pure)", () => {
  it.each([
    ["the defaults", {}, 0],
    [
      "capacity 200, reminders 60/0, deadlines 720/1/1",
      {
        workshopCapacityPerHour: 200,
        reminderFirstDays: 60,
        reminderSecondDays: 0,
        complaintDeadlineHours: { low: 720, medium: 1, high: 1 },
      },
      0,
    ],
    ["capacity 0", { workshopCapacityPerHour: 0 }, 1],
    ["capacity 201", { workshopCapacityPerHour: 201 }, 1],
    ["capacity 2.5", { workshopCapacityPerHour: 2.5 }, 1],
    ["opening after closing", { workshopOpens: "18:00", workshopCloses: "08:00" }, 1],
    ["half an hour of workshop", { workshopOpens: "17:30", workshopCloses: "18:00" }, 1],
    ["an hour of workshop", { workshopOpens: "17:00", workshopCloses: "18:00" }, 0],
    ["a time of 8:00", { workshopOpens: "8:00" }, 1],
    ["second reminder not before the first", { reminderFirstDays: 5, reminderSecondDays: 5 }, 1],
    ["first reminder 61 days ahead", { reminderFirstDays: 61 }, 1],
    ["second reminder 31 days ahead", { reminderFirstDays: 40, reminderSecondDays: 31 }, 1],
    ["both reminders out of range", { reminderFirstDays: 0, reminderSecondDays: -1 }, 2],
    ["a deadline of 0 h", { complaintDeadlineHours: { low: 72, medium: 48, high: 0 } }, 1],
    ["a deadline of 721 h", { complaintDeadlineHours: { low: 721, medium: 48, high: 24 } }, 1],
    ["a missing severity", { complaintDeadlineHours: { low: 72, medium: 48 } }, 1],
    ["high longer than medium", { complaintDeadlineHours: { low: 72, medium: 24, high: 48 } }, 1],
  ])("%s: %i problem(s)", (_, patch, n) => {
    expect(validateServiceSettings({ ...DEFAULTS, ...(patch as Partial<ServiceSettings>) })).toHaveLength(n);
  });

  it("complaint deadlines default to 72/48/24 h until the store sets its own", () => {
    expect(complaintDeadlineHoursOf({ complaintDeadlineHours: null })).toEqual({
      low: 72,
      medium: 48,
      high: 24,
    });
    expect(DEFAULT_COMPLAINT_DEADLINE_HOURS).toEqual({ low: 72, medium: 48, high: 24 });
    const own = { low: 96, medium: 24, high: 8 };
    expect(complaintDeadlineHoursOf({ complaintDeadlineHours: own })).toEqual(own);
  });
});

describe("PATCH /stores/:id with after-sales settings", () => {
  it("the admin sets them; each change is audited; null restores the default deadlines", async () => {
    const audits = await ctx.count("audit_log");
    const res = await send(u.admin, "PATCH", `/stores/${store}`, {
      workshopCapacityPerHour: 6,
      workshopOpens: "08:30",
      workshopCloses: "17:30",
      reminderFirstDays: 10,
      reminderSecondDays: 1,
      complaintDeadlineHours: { low: 96, medium: 48, high: 12 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      workshopCapacityPerHour: 6,
      workshopOpens: "08:30",
      workshopCloses: "17:30",
      reminderFirstDays: 10,
      reminderSecondDays: 1,
      complaintDeadlineHours: { low: 96, medium: 48, high: 12 },
    });
    const reset = await send(u.admin, "PATCH", `/stores/${store}`, { complaintDeadlineHours: null });
    expect(reset.json().complaintDeadlineHours).toEqual({ low: 72, medium: 48, high: 24 });
    expect(await ctx.count("audit_log")).toBe(audits + 2);
    // everyone of the store reads them with the own store
    const me = await send(u.advisor, "GET", "/auth/me");
    expect(me.json().store).toMatchObject({ workshopCapacityPerHour: 6, workshopOpens: "08:30" });
  });

  it.each([
    ["capacity 0", { workshopCapacityPerHour: 0 }, 422],
    ["capacity 500", { workshopCapacityPerHour: 500 }, 422],
    ["closing before opening", { workshopOpens: "17:00", workshopCloses: "09:00" }, 422],
    ["closing when opening", { workshopCloses: "08:30" }, 422],
    ["second reminder after the first", { reminderFirstDays: 3, reminderSecondDays: 5 }, 422],
    ["first reminder 0 days ahead", { reminderFirstDays: 0 }, 422],
    ["a deadline of 1000 h", { complaintDeadlineHours: { low: 1000, medium: 48, high: 24 } }, 422],
    [
      "a high deadline longer than the low one",
      { complaintDeadlineHours: { low: 12, medium: 24, high: 48 } },
      422,
    ],
    ["opening at 25:00", { workshopOpens: "25:00" }, 400],
    ["capacity as a string", { workshopCapacityPerHour: "4" }, 400],
    ["capacity 4.5", { workshopCapacityPerHour: 4.5 }, 400],
    ["a deadline without high", { complaintDeadlineHours: { low: 72, medium: 48 } }, 400],
    [
      "a deadline for 'urgent'",
      { complaintDeadlineHours: { low: 72, medium: 48, high: 24, urgent: 4 } },
      400,
    ],
  ])("refuses %s (%i) and writes nothing", async (_, patch, status) => {
    const current = (await send(u.admin, "GET", `/stores/${store}`)).json();
    const audits = await ctx.count("audit_log");
    const res = await send(u.admin, "PATCH", `/stores/${store}`, patch);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(status === 422 ? "invalid_settings" : "validation_failed");
    expect((await send(u.admin, "GET", `/stores/${store}`)).json()).toEqual(current);
    expect(await ctx.count("audit_log")).toBe(audits);
  });

  it("the gm cannot change them", async () => {
    const res = await send(u.gm, "PATCH", `/stores/${store}`, { workshopCapacityPerHour: 8 });
    expect(res.statusCode).toBe(403);
  });
});

// National Day 2026 (国庆节): Thursday 1 to Wednesday 7 October off, Sunday 20 September and Saturday 10
// October worked (调休). The weekend 3–4 October is off anyway, so it is no exception.
const NATIONAL_DAY = {
  year: 2026,
  holidays: ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"],
  workdays: ["2026-09-20", "2026-10-10"],
};

describe("the store calendar", () => {
  it("the admin sets a year's holidays and make-up days; the store's staff read them; audited", async () => {
    const audits = await ctx.count("audit_log");
    const res = await send(u.admin, "PUT", `/stores/${store}/calendar`, NATIONAL_DAY);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual(NATIONAL_DAY);
    expect(await ctx.count("audit_log")).toBe(audits + 1);
    for (const by of [u.advisor, u.cs, u.gm]) {
      expect((await send(by, "GET", `/stores/${store}/calendar?year=2026`)).json()).toEqual(NATIONAL_DAY);
    }
    expect((await send(u.advisor, "GET", `/stores/${store}/calendar?year=2027`)).json()).toEqual({
      year: 2027,
      holidays: [],
      workdays: [],
    });
    // the other store has its own calendar
    const other = await send(u.admin, "GET", `/stores/${store2}/calendar?year=2026`);
    expect(other.json()).toEqual({ year: 2026, holidays: [], workdays: [] });
  });

  it("a year is replaced as a whole; other years stay; an empty year clears it", async () => {
    const s = await ctx.store();
    await send(u.admin, "PUT", `/stores/${s}/calendar`, { holidays: ["2027-01-01"], workdays: [] });
    await send(u.admin, "PUT", `/stores/${s}/calendar`, NATIONAL_DAY);
    const next = { holidays: ["2026-10-01", "2026-10-02"], workdays: ["2026-10-10"] };
    expect((await send(u.admin, "PUT", `/stores/${s}/calendar`, next)).json()).toEqual({
      year: 2026,
      ...next,
    });
    expect((await send(u.admin, "GET", `/stores/${s}/calendar?year=2027`)).json().holidays).toEqual([
      "2027-01-01",
    ]);
    // lists spanning two years replace both
    const span = await send(u.admin, "PUT", `/stores/${s}/calendar`, {
      holidays: ["2026-12-31", "2027-01-01"],
      workdays: [],
    });
    expect(span.json()).toEqual({ year: 2026, holidays: ["2026-12-31", "2027-01-01"], workdays: [] });
    expect((await send(u.admin, "GET", `/stores/${s}/calendar?year=2026`)).json().workdays).toEqual([]);
    const cleared = await send(u.admin, "PUT", `/stores/${s}/calendar`, {
      year: 2027,
      holidays: [],
      workdays: [],
    });
    expect(cleared.json()).toEqual({ year: 2027, holidays: [], workdays: [] });
    expect((await send(u.admin, "GET", `/stores/${s}/calendar?year=2026`)).json().holidays).toEqual([
      "2026-12-31",
    ]);
  });

  it("two edits at once: the calendar ends as one of them, never a mix", async () => {
    const s = await ctx.store();
    const a = { year: 2026, holidays: ["2026-05-01", "2026-05-04", "2026-05-05"], workdays: ["2026-04-26"] };
    const b = { year: 2026, holidays: ["2026-06-19"], workdays: [] };
    const results = await Promise.all(
      [a, b].map((body) => send(u.admin, "PUT", `/stores/${s}/calendar`, body)),
    );
    expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
    const final = (await send(u.admin, "GET", `/stores/${s}/calendar?year=2026`)).json();
    expect([a, b]).toContainEqual(final);
  });

  it.each([
    ["a day in both lists", { holidays: ["2026-10-01"], workdays: ["2026-10-01"] }, "422 day_in_both"],
    ["a holiday on a Saturday", { holidays: ["2026-10-03"], workdays: [] }, "422 not_an_exception"],
    ["a make-up day on a Monday", { holidays: [], workdays: ["2026-10-05"] }, "422 not_an_exception"],
    [
      "a day outside the named year",
      { year: 2027, holidays: ["2026-10-01"], workdays: [] },
      "422 day_outside_year",
    ],
    ["no day and no year", { holidays: [], workdays: [] }, "400 year_required"],
    ["a date 2026-02-30", { holidays: ["2026-02-30"], workdays: [] }, "400 validation_failed"],
    ["a date 1.10.2026", { holidays: ["1.10.2026"], workdays: [] }, "400 validation_failed"],
    ["no workdays list", { holidays: ["2026-10-01"] }, "400 validation_failed"],
    ["an unknown field", { holidays: [], workdays: [], year: 2026, note: "x" }, "400 validation_failed"],
    ["year 1999", { holidays: [], workdays: [], year: 1999 }, "400 validation_failed"],
    ["malformed JSON", '{"holidays": [', "400 malformed_request"],
  ])("refuses %s (%s) and writes nothing", async (_, body, expected) => {
    const [before, audits] = [await ctx.count("store_calendar_days"), await ctx.count("audit_log")];
    const res = await ctx.req(u.admin, {
      method: "PUT",
      url: `/api/v1/stores/${store}/calendar`,
      ...(typeof body === "string"
        ? { payload: body, headers: { "content-type": "application/json" } }
        : { payload: body }),
    });
    expect(`${res.statusCode} ${res.json().error.code}`).toBe(expected);
    expect(await ctx.count("store_calendar_days")).toBe(before);
    expect(await ctx.count("audit_log")).toBe(audits);
  });

  it("only the admin edits; reading is the own store's; another store's is 404", async () => {
    const [before, audits] = [await ctx.count("store_calendar_days"), await ctx.count("audit_log")];
    for (const by of [u.gm, u.advisor, u.cs]) {
      expect((await send(by, "PUT", `/stores/${store}/calendar`, NATIONAL_DAY)).statusCode).toBe(403);
    }
    expect((await send(u.admin, "PUT", "/stores/99999999/calendar", NATIONAL_DAY)).statusCode).toBe(404);
    expect(await ctx.count("store_calendar_days")).toBe(before);
    expect(await ctx.count("audit_log")).toBe(audits);
    expect((await send(u.foreignAdvisor, "GET", `/stores/${store}/calendar?year=2026`)).statusCode).toBe(404);
    expect((await send(u.consultant, "GET", `/stores/${store}/calendar?year=2026`)).statusCode).toBe(403);
    expect((await send(u.advisor, "GET", `/stores/${store}/calendar`)).statusCode).toBe(400);
  });

  it("calendarProblems checks lists only (pure)", () => {
    expect(calendarProblems(NATIONAL_DAY)).toBeNull();
    expect(calendarProblems({ holidays: ["2026-10-04"], workdays: [] })).toMatchObject({
      code: "not_an_exception",
      days: ["2026-10-04"],
    });
  });
});

describe("the post-service callback follows the edited calendar", () => {
  // handed back on Wednesday 30 September 2026 at 15:00 in Shanghai, the eve of National Day
  const handedBackAt = new Date("2026-09-30T07:00:00Z");
  const due = async (s: number) => {
    const day = "2026-09-30";
    const cal = await loadWorkCalendar(ctx.db, s, day, addDays(day, 40));
    return postServiceCallbackDue(handedBackAt, await loadSettings(ctx.db, s), cal).toISOString();
  };

  it("without holidays: Monday 5 October at the end of the business day", async () => {
    const s = await ctx.store();
    expect(await due(s)).toBe("2026-10-05T10:00:00.000Z");
  });

  it("with National Day: 8, 9 and the make-up Saturday 10 October", async () => {
    const s = await ctx.store();
    await send(u.admin, "PUT", `/stores/${s}/calendar`, NATIONAL_DAY);
    expect(await due(s)).toBe("2026-10-10T10:00:00.000Z");
    // the admin corrects the calendar: without the make-up Saturday the third working day is Monday 12th
    await send(u.admin, "PUT", `/stores/${s}/calendar`, { ...NATIONAL_DAY, workdays: ["2026-09-20"] });
    expect(await due(s)).toBe("2026-10-12T10:00:00.000Z");
  });
});
