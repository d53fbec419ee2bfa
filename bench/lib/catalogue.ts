/**
 * The bench store's car line-up as SQL arrays: the demo vocabulary's models (scripts/demo/vocabulary.ts)
 * with three trims, a three-colour palette per model (the colour quota's default) and the option rule on
 * two models. Shared by the generator and the benchmark's preparation, so their cars look alike.
 */
import { type SQL, sql } from "drizzle-orm";
import { COLOURS, MODELS } from "../../scripts/demo-data.ts";

export const TRIMS = ["领先版", "豪华版", "尊贵版"];
export const SAFETY_PACK = "TSS 智行安全包";
export const COMFORT_PACK = "舒适科技包";
/** models whose stock carries the option package on every car (model_rules.option_all_or_none) */
export const OPTION_RULE_MODELS = ["凯美瑞", "汉兰达"];
/** the model draw by the line-up's weights: each model's 1-based index appears `weight` times */
export const MODEL_DRAW = MODELS.flatMap((m, i) => Array<number>(m.weight).fill(i + 1));

const names = MODELS.map((m) => m.name);
const lo = MODELS.map((m) => m.price[0]);
const hi = MODELS.map((m) => m.price[1]);
/** white and black for every model, and one more colour of its own */
const thirdColour = MODELS.map((_, i) => COLOURS[3 + (i % 4)]!);
const ruled = MODELS.map((m) => OPTION_RULE_MODELS.includes(m.name));

export const modelName = (modelNo: SQL) => sql`(${sql.param(names)}::text[])[${modelNo}]`;
export const trimName = (trimNo: SQL) => sql`(${sql.param(TRIMS)}::text[])[${trimNo}]`;

/** the list price (指导价) of a model's trim in fen: from the model's lowest to its highest price, to 100 yuan */
export const listPriceFen = (modelNo: SQL, trimNo: SQL) =>
  sql`(round(((${sql.param(lo)}::numeric[])[${modelNo}] + ((${sql.param(hi)}::numeric[])[${modelNo}] - (${sql.param(lo)}::numeric[])[${modelNo}]) * (${trimNo} - 1) / 2.0) * 100) * 10000)::bigint`;

/** 50 % pearl white, 30 % black, 20 % the model's own colour; `r` in [0, 1) */
export const paletteColour = (modelNo: SQL, r: SQL) =>
  sql`CASE WHEN ${r} < 0.5 THEN ${COLOURS[0]!}::text WHEN ${r} < 0.8 THEN ${COLOURS[2]!}::text ELSE (${sql.param(thirdColour)}::text[])[${modelNo}] END`;

/** all-or-none models carry the safety pack; others a comfort pack on a quarter of the cars */
export const optionPackage = (modelNo: SQL, r: SQL) =>
  sql`CASE WHEN (${sql.param(ruled)}::boolean[])[${modelNo}] THEN ${SAFETY_PACK}::text WHEN ${r} < 0.25 THEN ${COMFORT_PACK}::text END`;

export const MODEL_NAMES = names;
export const RULED = ruled;
