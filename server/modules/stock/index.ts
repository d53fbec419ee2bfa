/** What buildApp and other modules (sales, test drives) may use from the stock module. */
export { loadStockVehicleForUpdate } from "./access.ts";
export { stockRoutes } from "./routes.ts";
export { canReserve, statusAfterRelease } from "./rules.ts";
export { type StockStatus, stockVehicles } from "./schema.ts";
export { StockVehicle, type StockVehicleRow, viewAll as stockVehicleViews } from "./view.ts";
