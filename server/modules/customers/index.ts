/** What other modules and buildApp may use from customers. */
export {
  type CustomerRow,
  customerExists,
  findOrCreatePersonByPhone,
  type VehicleRow,
} from "./customers.ts";
export { Customer, customerRoutes, Vehicle } from "./routes.ts";
export { customerConsents, customers, vehicles } from "./schema.ts";
