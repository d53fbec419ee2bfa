/** What buildApp may use from the sales module (nothing else imports sales). */
export { salesRoutes } from "./routes.ts";
