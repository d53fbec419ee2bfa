/** Every table of every module, for Drizzle's typed queries and for drizzle-kit's migrations. */
import * as care from "../modules/care/schema.ts";
import * as claims from "../modules/claims/schema.ts";
import * as complaints from "../modules/complaints/schema.ts";
import * as customers from "../modules/customers/schema.ts";
import * as identity from "../modules/identity/schema.ts";
import * as leads from "../modules/leads/schema.ts";
import * as messaging from "../modules/messaging/schema.ts";
import * as sales from "../modules/sales/schema.ts";
import * as service from "../modules/service/schema.ts";
import * as stock from "../modules/stock/schema.ts";
import * as testdrives from "../modules/testdrives/schema.ts";
import * as traffic from "../modules/traffic/schema.ts";
import * as platform from "../platform/schema.ts";

export const schema = {
  ...platform,
  ...identity,
  ...customers,
  ...leads,
  ...stock,
  ...traffic,
  ...testdrives,
  ...sales,
  ...care,
  ...service,
  ...complaints,
  ...claims,
  ...messaging,
};
