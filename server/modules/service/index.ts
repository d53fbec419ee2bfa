/** What buildApp and other modules may use from the workshop module. */
export { Appointment, type AppointmentOut } from "./appointment-queries.ts";
export { appointmentRoutes } from "./appointment-routes.ts";
export { type AppointmentRow, markArrived } from "./appointments.ts";
export { repairOrderRoutes } from "./ro-routes.ts";
