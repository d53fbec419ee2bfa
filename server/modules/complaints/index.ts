/** What buildApp and other modules may use from the complaints module. */

export { type OpenComplaintInput, openComplaint } from "./open-complaint.ts";
export { complaintRoutes } from "./routes.ts";
export { Complaint, type ComplaintOut } from "./view.ts";
