/** The warranty claim as the API shows it, with its repair order's number and the vehicle's VIN and model. */
import { and, eq, getTableColumns } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../../db/index.ts";
import { vehicles } from "../customers/schema.ts";
import { repairOrders } from "../service/schema.ts";
import { CLAIM_STATES, type ClaimState, warrantyClaims } from "./schema.ts";

export type ClaimRow = typeof warrantyClaims.$inferSelect;

export const Claim = z.object({
  id: z.number(),
  storeId: z.number(),
  repairOrderId: z.number(),
  roNo: z.string(),
  vin: z.string(),
  model: z.string(),
  faultDescription: z.string(),
  labourFen: z.number(),
  partsFen: z.number(),
  claimedFen: z.number(),
  state: z.enum(CLAIM_STATES),
  submissions: z.number(),
  submittedAt: z.date(),
  decidedAt: z.date().nullable(),
  approvedFen: z.number().nullable(),
  rejectReason: z.string().nullable(),
  createdAt: z.date(),
});
export type ClaimOut = z.infer<typeof Claim>;

export function selectClaims(db: Executor) {
  return db
    .select({
      ...getTableColumns(warrantyClaims),
      roNo: repairOrders.roNo,
      vin: vehicles.vin,
      model: vehicles.model,
    })
    .from(warrantyClaims)
    .innerJoin(
      repairOrders,
      and(
        eq(repairOrders.storeId, warrantyClaims.storeId),
        eq(repairOrders.id, warrantyClaims.repairOrderId),
      ),
    )
    .innerJoin(
      vehicles,
      and(eq(vehicles.storeId, repairOrders.storeId), eq(vehicles.id, repairOrders.vehicleId)),
    );
}
export type ClaimJoined = Awaited<ReturnType<ReturnType<typeof selectClaims>["execute"]>>[number];

export function claimView(r: ClaimJoined): ClaimOut {
  return {
    id: r.id,
    storeId: r.storeId,
    repairOrderId: r.repairOrderId,
    roNo: r.roNo,
    vin: r.vin,
    model: r.model,
    faultDescription: r.faultDescription,
    labourFen: r.labourFen,
    partsFen: r.partsFen,
    claimedFen: r.claimedFen,
    state: r.state as ClaimState,
    submissions: r.submissions,
    submittedAt: r.submittedAt,
    decidedAt: r.decidedAt,
    approvedFen: r.approvedFen,
    rejectReason: r.rejectReason,
    createdAt: r.createdAt,
  };
}
