/** Store-local dates: the conversions every module counts days with (moved here from the modules' rules). */
import { describe, expect, it } from "vitest";
import { addDays, atLocalTime, localDateIn, localDayRange } from "./local-date.ts";

const SH = "Asia/Shanghai";
const at = (iso: string) => new Date(iso);

describe("store-local dates", () => {
  it("reads a store-local date and time as that zone's instant", () => {
    expect(atLocalTime("2026-11-24", "00:00", SH).toISOString()).toBe("2026-11-23T16:00:00.000Z");
    expect(atLocalTime("2026-07-01", "09:30", "Europe/Berlin").toISOString()).toBe(
      "2026-07-01T07:30:00.000Z",
    );
  });

  it.each([
    ["2026-02-30", "10:00"],
    ["2026-11-24", "24:00"],
    ["2026-11-24", "9:30"],
  ])("refuses %s %s", (date, time) => {
    expect(() => atLocalTime(date, time, SH)).toThrow(RangeError);
  });

  it("a day is the store's calendar day", () => {
    expect(localDayRange("2026-11-24", SH)).toEqual({
      start: at("2026-11-23T16:00:00Z"),
      end: at("2026-11-24T16:00:00Z"),
    });
    expect(() => localDayRange("2026-02-30", SH)).toThrow(RangeError);
    // 23:30 UTC on the 23rd is already the 24th in Shanghai
    expect(localDateIn(at("2026-11-23T23:30:00Z"), SH)).toBe("2026-11-24");
  });

  it("a DST day in Berlin is 23 hours long", () => {
    const { start, end } = localDayRange("2026-03-29", "Europe/Berlin");
    expect(end.getTime() - start.getTime()).toBe(23 * 3_600_000);
  });

  it("adds calendar days across month and year ends", () => {
    expect(addDays("2026-11-24", 7)).toBe("2026-12-01");
    expect(addDays("2026-12-28", 7)).toBe("2027-01-04");
    expect(addDays("2028-02-25", 7)).toBe("2028-03-03");
  });
});
