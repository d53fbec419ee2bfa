/**
 * The store-local calendar day of an instant, `YYYY-MM-DD`. Lists compute it for every row (stock age, due
 * days), and dayjs's time-zone plugin builds a new Intl formatter per call, which cost ~0.1 ms a row; one
 * cached formatter per zone does the same in microseconds. `en-CA` formats dates as YYYY-MM-DD.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localDateIn(at: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f.format(at);
}
