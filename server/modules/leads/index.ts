/** What buildApp and other modules may use from the leads module. */
export { leadRoutes } from "./routes.ts";
export { leads } from "./schema.ts";
export { storeSettingsPolicy } from "./settings.ts";
