/**
 * Lead fields a spreadsheet column can feed. The server's `suggestedMapping` may name more; those are offered
 * too, so the list never hides a field the server understands.
 */
export const IMPORT_FIELDS = [
  "name",
  "phone",
  "source",
  "level",
  "intendedModel",
  "budget",
  "paymentMethod",
  "colour",
  "expectedPurchaseDate",
  "focusPoints",
  "competitorModels",
  "owner",
] as const;

/** Without these a row cannot become a lead (name and phone are the de-duplication key). */
export const REQUIRED_IMPORT_FIELDS: readonly string[] = ["name", "phone"];

export function importFieldsFor(suggested: Record<string, string>): string[] {
  const fields: string[] = [...IMPORT_FIELDS];
  for (const key of Object.keys(suggested)) if (!fields.includes(key)) fields.push(key);
  return fields;
}
