import { createHash } from 'node:crypto';
import {
  assessNutrition,
  classify,
  lmsAt,
  lmsValue,
  NUTRITION_CUTOFFS,
  parseLmsTable,
  thaiLabel,
  zScore,
} from './growth-reference';
import { BFA_WHO2007_TSV, HFA_WHO2007_TSV, WFA_WHO2007_TSV } from './who2007.lms';

const crlfSha = (tsv: string) => createHash('sha256').update(tsv.replace(/\n/g, '\r\n')).digest('hex');

describe('the shipped WHO 2007 tables', () => {
  it('are byte for byte the anthroplus files (SHA-256 of the CRLF original)', () => {
    expect(crlfSha(BFA_WHO2007_TSV)).toBe('70ef3260df08e48ce560c28cff4e733db78fb952cbd881eba63c9d3a15f38a6a');
    expect(crlfSha(HFA_WHO2007_TSV)).toBe('9ac02aa4908f8ec3c6ba2362a4c7e1356043408b2873548ca22eedc016c235ad');
    expect(crlfSha(WFA_WHO2007_TSV)).toBe('9234dc640ba54001a9afd42ef15ab675b211a721c8f3c0a07c3431fd9cea0e1c');
  });

  it('hold both sexes for every month of their range', () => {
    expect(parseLmsTable(BFA_WHO2007_TSV).size).toBe(2 * (229 - 60 + 1));
    expect(parseLmsTable(HFA_WHO2007_TSV).size).toBe(2 * (229 - 60 + 1));
    expect(parseLmsTable(WFA_WHO2007_TSV).size).toBe(2 * (121 - 60 + 1));
  });
});

describe('LMS z-scores, worked by hand from rows of the shipped tables', () => {
  it('height-for-age, boy, 120 months, 131.4 cm', () => {
    // hfawho2007 row "1 120 1 137.7795 0.04626": L = 1, so z = (X/M − 1)/S
    //   = (131.4 / 137.7795 − 1) / 0.04626 = (0.953698 − 1) / 0.04626 = −0.046302 / 0.04626 = −1.0009
    expect(zScore('heightForAge', 'MALE', 120, 131.4)).toBeCloseTo(-1.0009, 4);
    expect(classify('heightForAge', -1.0009)?.th).toBe('สูงตามเกณฑ์');
  });

  it('BMI-for-age, girl, 150 months, 40 kg and 150 cm', () => {
    // BMI = 40 / 1.5² = 17.7778; bfawho2007 row "2 150 -1.3621 18.3986 0.13295":
    //   (17.7778 / 18.3986)^−1.3621 = 0.966257^−1.3621 = 1.047865
    //   z = (1.047865 − 1) / (−1.3621 × 0.13295) = 0.047865 / −0.181091 = −0.2643
    expect(zScore('bmiForAge', 'FEMALE', 150, 40 / 1.5 ** 2)).toBeCloseTo(-0.2643, 4);
  });

  it('weight-for-age, girl, 84 months, 16 kg: underweight', () => {
    // wfawho2007 row "2 84 -0.5347 22.3740 0.15556":
    //   (16 / 22.3740)^−0.5347 = 0.715116^−0.5347 = 1.196368
    //   z = (1.196368 − 1) / (−0.5347 × 0.15556) = 0.196368 / −0.083178 = −2.3608 (between −3 and −2: not restricted)
    const z = zScore('weightForAge', 'FEMALE', 84, 16)!;
    expect(z).toBeCloseTo(-2.3608, 4);
    expect(classify('weightForAge', z)).toMatchObject({ status: 'UNDERWEIGHT', th: 'น้ำหนักน้อยกว่าเกณฑ์' });
  });

  it('restricts BMI beyond +3 SD the WHO way (boy, 96 months, BMI 30)', () => {
    // bfawho2007 row "1 96 -1.4629 15.7368 0.09526"; plain z = 4.3836 > 3, so:
    //   SD3 = M(1 + L·S·3)^(1/L) = 15.7368 × (1 − 1.4629 × 0.09526 × 3)^(−1/1.4629) = 22.7847
    //   SD2 = 15.7368 × (1 − 1.4629 × 0.09526 × 2)^(−1/1.4629) = 19.6748
    //   z = 3 + (30 − 22.7847) / (22.7847 − 19.6748) = 3 + 7.2153 / 3.1099 = 5.3201
    const z = zScore('bmiForAge', 'MALE', 96, 30)!;
    expect(z).toBeCloseTo(5.3201, 3);
    expect(classify('weightForHeight', z)).toMatchObject({ status: 'OBESE', th: 'อ้วน' });
  });

  it('interpolates L, M, S between months (boy, 120.5 months, 140 cm)', () => {
    // rows 120 (137.7795, 0.04626) and 121 (138.2119, 0.04633): M = 137.7795 + 0.5 × 0.4324 = 137.9957,
    //   S = 0.04626 + 0.5 × 0.00007 = 0.046295; z = (140 / 137.9957 − 1) / 0.046295 = 0.3137
    expect(lmsAt('heightForAge', 'MALE', 120.5)).toEqual({
      l: 1,
      m: expect.closeTo(137.9957, 4),
      s: expect.closeTo(0.046295, 6),
    });
    expect(zScore('heightForAge', 'MALE', 120.5, 140)).toBeCloseTo(0.3137, 4);
  });

  it('assesses nothing outside 61–228 months (weight-for-age: 120)', () => {
    expect(zScore('heightForAge', 'MALE', 60.9, 110)).toBeNull();
    expect(zScore('heightForAge', 'MALE', 228.5, 170)).toBeNull();
    expect(zScore('weightForAge', 'MALE', 121, 30)).toBeNull();
    expect(zScore('bmiForAge', 'FEMALE', 228, 21)).not.toBeNull();
  });

  it('assesses a measurement from dates (age = days / 30.4375)', () => {
    // 2016-05-16 → 2026-06-10: 3677 days / 30.4375 = 120.80 months
    const a = assessNutrition({
      sex: 'MALE',
      birthDate: '2016-05-16',
      measuredOn: '2026-06-10',
      weightKg: 20,
      heightCm: 140,
    });
    expect(a.ageMonths).toBeCloseTo(3677 / 30.4375, 6);
    expect(a.weightForAge).toBeNull(); // over 120 months: no weight-for-age in the WHO 2007 reference
    expect(a.heightForAge).toBe('NORMAL');
    // BMI 20 / 1.4² = 10.20: far below −3 SD
    expect(a.weightForHeight).toBe('THIN');
  });
});

describe('Thai cut-offs at their boundaries', () => {
  it.each([
    [-2.0001, 'THIN', 'ผอม'],
    [-2, 'SOMEWHAT_THIN', 'ค่อนข้างผอม'],
    [-1.5001, 'SOMEWHAT_THIN', 'ค่อนข้างผอม'],
    [-1.5, 'NORMAL', 'สมส่วน'],
    [1.5, 'NORMAL', 'สมส่วน'],
    [1.5001, 'PLUMP', 'ท้วม'],
    [2, 'PLUMP', 'ท้วม'],
    [2.0001, 'OVERWEIGHT', 'เริ่มอ้วน'],
    [3, 'OVERWEIGHT', 'เริ่มอ้วน'],
    [3.0001, 'OBESE', 'อ้วน'],
  ])('weight-for-height z = %p → %s', (z, status, th) => {
    expect(classify('weightForHeight', z)).toMatchObject({ status, th });
    expect(thaiLabel('weightForHeight', status)).toBe(th);
  });

  it.each([
    [-2.0001, 'SHORT'],
    [-2, 'SOMEWHAT_SHORT'],
    [-1.5, 'NORMAL'],
    [1.5, 'NORMAL'],
    [2, 'SOMEWHAT_TALL'],
    [2.0001, 'TALL'],
  ])('height-for-age z = %p → %s', (z, status) => {
    expect(classify('heightForAge', z)?.status).toBe(status);
  });

  it('finds the −2 SD line on the table: a boy of 120 months at 125.03 cm is short, at 125.04 somewhat short', () => {
    // −2 SD height = M(1 − 2S) = 137.7795 × (1 − 0.09252) = 125.0321 cm
    const lms = lmsAt('heightForAge', 'MALE', 120)!;
    expect(lmsValue(-2, lms)).toBeCloseTo(125.0321, 4);
    expect(classify('heightForAge', zScore('heightForAge', 'MALE', 120, 125.03))?.status).toBe('SHORT');
    expect(classify('heightForAge', zScore('heightForAge', 'MALE', 120, 125.04))?.status).toBe(
      'SOMEWHAT_SHORT',
    );
  });

  it('gives every band a Thai and an English label', () => {
    for (const bands of Object.values(NUTRITION_CUTOFFS))
      for (const b of bands) expect([b.th.length > 0, b.en.length > 0]).toEqual([true, true]);
  });
});
