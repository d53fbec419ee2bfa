/** What other modules and buildApp may use from customers. */
export type { CustomerRow } from "./customer-access.ts";
export { customerExists, findOrCreatePersonByPhone } from "./customers.ts";
export { Customer, customerRoutes, Vehicle } from "./routes.ts";
export { customerConsents, customers, vehicles } from "./schema.ts";
export type { VehicleRow } from "./vehicles.ts";
