/**
 * The baseline of `npm run bench`: a bare Fastify server that answers the four benchmarked endpoints by
 * sending the SAME SQL as our server (copied from what Drizzle sends for queries.ts and
 * record-follow-up.ts) through `pg` — and nothing else: no session look-up, no access checks, no ORM, no
 * zod serialisation, no masking. Our median over the baseline's median is the price of all of that.
 *
 * The acting user comes from the header `x-bench-actor: <userId>:<storeId>`. Started by bench/run.ts as a
 * child process (its own event loop, like our server); env: DATABASE_URL, BASELINE_PORT.
 * The pure cadence rules are called as our server calls them: they are the work, not the overhead.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Fastify from "fastify";
import pg from "pg";
import { MY_DAY_LIMIT } from "../server/modules/leads/queries.ts";
import {
  applyFollowUp,
  type CadenceSettings,
  type LeadState,
  type Level,
  localDayBounds,
} from "../server/modules/leads/rules.ts";

// The same type parsing as server/db/index.ts, so both sides build the same JavaScript values.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

const LEAD_COLUMNS = `"leads"."store_id", "leads"."id", "leads"."customer_id", "leads"."name", "leads"."phone", "leads"."source", "leads"."referrer_customer_id", "leads"."intended_model", "leads"."budget_fen", "leads"."payment_method", "leads"."colour", "leads"."expected_purchase_date", "leads"."focus_points", "leads"."competitor_models", "leads"."level", "leads"."level_since", "leads"."state", "leads"."owner_id", "leads"."in_pool", "leads"."due_at", "leads"."next_contact_at", "leads"."last_reached_at", "leads"."created_at", "leads"."updated_at"`;
const BARE_LEAD_COLUMNS = LEAD_COLUMNS.replaceAll(`"leads".`, "");
const WITH_OWNER = `select ${LEAD_COLUMNS}, "users"."display_name" from "leads" left join "users" on "users"."id" = "leads"."owner_id"`;
const STORE_COLUMNS = `"id", "name", "time_zone", "business_day_end", "cadence", "validity_days", "escalate_after_days", "vin_check_digit_warn_only", "created_at", "updated_at"`;

export const SQL = {
  storeById: `select ${STORE_COLUMNS} from "stores" where "stores"."id" = $1`,
  myDayDue: `${WITH_OWNER} where (("leads"."store_id" = $1 and "leads"."owner_id" = $2 and "leads"."state" = $3) and ("leads"."due_at" >= $4 AND "leads"."due_at" < $5 OR "leads"."next_contact_at" >= $6 AND "leads"."next_contact_at" < $7 AND "leads"."due_at" >= $8)) order by "leads"."due_at" asc limit $9`,
  myDayOverdue: `${WITH_OWNER} where (("leads"."store_id" = $1 and "leads"."owner_id" = $2 and "leads"."state" = $3) and ("leads"."state" = 'active' AND "leads"."due_at" < $4)) order by "leads"."due_at" asc limit $5`,
  /** the stale bound per level ($4…$7: C, B, A, H instants), as queries.ts sends it with the store's settings */
  myDayStale: `${WITH_OWNER} where (("leads"."store_id" = $1 and "leads"."owner_id" = $2 and "leads"."state" = $3) and ("leads"."state" = 'active' AND (("leads"."level" = 'C' AND "leads"."level_since" < $4) OR ("leads"."level" = 'B' AND "leads"."level_since" < $5) OR ("leads"."level" = 'A' AND "leads"."level_since" < $6) OR ("leads"."level" = 'H' AND "leads"."level_since" < $7)))) order by "leads"."level_since" asc limit $8`,
  /** the three counts of my-day in one pass ($4 now, $5 end of today, $6 start of today, $7…$10 stale bounds) */
  myDayTotals: `select count(*) FILTER (WHERE ("leads"."due_at" >= $4 AND "leads"."due_at" < $5 OR "leads"."next_contact_at" >= $6 AND "leads"."next_contact_at" < $5 AND "leads"."due_at" >= $4)), count(*) FILTER (WHERE ("leads"."state" = 'active' AND "leads"."due_at" < $4)), count(*) FILTER (WHERE ("leads"."state" = 'active' AND (("leads"."level" = 'C' AND "leads"."level_since" < $7) OR ("leads"."level" = 'B' AND "leads"."level_since" < $8) OR ("leads"."level" = 'A' AND "leads"."level_since" < $9) OR ("leads"."level" = 'H' AND "leads"."level_since" < $10)))) from "leads" where ("leads"."store_id" = $1 and "leads"."owner_id" = $2 and "leads"."state" = $3)`,
  myDayAppointments: `select "lead_appointments"."id", "lead_appointments"."lead_id", "leads"."name", "lead_appointments"."kind", "lead_appointments"."at" from "lead_appointments" inner join "leads" on ("leads"."store_id" = "lead_appointments"."store_id" and "leads"."id" = "lead_appointments"."lead_id") where ("lead_appointments"."store_id" = $1 and "leads"."owner_id" = $2 and "lead_appointments"."at" >= $3 AND "lead_appointments"."at" < $4) order by "lead_appointments"."at" asc`,
  /** a consultant's phone search: own leads, phone prefix */
  searchOwn: `select ${LEAD_COLUMNS}, "users"."display_name" from "leads" left join "users" on "users"."id" = "leads"."owner_id" where (("leads"."store_id" = $1 and "leads"."owner_id" = $2) and "leads"."phone" LIKE $3) order by "leads"."due_at" ASC NULLS LAST, "leads"."id" desc limit $4`,
  /** a manager's filtered page: levels A,B, overdue */
  overdueAB: `select ${LEAD_COLUMNS}, "users"."display_name" from "leads" left join "users" on "users"."id" = "leads"."owner_id" where ("leads"."store_id" = $1 and "leads"."level" in ($2, $3) and ("leads"."state" = 'active' AND "leads"."due_at" < $4)) order by "leads"."due_at" ASC NULLS LAST, "leads"."id" desc limit $5`,
  overdueABCount: `select count(*) from "leads" where ("leads"."store_id" = $1 and "leads"."level" in ($2, $3) and ("leads"."state" = 'active' AND "leads"."due_at" < $4))`,
  searchOwnCount: `select count(*) from "leads" where (("leads"."store_id" = $1 and "leads"."owner_id" = $2) and "leads"."phone" LIKE $3)`,
  lockOwnLead: `select ${BARE_LEAD_COLUMNS} from "leads" where ("leads"."id" = $1 and ("leads"."store_id" = $2 and "leads"."owner_id" = $3)) for update`,
  insertFollowUp: `insert into "follow_ups" ("store_id", "id", "lead_id", "occurred_at", "channel", "reached", "content", "level_before", "level_after", "next_contact_at", "actor_id", "created_at") values ($1, default, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning "store_id", "id", "lead_id", "occurred_at", "channel", "reached", "content", "level_before", "level_after", "next_contact_at", "actor_id", "created_at"`,
  updateLead: `update "leads" set "level" = $1, "level_since" = $2, "due_at" = $3, "next_contact_at" = $4, "last_reached_at" = $5, "updated_at" = $6 where ("leads"."store_id" = $7 and "leads"."id" = $8) returning ${BARE_LEAD_COLUMNS}`,
  insertAudit: `insert into "audit_log" ("id", "store_id", "at", "actor_id", "action", "entity", "entity_id", "before", "after", "ip") values (default, $1, default, $2, $3, $4, $5, $6, $7, $8), (default, $9, default, $10, $11, $12, $13, $14, $15, $16)`,
};

interface StoreRow {
  time_zone: string;
  business_day_end: string;
  cadence: CadenceSettings["cadence"];
  validity_days: CadenceSettings["validityDays"];
  escalate_after_days: number;
}
const settingsOf = (s: StoreRow): CadenceSettings => ({
  timeZone: s.time_zone,
  businessDayEnd: s.business_day_end,
  cadence: s.cadence,
  validityDays: s.validity_days,
  escalateAfterDays: s.escalate_after_days,
});

function actorOf(header: string | string[] | undefined): { userId: number; storeId: number } {
  const [userId, storeId] = String(header ?? "")
    .split(":")
    .map(Number);
  if (!userId || !storeId)
    throw Object.assign(new Error("x-bench-actor: <userId>:<storeId> missing"), { statusCode: 400 });
  return { userId, storeId };
}

export async function startBaseline(databaseUrl: string, port: number): Promise<() => Promise<void>> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20, idleTimeoutMillis: 30_000 });
  // the app keeps store settings in memory; so does the baseline, or it would pay a query we do not
  const settingsCache = new Map<number, CadenceSettings>();
  const settingsFor = async (storeId: number): Promise<CadenceSettings> => {
    let s = settingsCache.get(storeId);
    if (!s) {
      s = settingsOf((await pool.query<StoreRow>(SQL.storeById, [storeId])).rows[0]!);
      settingsCache.set(storeId, s);
    }
    return s;
  };
  const DAY = 86_400_000;
  const app = Fastify({ logger: false });

  app.get("/health", async () => ({ status: "ok" }));

  app.get("/api/v1/my-day", async (request) => {
    const a = actorOf(request.headers["x-bench-actor"]);
    const settings = await settingsFor(a.storeId);
    const now = new Date();
    const { start, end } = localDayBounds(now, settings);
    const staleBefore = (["C", "B", "A", "H"] as const).map(
      (l) => new Date(now.getTime() - settings.validityDays[l] * DAY),
    );
    const mine = [a.storeId, a.userId, "active"];
    const [dueToday, overdue, stale, totals, appointments] = await Promise.all([
      pool.query(SQL.myDayDue, [...mine, now, end, start, end, now, MY_DAY_LIMIT]),
      pool.query(SQL.myDayOverdue, [...mine, now, MY_DAY_LIMIT]),
      pool.query(SQL.myDayStale, [...mine, ...staleBefore, MY_DAY_LIMIT]),
      pool.query(SQL.myDayTotals, [...mine, now, end, start, ...staleBefore]),
      pool.query(SQL.myDayAppointments, [a.storeId, a.userId, start, end]),
    ]);
    return {
      dueToday: dueToday.rows,
      overdue: overdue.rows,
      stale: stale.rows,
      totals: totals.rows[0],
      appointments: appointments.rows,
    };
  });

  app.get<{ Querystring: { q?: string; level?: string; pageSize?: string } }>(
    "/api/v1/leads",
    async (request) => {
      const a = actorOf(request.headers["x-bench-actor"]);
      const { q, level } = request.query;
      const pageSize = Number(request.query.pageSize ?? 20);
      const params = q
        ? [a.storeId, a.userId, `${q.replace(/\D/g, "")}%`]
        : [a.storeId, ...(level ?? "A,B").split(","), new Date()];
      const page = await pool.query(q ? SQL.searchOwn : SQL.overdueAB, [...params, pageSize]);
      // as listLeads: a first page that is not full is its own count
      const total =
        page.rows.length < pageSize
          ? page.rows.length
          : Number((await pool.query(q ? SQL.searchOwnCount : SQL.overdueABCount, params)).rows[0].count);
      return { items: page.rows, total };
    },
  );

  app.post<{ Params: { id: string }; Body: { channel: string; reached: boolean; content: string } }>(
    "/api/v1/leads/:id/follow-ups",
    async (request, reply) => {
      const a = actorOf(request.headers["x-bench-actor"]);
      const leadId = Number(request.params.id);
      const { channel, reached, content } = request.body;
      const now = new Date();
      const client = await pool.connect();
      try {
        await client.query("begin");
        const before = (await client.query(SQL.lockOwnLead, [leadId, a.storeId, a.userId])).rows[0];
        if (!before) {
          await client.query("rollback");
          return reply.status(404).send({ error: { code: "not_found" } });
        }
        const outcome = applyFollowUp(
          {
            level: before.level as Level,
            levelSince: before.level_since,
            state: before.state as LeadState,
            createdAt: before.created_at,
            lastReachedAt: before.last_reached_at,
            dueAt: before.due_at,
          },
          { occurredAt: now, reached },
          now,
          await settingsFor(before.store_id),
        );
        if (!outcome.ok) {
          await client.query("rollback");
          return reply.status(422).send({ error: { code: outcome.code } });
        }
        const fu = (
          await client.query(SQL.insertFollowUp, [
            before.store_id,
            leadId,
            now,
            channel,
            reached,
            content,
            outcome.levelBefore,
            outcome.levelAfter,
            outcome.nextContactAt,
            a.userId,
            now,
          ])
        ).rows[0];
        const lead = (
          await client.query(SQL.updateLead, [
            outcome.levelAfter,
            outcome.levelSince,
            outcome.dueAt,
            outcome.nextContactAt,
            outcome.lastReachedAt,
            now,
            before.store_id,
            leadId,
          ])
        ).rows[0];
        await client.query(SQL.insertAudit, [
          before.store_id,
          a.userId,
          "create",
          "follow_up",
          String(fu.id),
          null,
          JSON.stringify(fu),
          request.ip,
          before.store_id,
          a.userId,
          "follow_up",
          "lead",
          String(leadId),
          JSON.stringify(before),
          JSON.stringify(lead),
          request.ip,
        ]);
        await client.query("commit");
        return reply.status(201).send({ followUp: fu, lead });
      } catch (err) {
        await client.query("rollback").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
  );

  await app.listen({ port, host: "127.0.0.1" });
  return async () => {
    await app.close();
    await pool.end();
  };
}

// Run as a program (by bench/run.ts): serve until told to stop.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const url = process.env.DATABASE_URL;
  const port = Number(process.env.BASELINE_PORT ?? 3999);
  if (!url) throw new Error("DATABASE_URL is required");
  const stop = await startBaseline(url, port);
  console.log(`baseline listening on http://127.0.0.1:${port}`);
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, () => void stop().then(() => process.exit(0)));
}
