import dayjs, { type Dayjs } from "dayjs";

// Instants arrive as UTC ISO strings; dayjs without a zone shows them in the browser's local time, which is
// what a person at the store expects to read.
export function formatInstant(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format("YYYY-MM-DD HH:mm") : "—";
}

export function formatDate(date: string | null | undefined): string {
  return date ? dayjs(date).format("YYYY-MM-DD") : "—";
}

export function toIsoDate(value: Dayjs | null | undefined): string | undefined {
  return value ? value.format("YYYY-MM-DD") : undefined;
}

export function toInstant(value: Dayjs | null | undefined): string | undefined {
  return value ? value.toISOString() : undefined;
}

export type BudgetUnit = "yuan" | "wan";

const FEN_PER_UNIT: Record<BudgetUnit, number> = { yuan: 100, wan: 1_000_000 };

/** Money is integer fen on the wire; rounding here absorbs binary fractions such as 12.3 × 100. */
export function toFen(amount: number | null | undefined, unit: BudgetUnit = "yuan"): number | undefined {
  if (amount === null || amount === undefined || Number.isNaN(amount)) return undefined;
  return Math.round(amount * FEN_PER_UNIT[unit]);
}

export function formatFen(fen: number | null | undefined, language: string): string {
  if (fen === null || fen === undefined) return "—";
  return new Intl.NumberFormat(language, {
    style: "currency",
    currency: "CNY",
    // "¥195,000" in both languages; English would otherwise write "CN¥".
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: 0,
    maximumFractionDigits: 2,
  }).format(fen / 100);
}

export function formatJson(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return JSON.stringify(value, null, 2);
}

/** Quotes, orders and contracts show money to the fen: "¥195,000.00". */
export function formatMoney(fen: number | null | undefined, language: string): string {
  if (fen === null || fen === undefined) return "—";
  return new Intl.NumberFormat(language, {
    style: "currency",
    currency: "CNY",
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(fen / 100);
}

/** Fen as yuan for a money input (an input with two decimals shows it exactly). */
export function fenToYuan(fen: number | null | undefined): number | undefined {
  return fen === null || fen === undefined ? undefined : fen / 100;
}

/** A form's optional text as sent: trimmed, or left out when blank. */
export const optionalText = (v: string | undefined | null) => v?.trim() || undefined;
