/** What buildApp and other modules may use from showroom traffic. */
export { trafficRoutes } from "./routes.ts";
