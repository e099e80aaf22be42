import { decimalAmount, nonNegativeAmount, positiveAmount } from './money-input';

describe('amount input fields', () => {
  it('accepts Decimal strings and canonicalises them to two decimals', () => {
    expect(decimalAmount.parse('1500')).toBe('1500.00');
    expect(positiveAmount.parse('0.5')).toBe('0.50');
    expect(nonNegativeAmount.parse('0')).toBe('0.00');
  });

  it('refuses numbers, malformed strings and amounts out of range', () => {
    expect(decimalAmount.safeParse(1500).success).toBe(false);
    expect(decimalAmount.safeParse('1,500.00').success).toBe(false);
    expect(decimalAmount.safeParse('1.005').success).toBe(false);
    expect(positiveAmount.safeParse('0.00').success).toBe(false);
    expect(nonNegativeAmount.safeParse('-0.01').success).toBe(false);
  });
});
