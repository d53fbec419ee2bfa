import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import { ApiError } from "../../api/client";

/** The server's cap on every stock amount: 1亿元. */
export const MAX_YUAN = 100_000_000;

/** Arrivals are events that happened: the pickers offer no future day. */
export const notInFuture = (d: Dayjs) => d.isAfter(dayjs(), "day");

/**
 * The app's wording of `in_future` speaks of follow-ups; on a stock form the time in question is the
 * arrival, which has a code of its own in the stock dictionary.
 */
export function stockError(error: unknown): unknown {
  return error instanceof ApiError && error.code === "in_future"
    ? new ApiError(error.status, "arrival_in_future", error.message, error.details)
    : error;
}
