/** What buildApp and other modules may use from the care module. */

export { createPostSaleCallbacks } from "./post-sale.ts";
export { careTasksOfOrder } from "./queries.ts";
export { careRoutes } from "./routes.ts";
export { CareTask, type CareTaskOut } from "./task-view.ts";
