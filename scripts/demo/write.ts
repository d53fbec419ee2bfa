/** Writing the simulated demo leads: ids reserved up front, then multi-row inserts table by table. */
import { sql } from "drizzle-orm";
import type { Tx } from "../../server/db/index.ts";
import { customers } from "../../server/modules/customers/schema.ts";
import {
  defeatRequests,
  followUps,
  leadAppointments,
  leadEvents,
  leadOwners,
  leads,
} from "../../server/modules/leads/schema.ts";
import type { Dice } from "./random.ts";
import { DAY, HOUR, OFFSET, type SimLead } from "./sim-lead.ts";
import { COLOURS, FOCUS, ONLINE_SITES } from "./vocabulary.ts";

/** The fields a consultant fills in as the customer's intent becomes clear, by the level reached. */
function intentOf(lead: SimLead, dice: Dice) {
  const rank = { N: 0, C: 1, B: 2, A: 3, H: 4, O: 5, D: 5, T: 1 }[lead.level];
  const [lo, hi] = lead.model.price;
  const budgetYuan = Math.round((dice.between(lo, hi) * 10_000) / 5_000) * 5_000;
  const expectIn = { N: 90, C: 75, B: 30, A: 15, H: 7, O: 7, D: 0, T: 60 }[lead.level];
  const focus = [...new Set([dice.pick(FOCUS), dice.pick(FOCUS), dice.pick(FOCUS)])].slice(0, dice.int(1, 3));
  return {
    intendedModel: rank >= 1 || dice.chance(0.7) ? lead.model.name : null,
    budgetFen: rank >= 2 || (rank === 1 && dice.chance(0.5)) ? budgetYuan * 100 : null,
    paymentMethod: rank >= 3 ? dice.weighted({ cash: 45, loan: 50, lease: 5 }) : null,
    colour: rank >= 3 ? dice.pick(COLOURS) : null,
    expectedPurchaseDate:
      rank >= 1
        ? new Date(lead.levelSince.getTime() + OFFSET + expectIn * DAY).toISOString().slice(0, 10)
        : null,
    focusPoints: rank >= 1 ? focus.join("、") : null,
    competitorModels:
      rank >= 2
        ? [...new Set([dice.pick(lead.model.rivals), dice.pick(lead.model.rivals)])].join("、")
        : null,
    siteNote: lead.source === "online" ? dice.pick(ONLINE_SITES) : null,
  };
}

/** Reserves `n` ids from a table's identity sequence, so rows can reference each other before insert. */
async function reserveIds(tx: Tx, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const r = await tx.execute<{ id: string }>(
    sql`SELECT nextval(pg_get_serial_sequence(${table}, 'id')) AS id FROM generate_series(1, ${n})`,
  );
  return r.rows.map((row) => Number(row.id));
}

async function insertChunked<T>(
  rows: T[],
  size: number,
  write: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

export async function writeDemo(
  tx: Tx,
  storeId: number,
  sims: SimLead[],
  now: Date,
  dice: Dice,
): Promise<void> {
  const customerIds = await reserveIds(tx, "customers", sims.length);
  const leadIds = await reserveIds(tx, "leads", sims.length);
  const allFollowUps = sims.flatMap((l) => l.followUps);
  const allDefeats = sims.flatMap((l) => l.defeats);
  const fuIds = await reserveIds(tx, "follow_ups", allFollowUps.length);
  const defeatIds = await reserveIds(tx, "defeat_requests", allDefeats.length);
  // Simulation ids → database ids (follow-up and defeat ids appear inside event data too).
  const realId = new Map<number, number>();
  for (const [i, f] of allFollowUps.entries()) realId.set(f.id, fuIds[i]!);
  for (const [i, d] of allDefeats.entries()) realId.set(d.id, defeatIds[i]!);
  const remap = (data: Record<string, unknown>) => {
    const out = { ...data };
    for (const k of ["followUpId", "requestId"])
      if (typeof out[k] === "number") out[k] = realId.get(out[k] as number);
    return out;
  };

  await insertChunked(sims, 1_000, (chunk) =>
    tx.insert(customers).values(
      chunk.map((l) => ({
        storeId,
        id: customerIds[l.index]!,
        kind: "person",
        name: l.name,
        phone: l.phone,
        gender: l.gender,
        createdAt: l.createdAt,
        updatedAt: l.createdAt,
      })),
    ),
  );
  await insertChunked(sims, 500, (chunk) =>
    tx.insert(leads).values(
      chunk.map((l) => {
        const { siteNote, ...intent } = intentOf(l, dice);
        const last = l.followUps[l.followUps.length - 1];
        return {
          storeId,
          id: leadIds[l.index]!,
          customerId: customerIds[l.index]!,
          name: l.name,
          phone: l.phone,
          source: l.source,
          referrerCustomerId: l.referrerIndex === null ? null : customerIds[l.referrerIndex]!,
          ...intent,
          focusPoints: siteNote
            ? [`来自${siteNote}`, intent.focusPoints].filter(Boolean).join("；")
            : intent.focusPoints,
          level: l.level,
          levelSince: l.levelSince,
          state: l.state,
          ownerId: l.ownerId,
          inPool: l.ownerId === null,
          dueAt: l.state === "defeated" ? null : l.dueAt,
          nextContactAt: l.nextContactAt,
          lastReachedAt: l.lastReachedAt,
          createdAt: l.createdAt,
          updatedAt: new Date(
            Math.max(l.createdAt.getTime(), last?.occurredAt.getTime() ?? 0, now.getTime() - DAY),
          ),
        };
      }),
    ),
  );
  const leadId = (l: SimLead) => leadIds[l.index]!;
  await insertChunked(
    sims.flatMap((l) => l.owners.map((o) => ({ storeId, leadId: leadId(l), ...o }))),
    1_000,
    (chunk) => tx.insert(leadOwners).values(chunk),
  );
  await insertChunked(
    sims.flatMap((l) =>
      l.followUps.map(({ id, ...f }) => ({
        storeId,
        id: realId.get(id)!,
        leadId: leadId(l),
        ...f,
        createdAt: f.occurredAt,
      })),
    ),
    1_000,
    (chunk) => tx.insert(followUps).values(chunk),
  );
  await insertChunked(
    sims.flatMap((l) =>
      l.appointments.map((a) => ({
        storeId,
        leadId: leadId(l),
        followUpId: realId.get(a.followUpId)!,
        kind: a.kind,
        at: a.at,
        remindAt: new Date(a.at.getTime() - HOUR),
        createdAt: l.followUps.find((f) => f.id === a.followUpId)!.occurredAt,
      })),
    ),
    1_000,
    (chunk) => tx.insert(leadAppointments).values(chunk),
  );
  await insertChunked(
    sims.flatMap((l) => l.events.map((e) => ({ storeId, leadId: leadId(l), ...e, data: remap(e.data) }))),
    1_000,
    (chunk) => tx.insert(leadEvents).values(chunk),
  );
  await insertChunked(
    sims.flatMap((l) =>
      l.defeats.map(({ id, ...d }) => ({ storeId, id: realId.get(id)!, leadId: leadId(l), ...d })),
    ),
    1_000,
    (chunk) => tx.insert(defeatRequests).values(chunk),
  );
}
