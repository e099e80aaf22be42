import { allocate, divideRounded, multiplyByCount, sum, toMoneyString } from './money';
import {
  allocateSatang,
  divideSatangRounded,
  formatSatang,
  multiplySatang,
  satangOf,
  sumSatang,
} from './satang';

/** A deterministic generator (mulberry32), so a failure names the case that broke. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const amountText = (rand: () => number) => {
  const whole = Math.floor(rand() * 10 ** Math.floor(rand() * 12));
  const cents = Math.floor(rand() * 100);
  return `${rand() < 0.2 ? '-' : ''}${whole}.${String(cents).padStart(2, '0')}`;
};

describe('money in integer satang (the bulk fast path)', () => {
  it('reads and writes the same text as the decimal functions', () => {
    expect(satangOf('1001.01')).toBe(100101);
    expect(satangOf('950')).toBe(95000);
    expect(satangOf('0.5')).toBe(50);
    expect(satangOf('-0.05')).toBe(-5);
    expect(satangOf('-0.00')).toBe(0);
    expect(formatSatang(100101)).toBe('1001.01');
    expect(formatSatang(5)).toBe('0.05');
    expect(formatSatang(-5)).toBe('-0.05');
    expect(formatSatang(0)).toBe('0.00');
    expect(formatSatang(99999999999999)).toBe('999999999999.99');
    const rand = random(1);
    for (let i = 0; i < 2000; i += 1) {
      const text = amountText(rand);
      expect(formatSatang(satangOf(text))).toBe(toMoneyString(text));
    }
  });

  it('refuses floats, a third decimal and amounts beyond the exact range', () => {
    expect(() => satangOf(12.5 as unknown as string)).toThrow(/decimal string/);
    expect(() => satangOf('10.005')).toThrow(/at most two decimals/);
    expect(() => satangOf('1e3')).toThrow(/at most two decimals/);
    expect(() => satangOf('1,500.00')).toThrow(/at most two decimals/);
    expect(() => satangOf('900719925474099.99')).toThrow(RangeError);
    expect(() => multiplySatang(2 ** 52, 4)).toThrow(RangeError);
    expect(() => multiplySatang(100, 1.5)).toThrow(RangeError);
    expect(() => formatSatang(0.5)).toThrow(RangeError);
  });

  it('rounds a division half up to the satang, away from zero, as divideRounded does', () => {
    expect(divideSatangRounded(100101, 2)).toBe(50051); // 500.505 → 500.51
    expect(divideSatangRounded(-100101, 2)).toBe(-50051); // −500.505 → −500.51
    expect(divideSatangRounded(100, 3)).toBe(33); // 0.333… → 0.33
    expect(divideSatangRounded(200, 3)).toBe(67); // 0.666… → 0.67
    const rand = random(2);
    for (let i = 0; i < 5000; i += 1) {
      const text = amountText(rand);
      const parts = 1 + Math.floor(rand() * 12);
      expect(formatSatang(divideSatangRounded(satangOf(text), parts))).toBe(
        toMoneyString(divideRounded(text, parts)),
      );
    }
  });

  it('multiplies by a head count and sums exactly, as multiplyByCount and sum do', () => {
    const rand = random(3);
    for (let i = 0; i < 2000; i += 1) {
      const rate = `${Math.floor(rand() * 100000)}.${String(Math.floor(rand() * 100)).padStart(2, '0')}`;
      const count = Math.floor(rand() * 5000);
      expect(formatSatang(multiplySatang(satangOf(rate), count))).toBe(
        toMoneyString(multiplyByCount(rate, count)),
      );
    }
    const texts = Array.from({ length: 500 }, () => amountText(rand));
    expect(formatSatang(sumSatang(texts.map(satangOf)))).toBe(toMoneyString(sum(texts)));
  });

  it('splits with the remainder on the last part, as allocate does', () => {
    expect(allocateSatang(10000, [1, 1, 1]).map(formatSatang)).toEqual(['33.33', '33.33', '33.34']);
    const rand = random(4);
    for (let i = 0; i < 2000; i += 1) {
      const text = amountText(rand);
      const weights = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => Math.floor(rand() * 1000));
      if (!weights.some((w) => w > 0)) weights[0] = 1;
      expect(allocateSatang(satangOf(text), weights).map(formatSatang)).toEqual(
        allocate(toMoneyString(text), weights).map((d) => toMoneyString(d)),
      );
    }
  });
});
