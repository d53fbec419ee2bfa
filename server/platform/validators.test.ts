import { describe, expect, it } from "vitest";
import {
  checkVin,
  isValidCreditCode,
  isValidIdNumber,
  isValidMobile,
  isValidPlate,
  maskIdNumber,
  maskPhone,
  normalizeIdNumber,
  normalizeMobile,
  normalizePlate,
  vinCheckDigit,
  zIdNumber,
  zMobile,
  zPlate,
} from "./validators";

// Fixed clock: 2024-06-15 00:00 UTC is already 08:00 on the 15th in Beijing.
const NOW = new Date("2024-06-15T00:00:00Z");

describe("normalizeMobile / isValidMobile", () => {
  it.each([
    ["13812345678", "13812345678"],
    ["  13812345678 ", "13812345678"],
    ["138 1234 5678", "13812345678"],
    ["138-1234-5678", "13812345678"],
    ["+8613812345678", "13812345678"],
    ["+86 138 1234 5678", "13812345678"],
    ["008613812345678", "13812345678"],
    ["8613812345678", "13812345678"],
    ["19912345678", "19912345678"],
  ])("accepts %j", (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
    expect(isValidMobile(input)).toBe(true);
  });

  it.each([
    ["", "empty"],
    ["1381234567", "10 digits"],
    ["138123456789", "12 digits"],
    ["12812345678", "second digit 2"],
    ["10812345678", "second digit 0"],
    ["23812345678", "does not start with 1"],
    ["+8512812345678", "foreign country code"],
    ["+86 12812345678", "prefixed but invalid"],
    ["861381234567", "bare 86 with only 10 digits left"],
    ["1381234567a", "letter"],
    ["010-12345678", "landline"],
  ])("rejects %j (%s)", (input) => {
    expect(normalizeMobile(input)).toBeNull();
    expect(isValidMobile(input)).toBe(false);
  });
});

describe("maskPhone", () => {
  it.each([
    ["13812345678", "138****5678"],
    [" 13812345678 ", "138****5678"],
    ["12345678", "123*5678"],
    ["021123456789", "021*****6789"],
    ["1234567", "*******"],
    ["123", "***"],
    ["", ""],
  ])("masks %j as %j", (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });
});

describe("isValidIdNumber", () => {
  it.each([
    ["11010519491231002X", "textbook sample"],
    ["11010519491231002x", "lower-case check char"],
    [" 11010519491231002X ", "surrounding whitespace"],
    ["440304199001010011", "digit check char"],
    ["110105200002290021", "leap day in a leap century year"],
    ["110105190001010036", "earliest accepted date"],
    ["110105202406150016", "born today"],
  ])("accepts %j (%s)", (id) => {
    expect(isValidIdNumber(id, NOW)).toBe(true);
  });

  it.each([
    ["", "empty"],
    ["11010519491231002", "17 characters"],
    ["11010519491231002X1", "19 characters"],
    ["110105194912310021", "wrong check digit"],
    ["11010519491231002Y", "check char not X"],
    ["1101051949123100XX", "X in the body"],
    ["110105190002290017", "29 Feb 1900 (not a leap year)"],
    ["110105199013010026", "month 13"],
    ["110105199004310035", "31 April"],
    ["110105199000010043", "month 00"],
    ["110105189912310058", "born before 1900"],
    ["110105202406160011", "born tomorrow"],
  ])("rejects %j (%s)", (id) => {
    expect(isValidIdNumber(id, NOW)).toBe(false);
  });

  it.each([
    ["2024-06-14T16:30:00Z", true, "already the 15th in Beijing"],
    ["2024-06-14T15:30:00Z", false, "still the 14th in Beijing"],
  ])("judges 'today' by Beijing time at %s", (now, expected) => {
    expect(isValidIdNumber("110105202406150016", new Date(now))).toBe(expected);
  });

  it("defaults to the real clock", () => {
    expect(isValidIdNumber("11010519491231002X")).toBe(true);
    expect(isValidIdNumber("110105194912310021")).toBe(false);
  });
});

describe("normalizeIdNumber / maskIdNumber", () => {
  it.each([
    ["11010519491231002x", "11010519491231002X"],
    [" 11010519491231002X ", "11010519491231002X"],
  ])("normalizes %j", (input, expected) => {
    expect(normalizeIdNumber(input)).toBe(expected);
  });

  it.each([
    ["110101199003071234", "110101********1234"],
    ["11010519491231002X", "110105********002X"],
    ["110101900307123", "110101*****7123"],
    ["1234567890", "**********"],
    ["", ""],
  ])("masks %j as %j", (input, expected) => {
    expect(maskIdNumber(input)).toBe(expected);
  });
});

describe("checkVin / vinCheckDigit", () => {
  it.each([
    ["1M8GDM9AXKP042788", "1M8GDM9AXKP042788", "textbook example, check digit X"],
    ["11111111111111111", "11111111111111111", "all ones"],
    ["1HGCM82633A004352", "1HGCM82633A004352", "Honda Accord"],
    ["5YJSA1E14FF087599", "5YJSA1E14FF087599", "Tesla Model S"],
    ["JH4KA7561PC008269", "JH4KA7561PC008269", "Acura Legend"],
    ["LSVAU218XN2183294", "LSVAU218XN2183294", "computed, China WMI, check digit X"],
    ["LFV2A21K6E4123456", "LFV2A21K6E4123456", "computed, China WMI"],
    [" 1m8gdm9axkp042788 ", "1M8GDM9AXKP042788", "lower case with whitespace"],
  ])("accepts %j (%s)", (input, vin) => {
    expect(checkVin(input)).toEqual({ ok: true, vin });
    expect(vinCheckDigit(input)).toBe(vin[8]);
  });

  it.each([
    ["", "", "length"],
    ["1M8GDM9AXKP04278", "1M8GDM9AXKP04278", "length"],
    ["1M8GDM9AXKP0427888", "1M8GDM9AXKP0427888", "length"],
    ["1M8GDM9AXKP04278I", "1M8GDM9AXKP04278I", "characters"],
    ["1M8GDM9AXKPO42788", "1M8GDM9AXKPO42788", "characters"],
    ["1M8GDM9AXKP04278Q", "1M8GDM9AXKP04278Q", "characters"],
    ["1M8GDM9AXKP04278-", "1M8GDM9AXKP04278-", "characters"],
    ["1M8GDM9A1KP042788", "1M8GDM9A1KP042788", "check_digit"],
    ["1M8GDM9AXKP042789", "1M8GDM9AXKP042789", "check_digit"],
    ["11111111211111111", "11111111211111111", "check_digit"],
    ["1HGCM8263AA004352", "1HGCM8263AA004352", "check_digit"],
    ["wba3a5c5xdf595395", "WBA3A5C5XDF595395", "check_digit"],
  ])("rejects %j with vin %j and reason %s", (input, vin, reason) => {
    expect(checkVin(input)).toEqual({ ok: false, reason, vin });
  });

  it.each([
    ["1M8GDM9A0KP042788", "X"],
    ["WBA3A5C5XDF595395", "9"],
    ["LFV2A21K8E4123456", "6"],
  ])("computes the check digit of %j regardless of position 9", (vin, digit) => {
    expect(vinCheckDigit(vin)).toBe(digit);
  });

  it.each([[""], ["1M8GDM9AXKP04278"], ["1M8GDM9AXKP04278O"]])("vinCheckDigit throws on %j", (vin) => {
    expect(() => vinCheckDigit(vin)).toThrow(RangeError);
  });
});

describe("normalizePlate / isValidPlate", () => {
  it.each([
    ["京A·12345", "京A12345"],
    [" 粤 b 12345 ", "粤B12345"],
    ["沪A・D12345", "沪AD12345"],
    ["苏e•1234学", "苏E1234学"],
  ])("normalizes %j to %j", (input, expected) => {
    expect(normalizePlate(input)).toBe(expected);
  });

  it.each([
    ["京A12345", "ordinary, all digits"],
    ["沪AB123C", "ordinary, mixed"],
    ["粤B·ZZ999", "ordinary, with middle dot"],
    ["川a 12345", "ordinary, lower case and space"],
    ["苏E1234学", "coach car"],
    ["鲁B1234挂", "trailer"],
    ["粤Z1234港", "Hong Kong cross-border"],
    ["粤Z1234澳", "Macau cross-border"],
    ["京A1234警", "police"],
    ["京A1234领", "consulate"],
    ["浙A1234试", "test vehicle"],
    ["琼A1234超", "oversize"],
    ["粤BD12345", "NEV small, pure electric"],
    ["粤BF12345", "NEV small, hybrid"],
    ["京AA12345", "NEV small, extended letter"],
    ["沪ADF1234", "NEV small, letter in second slot"],
    ["粤B12345D", "NEV large, pure electric"],
    ["藏A12345F", "NEV large, hybrid"],
  ])("accepts %j (%s)", (plate) => {
    expect(isValidPlate(plate)).toBe(true);
  });

  it.each([
    ["", "empty"],
    ["台A12345", "not a mainland province"],
    ["港A12345", "suffix char used as province"],
    ["AA12345", "no province"],
    ["京I12345", "I as issuing-authority letter"],
    ["京O12345", "O as issuing-authority letter"],
    ["京1A2345", "digit as issuing-authority letter"],
    ["京A1234I", "I in the serial"],
    ["京AO1234", "O in the serial"],
    ["京A1234", "too short"],
    ["京A123456", "8 characters but not an NEV pattern"],
    ["京AD123456", "too long"],
    ["京A12挂45", "suffix char in the middle"],
    ["京A12345挂", "suffix on top of 5 serial chars"],
    ["粤BL12345", "NEV small with a non-NEV letter"],
    ["粤BD1234A", "NEV small with a letter at the end"],
    ["粤B1234DD", "NEV large with a letter in the digits"],
    ["粤B12345L", "NEV large with a non-NEV letter"],
  ])("rejects %j (%s)", (plate) => {
    expect(isValidPlate(plate)).toBe(false);
  });
});

describe("isValidCreditCode", () => {
  it.each([
    ["91350100M000100Y43", "reference example"],
    ["91110000600037341L", "letter check char"],
    ["91440300708461136T", "letter check char"],
    [" 91350100m000100y43 ", "lower case with whitespace"],
  ])("accepts %j (%s)", (code) => {
    expect(isValidCreditCode(code)).toBe(true);
  });

  it.each([
    ["", "empty"],
    ["91350100M000100Y4", "17 characters"],
    ["91350100M000100Y433", "19 characters"],
    ["91350100M000100Y44", "wrong check char"],
    ["91350100M000100Y4I", "check char outside the charset"],
    ["91350100M000101Y43", "altered body"],
    ["91350100I000100Y43", "I in the body"],
    ["91350100S000100Y43", "S in the body"],
    ["911100001000000000", "0 where the check is R"],
    ["91310000MA1FL1234X", "X where the check is Q"],
  ])("rejects %j (%s)", (code) => {
    expect(isValidCreditCode(code)).toBe(false);
  });
});

describe("zod schemas", () => {
  it.each([
    [zMobile, " +86 138-1234-5678 ", "13812345678"],
    [zIdNumber, " 11010519491231002x ", "11010519491231002X"],
    [zPlate, "粤b·d12345", "粤BD12345"],
  ])("parses and normalizes %#", (schema, input, expected) => {
    expect(schema.parse(input)).toBe(expected);
  });

  it.each([
    [zMobile, "12812345678", "invalid mobile number"],
    [zMobile, "", "invalid mobile number"],
    [zIdNumber, "110105194912310021", "invalid id number"],
    [zPlate, "京I12345", "invalid plate number"],
  ])("rejects bad input %#", (schema, input, message) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });

  it.each([[zMobile], [zIdNumber], [zPlate]])("rejects non-strings %#", (schema) => {
    expect(schema.safeParse(13812345678).success).toBe(false);
  });
});
