/** What buildApp and other modules may use from the messaging module. */
export { messagingRoutes } from "./routes.ts";
