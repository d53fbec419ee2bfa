/** What buildApp and other modules may use from the claims module. */

export { claimRoutes } from "./routes.ts";
export { Claim, type ClaimOut } from "./view.ts";
