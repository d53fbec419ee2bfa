/** What buildApp and other modules may use from the leads module. */

export { failInterruptedImports } from "./import.ts";
export { leadImportRoutes } from "./import-routes.ts";
export { leadRoutes } from "./routes.ts";
export { leads } from "./schema.ts";
export { storeSettingsPolicy } from "./settings.ts";
