/** Every table of every module, for Drizzle's typed queries and for drizzle-kit's migrations. */
import * as customers from "../modules/customers/schema.ts";
import * as identity from "../modules/identity/schema.ts";
import * as leads from "../modules/leads/schema.ts";
import * as platform from "../platform/schema.ts";

export const schema = { ...platform, ...identity, ...customers, ...leads };
