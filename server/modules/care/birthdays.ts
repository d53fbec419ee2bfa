/**
 * Birthday greetings (生日关怀): a task for each person customer with a birthday in the coming days who has
 * granted marketing consent on some channel — a greeting is a marketing message (DOMAIN §2), so a customer
 * who has not consented is not greeted. Idempotent through the unique index `care_tasks_for_date`.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { addDays, localDateIn } from "../../platform/local-date.ts";
import { type CadenceSettings, endOfBusinessDay } from "../leads/rules.ts";
import { birthdayToGreet } from "./reminder-rules.ts";
import { careTasks } from "./schema.ts";
import type { CareTaskRow } from "./task-view.ts";

const INSERT_CHUNK = 2000;

/**
 * Creates the greetings of birthdays from today through today + days − 1. Each is due at the end of the
 * business day of the birthday itself: the greeting belongs to the day, and the work list shows it among
 * "due today" that morning.
 */
export async function planBirthdays(
  tx: Executor,
  storeId: number,
  s: CadenceSettings,
  days: number,
  now: Date,
): Promise<CareTaskRow[]> {
  const today = localDateIn(now, s.timeZone);
  // the month-days of the window, so that the index-free scan returns only candidates; 29 February joins
  // whenever 28 February is in the window (greeted on the 28th in common years)
  const monthDays = Array.from({ length: days }, (_, i) => addDays(today, i).slice(5));
  if (monthDays.includes("02-28")) monthDays.push("02-29");
  const { rows } = await tx.execute<{ id: number; birthday: string }>(sql`
    select c.id, c.birthday from customers c
    where c.store_id = ${storeId} and c.kind = 'person' and c.birthday is not null
      and to_char(c.birthday, 'MM-DD') = any(string_to_array(${monthDays.join(",")}, ','))
      and exists (
        select 1 from (
          select distinct on (cc.channel) cc.granted from customer_consents cc
          where cc.store_id = c.store_id and cc.customer_id = c.id
          order by cc.channel, cc.at desc, cc.id desc
        ) latest where latest.granted
      )`);
  const tasks = rows.flatMap((c) => {
    const forDate = birthdayToGreet(c.birthday, today, days);
    return forDate === null
      ? []
      : [
          {
            storeId,
            type: "birthday" as const,
            customerId: c.id,
            forDate,
            dueAt: endOfBusinessDay(forDate, s),
            createdAt: now,
          },
        ];
  });
  const created: CareTaskRow[] = [];
  // in chunks: a month of birthdays in a large store would exceed PostgreSQL's parameters per statement
  for (let i = 0; i < tasks.length; i += INSERT_CHUNK) {
    const chunk = tasks.slice(i, i + INSERT_CHUNK);
    created.push(...(await tx.insert(careTasks).values(chunk).onConflictDoNothing().returning()));
  }
  return created;
}
