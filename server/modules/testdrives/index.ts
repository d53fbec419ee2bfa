/** What buildApp and other modules may use from test drives. */
export { testDriveRoutes } from "./routes.ts";
