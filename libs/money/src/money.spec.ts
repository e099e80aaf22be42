import {
  add,
  allocate,
  compare,
  divideRounded,
  fromNumeric,
  isMoneyString,
  isNegative,
  money,
  multiplyByCount,
  percentOf,
  roundToSatang,
  splitEvenly,
  subtract,
  sum,
  toMoneyString,
  toNumeric,
  toSpreadsheetNumber,
} from './money';

const strings = (values: Array<{ toFixed: (n: number) => string }>) => values.map((v) => v.toFixed(2));

describe('exact money arithmetic', () => {
  it('adds amounts that a float gets wrong, exactly', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in JS floats.
    expect(toMoneyString(add('0.10', '0.20'))).toBe('0.30');
    expect(toMoneyString(sum(Array.from({ length: 1000 }, () => '0.01')))).toBe('10.00');
    expect(toMoneyString(subtract('1000000000.03', '0.01'))).toBe('1000000000.02');
    expect(toMoneyString(sum([]))).toBe('0.00');
  });

  it('refuses JS numbers and malformed text as amounts', () => {
    expect(() => money(12.5 as unknown as string)).toThrow(/decimal string/);
    expect(() => money('1,500.00')).toThrow(/not a decimal/);
    expect(() => money('1e3')).toThrow(/not a decimal/);
    expect(() => money('')).toThrow(/not a decimal/);
  });

  it('multiplies a per-head rate by a whole head count without rounding', () => {
    expect(toMoneyString(multiplyByCount('950.00', 37))).toBe('35150.00');
    expect(toMoneyString(multiplyByCount('500.51', 3))).toBe('1501.53');
    expect(() => multiplyByCount('1.00', 1.5)).toThrow(/whole number/);
    expect(() => multiplyByCount('1.00', -1)).toThrow(/whole number/);
  });

  it('rounds half a satang away from zero (ROUND_HALF_UP) and says so when asked for text', () => {
    expect(roundToSatang('0.005').toFixed(2)).toBe('0.01');
    expect(roundToSatang('0.0049').toFixed(2)).toBe('0.00');
    expect(roundToSatang('-0.005').toFixed(2)).toBe('-0.01');
    expect(roundToSatang('2.675').toFixed(2)).toBe('2.68'); // a float would give 2.67
    expect(() => toMoneyString('1.005')).toThrow(/round it explicitly/);
    expect(toMoneyString('-0')).toBe('0.00');
  });

  it('halves a yearly rate per semester rounded to the satang', () => {
    expect(divideRounded('1900.00', 2).toFixed(2)).toBe('950.00');
    expect(divideRounded('1001.01', 2).toFixed(2)).toBe('500.51'); // 500.505 → 500.51
    expect(divideRounded('100.00', 3).toFixed(2)).toBe('33.33');
  });

  it('computes withholding tax as a percentage rounded half up to the satang', () => {
    expect(percentOf('1234.50', '3').toFixed(2)).toBe('37.04'); // 37.035
    expect(percentOf('10000.00', '1.00').toFixed(2)).toBe('100.00');
    expect(percentOf('0.50', '1').toFixed(2)).toBe('0.01'); // 0.005
  });

  it('splits an amount so the parts add up exactly, the remainder on the last part', () => {
    expect(strings(splitEvenly('100.00', 3))).toEqual(['33.33', '33.33', '33.34']);
    expect(strings(splitEvenly('0.05', 2))).toEqual(['0.03', '0.02']);
    expect(strings(allocate('1000.00', [1, 2, 3]))).toEqual(['166.67', '333.33', '500.00']);
    expect(strings(allocate('10.00', [0, 1]))).toEqual(['0.00', '10.00']);
    for (const total of ['0.01', '99.99', '123456789012.34', '-10.00']) {
      const parts = allocate(total, [3, 7, 11, 1]);
      expect(toMoneyString(sum(parts))).toBe(toMoneyString(total));
    }
    expect(() => allocate('1.00', [])).toThrow(/at least one/);
    expect(() => allocate('1.00', [0, 0])).toThrow(/not all be zero/);
    expect(() => allocate('1.001', [1])).toThrow(/satang/);
  });

  it('compares and classifies amounts', () => {
    expect(compare('10.00', '9.99')).toBe(1);
    expect(compare('10', '10.00')).toBe(0);
    expect(isNegative('-0.01')).toBe(true);
    expect(isNegative('0.00')).toBe(false);
    expect(isMoneyString('123456789012.99')).toBe(true);
    expect(isMoneyString('1234567890123')).toBe(false);
    expect(isMoneyString(12)).toBe(false);
  });
});

describe('PostgreSQL NUMERIC conversion', () => {
  it('reads NUMERIC strings and writes canonical two-decimal parameters', () => {
    expect(fromNumeric('1500.50')!.toFixed(2)).toBe('1500.50');
    expect(fromNumeric(null)).toBeNull();
    expect(toNumeric('7')).toBe('7.00');
    expect(toNumeric(money('999999999999.99'))).toBe('999999999999.99');
  });

  it('fails loudly when a NUMERIC arrives as a number (a type parser was installed)', () => {
    expect(() => fromNumeric(1500.5 as unknown as string)).toThrow(/type parser/);
  });

  it('writes spreadsheet numbers only when they print back to the same decimal', () => {
    expect(toSpreadsheetNumber('999999999999.99')).toBe(999999999999.99);
    expect(toSpreadsheetNumber('0.10')).toBe(0.1);
  });
});
