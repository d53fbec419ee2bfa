/** What buildApp and other modules (sales, test drives) may use from the stock module. */
export { loadStockVehicleForUpdate } from "./access.ts";
export { stockRoutes } from "./routes.ts";
export {
  AGE_BUCKETS,
  type AgeBucket,
  canReserve,
  isLocked,
  type StockSettings,
  statusAfterRelease,
} from "./rules.ts";
export { modelRules, STOCK_STATUSES, type StockStatus, stockVehicles } from "./schema.ts";
export {
  loadStockSettings,
  loadStockSettingsMap,
  StockVehicle,
  type StockVehicleOut,
  type StockVehicleRow,
  type StockVehicleWithOrder,
  stockVehicleView,
  viewAll as stockVehicleViews,
} from "./view.ts";
