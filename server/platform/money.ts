/** Money is integer fen everywhere (ARCHITECTURE: Data). One cap and one schema for every money field. */
import { z } from "zod";

/**
 * The largest amount any money field takes: 1亿元 (100 000 000.00 yuan) in fen. No car, discount, deposit
 * or accessory of a 4S store comes near it; a bigger number is a typing error, and the cap keeps every sum
 * of a quote far inside the integers a JavaScript number holds exactly.
 */
export const MAX_FEN = 10_000_000_000;

/** A money field of a request: whole fen, not negative, at most MAX_FEN. */
export const zFen = z.number().int().min(0).max(MAX_FEN);
