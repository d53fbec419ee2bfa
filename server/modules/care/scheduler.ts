/**
 * The daily generation of maintenance reminders and birthday greetings inside the server process. It looks
 * every hour and runs once per store-local day for every store (at start, then soon after each midnight), so
 * a reminder whose day came is on the list when customer service starts work. The generation is idempotent:
 * several app processes on one database each running it create nothing twice — they only repeat the reading.
 */
import type { Db } from "../../db/index.ts";
import type { Clock } from "../../platform/clock.ts";
import { localDateIn } from "../../platform/local-date.ts";
import { stores } from "../identity/index.ts";
import { generateForStore } from "./generate.ts";

const CHECK_EVERY_MS = 3_600_000;

export function startCareScheduler(
  db: Db,
  clock: Clock,
  log: (msg: string, err?: unknown) => void,
): { stop(): void } {
  const lastRun = new Map<number, string>();
  let running = false;
  const tick = async () => {
    if (running) return; // a run longer than the interval is not started twice in one process
    running = true;
    try {
      const now = clock.now();
      for (const store of await db.select({ id: stores.id, timeZone: stores.timeZone }).from(stores)) {
        const today = localDateIn(now, store.timeZone);
        if (lastRun.get(store.id) === today) continue;
        try {
          const r = await generateForStore(db, store.id, { actorId: null }, now);
          lastRun.set(store.id, today);
          log(
            `care tasks for store ${store.id} on ${today}: ${r.reminders.created} reminders (${r.reminders.removed} replanned), ${r.birthdays.created} birthdays`,
          );
        } catch (err) {
          // one store's failure does not stop the others; the next check tries it again
          log(`care task generation for store ${store.id} failed`, err);
        }
      }
    } catch (err) {
      log("care task generation failed", err);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), CHECK_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
