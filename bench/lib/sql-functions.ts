/**
 * Session-local SQL helpers for making bench rows inside PostgreSQL: a VIN with a valid ISO 3779 check
 * digit and a resident ID number (the driver's licence number) with a valid GB 11643 check character.
 * `pg_temp` functions live as long as the connection and are visible to it only, so nothing is left in
 * the schema; call them qualified (`pg_temp.bench_vin(…)`). Used by the generator and by the benchmark's
 * preparation of the cars and leads that its order scenarios consume.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../server/db/index.ts";

/**
 * `pg_temp.bench_vin(model_no, trim_no, year, serial)`: "LVG" + model letter + trim digit + "EK3", the check
 * digit, the model-year code, a plant letter and a six-digit serial. The serial and the plant letter come
 * from `serial` (a stock car's id), so VINs are unique as long as ids are.
 */
const VIN_FUNCTION = `
CREATE OR REPLACE FUNCTION pg_temp.bench_vin(p_model int, p_trim int, p_year int, p_serial bigint) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT substr(v, 1, 8)
    || (SELECT CASE WHEN s % 11 = 10 THEN 'X' ELSE (s % 11)::text END
        FROM (SELECT sum(translate(substr(v, i, 1), 'ABCDEFGHJKLMNPRSTUVWXYZ', '12345678123457923456789')::int
                         * (ARRAY[8,7,6,5,4,3,2,10,0,9,8,7,6,5,4,3,2])[i]) AS s
              FROM generate_series(1, 17) i) w)
    || substr(v, 10)
  FROM (SELECT 'LVG' || substr('ABCDEFGHJKLMNPRSTUVWXYZ', 1 + (p_model - 1) % 23, 1) || (p_trim % 10)::text || 'EK3' || '0'
          || substr('LMNPRSTVWXY', greatest(1, least(11, p_year - 2019)), 1)
          || substr('ABCDEFGHJKLMNPRSTUVW', 1 + ((p_serial / 1000000) % 20)::int, 1)
          || lpad((p_serial % 1000000)::text, 6, '0') AS v) x
$$`;

/** `pg_temp.bench_id_number(seed)`: an 18-character Guangzhou ID number of an adult born 1965–2000. */
const ID_NUMBER_FUNCTION = `
CREATE OR REPLACE FUNCTION pg_temp.bench_id_number(p_seed bigint) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT b || substr('10X98765432', 1 + (SELECT sum(substr(b, i, 1)::int * (ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[i])
                                         FROM generate_series(1, 17) i)::int % 11, 1)
  FROM (SELECT (ARRAY['440103','440104','440105','440106','440111','440112','440113','440114'])[1 + (p_seed % 8)::int]
          || to_char(date '1965-01-01' + (p_seed * 7919 % 12800)::int, 'YYYYMMDD')
          || lpad((p_seed % 1000)::text, 3, '0') AS b) x
$$`;

export async function createSqlFunctions(tx: Tx): Promise<void> {
  await tx.execute(sql.raw(VIN_FUNCTION));
  await tx.execute(sql.raw(ID_NUMBER_FUNCTION));
}

/** The same as text, for a plain `pg` client (bench/run.ts). */
export const SQL_FUNCTIONS = [VIN_FUNCTION, ID_NUMBER_FUNCTION];
