import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import DecimalJs from 'decimal.js';
import { badInput, type FieldProblem } from '@smss/core';
import { MONEY_PATTERN, money, toMoneyString } from './money';

const MESSAGE_EN =
  'Amounts are Decimal strings with at most 12 digits before the point and 2 after, e.g. "1500.00"; numbers are refused so no float ever carries money';
const MESSAGE_TH =
  'จำนวนเงินต้องส่งเป็นข้อความตัวเลข ทศนิยมไม่เกิน 2 ตำแหน่ง และไม่เกิน 12 หลักก่อนจุด เช่น "1500.00" (ไม่รับค่าแบบตัวเลขทศนิยม)';

const describe = (value: unknown) =>
  typeof value === 'string' ? `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"` : typeof value;

/** The BAD_USER_INPUT error for an amount that is not a valid Decimal string. */
export function invalidDecimal(value: unknown, field?: string) {
  const problems: FieldProblem[] = field ? [{ field, messageEn: MESSAGE_EN, messageTh: MESSAGE_TH }] : [];
  return badInput(
    `${field ? `${field}: ` : ''}${describe(value)} is not a valid Decimal. ${MESSAGE_EN}`,
    `${field ? `${field}: ` : ''}${MESSAGE_TH}`,
    problems,
  );
}

/** Canonical two-decimal text of a valid input string ("1500" → "1500.00"), or null. */
function canonical(value: unknown): string | null {
  if (typeof value !== 'string' || !MONEY_PATTERN.test(value)) return null;
  return toMoneyString(value);
}

/**
 * What the scalar's parsers return for an input that is not a valid Decimal string (a JSON number
 * in variables, a number written inline, a malformed string). They do not throw there on purpose:
 * Apollo Server reports a literal that fails parsing as GRAPHQL_VALIDATION_FAILED, and a variable
 * that fails coercion answers HTTP 400, which Apollo Gateway turns into an opaque
 * INTERNAL_SERVER_ERROR. Resolvers pass every Decimal argument through `decimalArgument`, which
 * refuses this value with BAD_USER_INPUT and a Thai message, like any other bad input; and any
 * attempt to use it as a value (string conversion, JSON, a SQL parameter) throws the same error.
 */
export class RejectedDecimal {
  constructor(readonly raw: string) {}
  private refuse(): never {
    throw invalidDecimal(this.raw);
  }
  toString(): string {
    return this.refuse();
  }
  toJSON(): string {
    return this.refuse();
  }
  valueOf(): string {
    return this.refuse();
  }
}

const rejected = (value: unknown): string =>
  new RejectedDecimal(
    typeof value === 'string' ? value : (JSON.stringify(value) ?? typeof value),
  ) as unknown as string;

/**
 * A Decimal argument as a resolver or service receives it: the canonical string, or a
 * BAD_USER_INPUT error (numbers written inline, malformed strings, anything else).
 */
export function decimalArgument(value: unknown, field?: string): string {
  if (value instanceof RejectedDecimal) throw invalidDecimal(value.raw, field);
  const text = canonical(value);
  if (text === null) throw invalidDecimal(value, field);
  return text;
}

/**
 * `Decimal`: an exact amount of money as a string ("1500.00"), in and out. Input must match
 * `^-?\d{1,12}(\.\d{1,2})?$` (NUMERIC(14,2)); anything else — JSON numbers above all — is refused
 * with BAD_USER_INPUT by `decimalArgument` (see `RejectedDecimal`). Output always has two decimals.
 * Serialising a JS number is a programming error and fails loudly.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description:
    'An exact amount of money in baht as a string with up to two decimals, e.g. "1500.00"; never a number. ' +
    'จำนวนเงินบาทแบบแม่นยำ ส่งเป็นข้อความ ทศนิยมไม่เกิน 2 ตำแหน่ง เช่น "1500.00" ห้ามส่งเป็นตัวเลข',
  serialize(value: unknown): string {
    if (typeof value === 'string' || DecimalJs.isDecimal(value)) {
      // PostgreSQL sums and NUMERIC columns arrive as strings; anything with > 2 decimals is a bug.
      return toMoneyString(money(value as string));
    }
    throw new TypeError(`Decimal fields must resolve to strings or Decimals, never ${typeof value}`);
  },
  parseValue(value: unknown): string {
    return canonical(value) ?? rejected(value);
  },
  parseLiteral(ast: ValueNode): string {
    if (ast.kind === Kind.STRING) return canonical(ast.value) ?? rejected(ast.value);
    if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return rejected(ast.value);
    return rejected(ast.kind);
  },
});
