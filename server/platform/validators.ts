import { z } from "zod";

const MOBILE_RE = /^1[3-9]\d{9}$/;

export function normalizeMobile(input: string): string | null {
  let s = input.trim().replace(/[\s-]/g, "");
  if (s.startsWith("+86")) s = s.slice(3);
  else if (s.startsWith("0086")) s = s.slice(4);
  // A bare "86" is only a country code when 13 digits remain; otherwise it could be part of a
  // malformed local number and stripping it would manufacture a valid-looking result.
  else if (s.length === 13 && s.startsWith("86")) s = s.slice(2);
  return MOBILE_RE.test(s) ? s : null;
}

export function isValidMobile(s: string): boolean {
  return normalizeMobile(s) !== null;
}

// One star per hidden character, so a masked value still hints at the format it was entered in.
function maskMiddle(value: string, keepHead: number, keepTail: number): string {
  const chars = Array.from(value);
  if (chars.length <= keepHead + keepTail) return "*".repeat(chars.length);
  return (
    chars.slice(0, keepHead).join("") +
    "*".repeat(chars.length - keepHead - keepTail) +
    chars.slice(-keepTail).join("")
  );
}

export function maskPhone(phone: string): string {
  return maskMiddle(phone.trim(), 3, 4);
}

// Resident ID numbers (GB 11643-1999)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = "10X98765432";
const ID_RE = /^\d{17}[\dX]$/;
const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

export function normalizeIdNumber(id: string): string {
  return id.trim().toUpperCase();
}

function isPlausibleBirthDate(yyyymmdd: string, now: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC silently rolls 0230 over to 0302, so a round trip is what rejects impossible dates.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return false;
  }
  // "Today" is the Beijing calendar day, so the answer does not depend on the server's TZ setting.
  const chinaNow = new Date(now.getTime() + CHINA_UTC_OFFSET_MS);
  const today = Date.UTC(chinaNow.getUTCFullYear(), chinaNow.getUTCMonth(), chinaNow.getUTCDate());
  return date.getTime() <= today;
}

/** `now` is injectable so tests around the "not in the future" rule stay deterministic. */
export function isValidIdNumber(id: string, now: Date = new Date()): boolean {
  const s = normalizeIdNumber(id);
  if (!ID_RE.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * ID_WEIGHTS[i]!;
  if (ID_CHECK_CHARS[sum % 11] !== s[17]) return false;
  return isPlausibleBirthDate(s.slice(6, 14), now);
}

export function maskIdNumber(id: string): string {
  // Head 6 is the issuing region, which staff need; the birth date is what must stay hidden.
  return maskMiddle(id.trim(), 6, 4);
}

// VIN (ISO 3779 check digit, mandatory in China under GB 16735)

const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const VIN_LETTER_VALUES: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
// I, O and Q are excluded so they cannot be misread as 1 and 0.
const VIN_CHARS_RE = /^[A-HJ-NPR-Z0-9]{17}$/;

export type VinCheckResult =
  | { ok: true; vin: string }
  | { ok: false; reason: "length" | "characters" | "check_digit"; vin: string };

function computeVinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i]!;
    const value = c >= "0" && c <= "9" ? Number(c) : VIN_LETTER_VALUES[c]!;
    sum += value * VIN_WEIGHTS[i]!;
  }
  const r = sum % 11;
  return r === 10 ? "X" : String(r);
}

/** Throws RangeError on input that has no defined check digit; use `checkVin` to validate untrusted input. */
export function vinCheckDigit(vin: string): string {
  const s = vin.trim().toUpperCase();
  if (!VIN_CHARS_RE.test(s)) throw new RangeError(`not a 17-character VIN: ${JSON.stringify(vin)}`);
  return computeVinCheckDigit(s);
}

export function checkVin(vin: string): VinCheckResult {
  const s = vin.trim().toUpperCase();
  if (s.length !== 17) return { ok: false, reason: "length", vin: s };
  if (!VIN_CHARS_RE.test(s)) return { ok: false, reason: "characters", vin: s };
  if (computeVinCheckDigit(s) !== s[8]) return { ok: false, reason: "check_digit", vin: s };
  return { ok: true, vin: s };
}

// Licence plates (GA 36-2018)

const PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
const PLATE_ALNUM = "A-HJ-NP-Z0-9";
// D/A/B/C/E mark pure-electric and F/G/H/J/K other new-energy vehicles; the same set is accepted for
// large vehicles so that plates issued under the extended lettering are not rejected.
const NEV_LETTERS = "DABCEFGHJK";
const ORDINARY_PLATE_RE = new RegExp(
  `^[${PROVINCES}][A-HJ-NP-Z][${PLATE_ALNUM}]{4}[${PLATE_ALNUM}挂学警港澳领试超]$`,
  "u",
);
// Small NEV plates allow a letter in the second slot (粤BDF1234) as well as all digits (粤BD12345).
const NEV_SMALL_PLATE_RE = new RegExp(
  `^[${PROVINCES}][A-HJ-NP-Z][${NEV_LETTERS}][${PLATE_ALNUM}]\\d{4}$`,
  "u",
);
const NEV_LARGE_PLATE_RE = new RegExp(`^[${PROVINCES}][A-HJ-NP-Z]\\d{5}[${NEV_LETTERS}]$`, "u");

export function normalizePlate(plate: string): string {
  // Input methods produce several look-alike separator dots; all of them are decoration only.
  return plate.replace(/[\s·•・]/gu, "").toUpperCase();
}

export function isValidPlate(plate: string): boolean {
  const s = normalizePlate(plate);
  return ORDINARY_PLATE_RE.test(s) || NEV_SMALL_PLATE_RE.test(s) || NEV_LARGE_PLATE_RE.test(s);
}

// Unified social credit code (GB 32100-2015)

const CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function isValidCreditCode(code: string): boolean {
  const s = code.trim().toUpperCase();
  if (s.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CHARS.indexOf(s[i]!);
    if (value < 0) return false;
    sum += value * CREDIT_WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return s[17] === CREDIT_CHARS[check];
}

// Zod schemas for route input; each emits the normalised form so handlers never re-normalise.

function normalizedString(normalize: (s: string) => string | null, message: string) {
  return z
    .string()
    .trim()
    .transform((value, ctx) => {
      const out = normalize(value);
      if (out === null) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return out;
    });
}

export const zMobile = normalizedString(normalizeMobile, "invalid mobile number");
export const zIdNumber = normalizedString(
  (s) => (isValidIdNumber(s) ? normalizeIdNumber(s) : null),
  "invalid id number",
);
export const zPlate = normalizedString(
  (s) => (isValidPlate(s) ? normalizePlate(s) : null),
  "invalid plate number",
);
