/** What other modules and buildApp may use from identity. */
export { ensureFirstAdmin } from "./auth.ts";
export { loadWorkCalendar } from "./calendar.ts";
export { storeCalendarRoutes } from "./calendar-routes.ts";
export { hashPassword } from "./passwords.ts";
export { identityRoutes, User } from "./routes.ts";
export { stores, users } from "./schema.ts";
export {
  type ComplaintDeadlineHours,
  complaintDeadlineHoursOf,
  DEFAULT_COMPLAINT_DEADLINE_HOURS,
} from "./service-settings.ts";
export { purgeExpiredSessions, resolveSession, type SessionPolicy } from "./sessions.ts";
export { getStore, type Store, type StoreSettingsPolicy } from "./stores.ts";
export { leadOwnerCandidates, publicUser, storeUser, type UserRow } from "./users.ts";
