import { z } from 'zod';
import { isMoneyString, money, toMoneyString } from './money';

/*
 * Amounts at the edge of a write, as zod fields: a service's input schema uses these instead of its own
 * copy. The Decimal scalar has already canonicalised the text; numbers are refused.
 */

/** A Decimal amount as services accept it: a valid decimal string, canonicalised to two decimals. */
export const decimalAmount = z
  .custom<string>((v) => isMoneyString(v), {
    message: 'must be a Decimal string such as "1500.00" (numbers are refused)',
  })
  .transform((v) => toMoneyString(v));

export const positiveAmount = decimalAmount.refine(
  (v) => money(v).greaterThan(0),
  'must be greater than zero',
);

export const nonNegativeAmount = decimalAmount.refine((v) => !money(v).isNegative(), 'must not be negative');
