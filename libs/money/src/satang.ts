/**
 * Money as whole satang in a JS integer: the fast path for bulk arithmetic (an event consumer that
 * computes tens of thousands of allocations a second), with the same rules as the decimal.js
 * functions in `money.ts` and the same text at the edges:
 * - an amount enters as a decimal string ("1001.01" → 100101) and leaves as one (100101 → "1001.01");
 * - division rounds to the satang ROUND_HALF_UP, a half satang away from zero (100101 / 2 → 50051);
 * - splits give every part its rounded share and the remainder to the LAST part;
 * - every result must be a safe integer (|n| < 2^53, far above NUMERIC(14,2)'s 10^14 satang):
 *   an operation that would leave that range throws instead of losing a satang.
 * Floats never appear: only integer addition, multiplication and division with an exact remainder.
 */

/** An amount in satang (1 baht = 100 satang), a safe integer. */
export type Satang = number;

const AMOUNT_TEXT = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

function checked(value: number, what: string): Satang {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} leaves the exact satang range`);
  return value;
}

/** Satang of a decimal string with at most two decimals ("950" → 95000, "-0.05" → -5). */
export function satangOf(text: string): Satang {
  if (typeof text !== 'string') {
    throw new TypeError(`Money must be a decimal string, not ${typeof text}`);
  }
  const match = AMOUNT_TEXT.exec(text.trim());
  if (!match) throw new TypeError(`"${text}" is not an amount with at most two decimals`);
  const [, sign, whole, fraction = ''] = match;
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return checked(sign ? -value : value, `"${text}"`) || 0;
}

/** The canonical text of a satang amount: exactly two decimals, no "-0.00". */
export function formatSatang(value: Satang): string {
  checked(value, String(value));
  const abs = Math.abs(value);
  const whole = Math.floor(abs / 100);
  const cents = abs - whole * 100;
  return `${value < 0 ? '-' : ''}${whole}.${cents < 10 ? '0' : ''}${cents}`;
}

/** `amount / parts` rounded to the satang, ROUND_HALF_UP (away from zero on a half). */
export function divideSatangRounded(amount: Satang, parts: number): Satang {
  checked(amount, String(amount));
  if (!Number.isSafeInteger(parts) || parts <= 0) {
    throw new RangeError(`Divide by a positive whole number, got ${String(parts)}`);
  }
  const abs = Math.abs(amount);
  const quotient = Math.floor(abs / parts);
  const remainder = abs - quotient * parts;
  const rounded = remainder * 2 >= parts ? quotient + 1 : quotient;
  return amount < 0 ? -rounded : rounded;
}

/** `rate × count` for a head count or a quantity: exact. */
export function multiplySatang(rate: Satang, count: number): Satang {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`A count must be a non-negative whole number, got ${String(count)}`);
  }
  return checked(checked(rate, String(rate)) * count, `${rate} × ${count}`);
}

/** The sum of satang amounts, exact. */
export function sumSatang(values: Iterable<Satang>): Satang {
  let total = 0;
  for (const v of values) total = checked(total + checked(v, String(v)), 'a sum');
  return total;
}

/**
 * Split `total` in proportion to whole-number `weights`, as `allocate` does: every part but the
 * last is `round_half_up(total × weight / Σweights)` and the last takes the remainder, so the parts
 * add up to the total exactly. (BigInt inside: `total × weight` may pass 2^53.)
 */
export function allocateSatang(total: Satang, weights: readonly number[]): Satang[] {
  checked(total, String(total));
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0)
      throw new RangeError(`Weights must be whole numbers ≥ 0, got ${w}`);
  }
  const totalWeight = BigInt(weights.reduce((a, b) => a + b, 0));
  if (totalWeight === 0n) throw new RangeError('The weights must not all be zero');
  const t = BigInt(total);
  const abs = t < 0n ? -t : t;
  const parts: Satang[] = [];
  let given = 0;
  weights.forEach((w, i) => {
    if (i === weights.length - 1) {
      parts.push(total - given);
      return;
    }
    const product = abs * BigInt(w);
    const quotient = product / totalWeight;
    const rounded = (product - quotient * totalWeight) * 2n >= totalWeight ? quotient + 1n : quotient;
    const part = Number(t < 0n ? -rounded : rounded);
    parts.push(part);
    given += part;
  });
  return parts;
}
