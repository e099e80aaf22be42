/**
 * Exact money arithmetic for baht and satang on decimal.js. No JS `number` ever carries an amount:
 * amounts enter as decimal strings (GraphQL `Decimal`, PostgreSQL `NUMERIC`, event payloads) and
 * leave as decimal strings with exactly two decimals.
 *
 * Rounding rule (one for the whole platform): results are rounded to the satang (2 decimals) with
 * ROUND_HALF_UP — a half satang rounds away from zero (0.005 → 0.01, −0.005 → −0.01). Splits give
 * every part its rounded share and put the remainder on the LAST part, so the parts always add up
 * to the total exactly.
 */
import DecimalJs from 'decimal.js';

/** A private decimal.js constructor: 40 significant digits, ROUND_HALF_UP, never exponent notation. */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = DecimalJs;

/** Satang: two decimals. */
export const MONEY_SCALE = 2;

/** What NUMERIC(14,2) holds and the GraphQL `Decimal` scalar accepts: up to 12 digits before the point, 2 after. */
export const MONEY_PATTERN = /^-?\d{1,12}(\.\d{1,2})?$/;

/** A decimal string in general (what PostgreSQL returns for NUMERIC, including sums of any size). */
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

export type MoneyInput = string | Decimal;

/**
 * Read an amount. Strings must be plain decimals ("1500", "1500.5", "-3.25"); a JS number is
 * refused on purpose, so a float can never sneak into a calculation.
 */
export function money(value: MoneyInput): Decimal {
  if (DecimalJs.isDecimal(value)) return new Decimal(value);
  if (typeof value !== 'string') {
    throw new TypeError(`Money must be a decimal string or a Decimal, not ${typeof value}`);
  }
  const text = value.trim();
  if (!DECIMAL_TEXT.test(text)) throw new TypeError(`"${value}" is not a decimal amount`);
  return new Decimal(text);
}

/** True when `text` fits NUMERIC(14,2) and the `Decimal` scalar. */
export const isMoneyString = (text: unknown): text is string =>
  typeof text === 'string' && MONEY_PATTERN.test(text);

/** Round to the satang, ROUND_HALF_UP (away from zero on a half). */
export const roundToSatang = (value: MoneyInput): Decimal =>
  money(value).toDecimalPlaces(MONEY_SCALE, DecimalJs.ROUND_HALF_UP);

/**
 * The canonical text of an amount: exactly two decimals, no exponent, no "-0.00".
 * @throws RangeError when the value has more than two decimals (round it first, on purpose).
 */
export function toMoneyString(value: MoneyInput): string {
  const d = money(value);
  if (d.decimalPlaces() > MONEY_SCALE) {
    throw new RangeError(`${d.toString()} has more than ${MONEY_SCALE} decimals; round it explicitly first`);
  }
  return d.isZero() ? '0.00' : d.toFixed(MONEY_SCALE);
}

export const ZERO = new Decimal(0);

export const add = (...values: MoneyInput[]): Decimal =>
  values.reduce<Decimal>((acc, v) => acc.plus(money(v)), ZERO);

export const sum = (values: Iterable<MoneyInput>): Decimal => add(...values);

export const subtract = (a: MoneyInput, b: MoneyInput): Decimal => money(a).minus(money(b));

export const negate = (a: MoneyInput): Decimal => money(a).negated();

/** `rate × count` for a head count or a quantity: exact (no rounding needed). */
export function multiplyByCount(rate: MoneyInput, count: number): Decimal {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`A count must be a non-negative whole number, got ${String(count)}`);
  }
  return money(rate).times(count);
}

/** `percent`% of `amount`, rounded to the satang (withholding tax: 3% of 1,234.50 = 37.04). */
export function percentOf(amount: MoneyInput, percent: MoneyInput): Decimal {
  return roundToSatang(money(amount).times(money(percent)).dividedBy(100));
}

/** `amount / parts`, rounded to the satang (a per-semester share of a yearly rate). */
export function divideRounded(amount: MoneyInput, parts: number): Decimal {
  if (!Number.isSafeInteger(parts) || parts <= 0) {
    throw new RangeError(`Divide by a positive whole number, got ${String(parts)}`);
  }
  return roundToSatang(money(amount).dividedBy(parts));
}

/**
 * Split `total` in proportion to whole-number `weights`: every part but the last is
 * `round_half_up(total × weight / Σweights)` to the satang and the last part takes the remainder,
 * so Σparts = total exactly. `allocate("100.00", [1, 1, 1])` → 33.33, 33.33, 33.34.
 */
export function allocate(total: MoneyInput, weights: readonly number[]): Decimal[] {
  const t = money(total);
  if (t.decimalPlaces() > MONEY_SCALE) throw new RangeError(`${t.toString()} is not a whole satang amount`);
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0)
      throw new RangeError(`Weights must be whole numbers ≥ 0, got ${w}`);
  }
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  if (totalWeight === 0) throw new RangeError('The weights must not all be zero');
  const parts: Decimal[] = [];
  let given: Decimal = ZERO;
  weights.forEach((w, i) => {
    if (i === weights.length - 1) {
      parts.push(t.minus(given));
      return;
    }
    const part = roundToSatang(t.times(w).dividedBy(totalWeight));
    parts.push(part);
    given = given.plus(part);
  });
  return parts;
}

/** Split `total` into `n` equal parts; the remainder goes to the last one. */
export function splitEvenly(total: MoneyInput, n: number): Decimal[] {
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new RangeError(`Split into a positive whole number of parts, got ${n}`);
  return allocate(
    total,
    Array.from({ length: n }, () => 1),
  );
}

export const compare = (a: MoneyInput, b: MoneyInput): -1 | 0 | 1 =>
  money(a).comparedTo(money(b)) as -1 | 0 | 1;

export const isNegative = (a: MoneyInput): boolean => money(a).isNegative() && !money(a).isZero();

export const isZero = (a: MoneyInput): boolean => money(a).isZero();

export const max = (a: MoneyInput, b: MoneyInput): Decimal => (compare(a, b) >= 0 ? money(a) : money(b));

// ---- PostgreSQL NUMERIC --------------------------------------------------------------------------
// node-postgres returns NUMERIC (type 1700) as a string by default; keep it that way (never install
// a type parser that turns it into a number). These two helpers are the only doors in and out.

/** A NUMERIC value as read by node-postgres (a string; null stays null). */
export function fromNumeric(value: string | null | undefined): Decimal | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') {
    throw new TypeError(
      `NUMERIC must arrive as a string (got ${typeof value}): was a type parser installed?`,
    );
  }
  return money(value);
}

/** The parameter to bind for a NUMERIC(14,2) column: a canonical two-decimal string. */
export const toNumeric = (value: MoneyInput): string => toMoneyString(value);

/**
 * The float a spreadsheet cell needs, only at the very edge (XLSX export), and only when the float
 * prints back to exactly the same decimal. NUMERIC(14,2) amounts (≤ 14 significant digits) always do.
 */
export function toSpreadsheetNumber(value: MoneyInput): number {
  const text = toMoneyString(value);
  const asNumber = Number(text);
  if (!new Decimal(String(asNumber)).equals(new Decimal(text))) {
    throw new RangeError(`${text} cannot be written as a spreadsheet number without changing it`);
  }
  return asNumber;
}
