import {
  accumulatedDepreciation,
  bookValue,
  bookValueAtYearEnd,
  bookValueOnDisposal,
  depreciationSchedule,
  type DepreciableAsset,
} from './depreciation';

/*
 * Worked by hand (the working is in each comment). Fiscal year 2569 = 1 Oct 2025 – 30 Sep 2026 (365 days);
 * FY 2571 = 1 Oct 2027 – 30 Sep 2028 holds 29 Feb 2028 (366 days).
 */
const asset = (over: Partial<DepreciableAsset>): DepreciableAsset => ({
  cost: '10000.00',
  capitalised: true,
  usefulLifeYears: 5,
  acquiredOn: '2025-10-01',
  disposedOn: null,
  ...over,
});
const charges = (a: DepreciableAsset) =>
  depreciationSchedule(a).map((r) => [r.fiscalYear, r.depreciation, r.closingBookValue]);

describe('straight-line depreciation by fiscal year', () => {
  it('charges a notebook received on the first day of a fiscal year cost ÷ life a year and keeps 1 baht on the register', () => {
    // 24,500.00 ÷ 5 = 4,900.00 a year; FY 2569–2572 full years; FY 2573: 24,499.00 − 19,600.00 = 4,899.00 → 1.00.
    const notebook = asset({ cost: '24500.00', usefulLifeYears: 5, acquiredOn: '2025-10-01' });
    expect(charges(notebook)).toEqual([
      [2569, '4900.00', '19600.00'],
      [2570, '4900.00', '14700.00'],
      [2571, '4900.00', '9800.00'],
      [2572, '4900.00', '4900.00'],
      [2573, '4899.00', '1.00'],
    ]);
    // The leap fiscal year 2571 (366 days) is still one full year's charge.
    expect(depreciationSchedule(notebook)[2]).toMatchObject({ daysInUse: 366, daysInYear: 366 });
    expect(bookValueAtYearEnd(notebook, 2580)).toBe('1.00');
  });

  it('charges a van received mid-year for its days in the first fiscal year and ends in the ninth', () => {
    // 1,250,000.00 ÷ 8 = 156,250.00. 15 Mar – 30 Sep 2026 = 17+30+31+30+31+31+30 = 200 days:
    // 156,250 × 200 ÷ 365 = 85,616.438… → 85,616.44. FY 2570–2576: 7 × 156,250 → accumulated 1,179,366.44;
    // FY 2577: 1,249,999.00 − 1,179,366.44 = 70,632.56 → 1.00.
    const van = asset({ cost: '1250000.00', usefulLifeYears: 8, acquiredOn: '2026-03-15' });
    const schedule = depreciationSchedule(van);
    expect(schedule[0]).toEqual({
      fiscalYear: 2569,
      daysInUse: 200,
      daysInYear: 365,
      openingBookValue: '1250000.00',
      depreciation: '85616.44',
      accumulatedDepreciation: '85616.44',
      closingBookValue: '1164383.56',
    });
    expect(schedule.slice(1, 8).every((r) => r.depreciation === '156250.00')).toBe(true);
    expect(schedule[7]).toMatchObject({
      fiscalYear: 2576,
      accumulatedDepreciation: '1179366.44',
      closingBookValue: '70633.56',
    });
    expect(schedule[8]).toMatchObject({
      fiscalYear: 2577,
      depreciation: '70632.56',
      closingBookValue: '1.00',
    });
    expect(schedule).toHaveLength(9);
  });

  it('gives the book value on any day: full years before it and the days of its fiscal year so far', () => {
    // The van on 31 Dec 2026: FY 2570 so far = 31+30+31 = 92 days: 156,250 × 92 ÷ 365 = 39,383.561… → 39,383.56;
    // 85,616.44 + 39,383.56 = 125,000.00 charged → 1,125,000.00.
    const van = asset({ cost: '1250000.00', usefulLifeYears: 8, acquiredOn: '2026-03-15' });
    expect(accumulatedDepreciation(van, '2026-12-31')).toBe('125000.00');
    expect(bookValue(van, '2026-12-31')).toBe('1125000.00');
    // The day it arrives: 156,250 × 1 ÷ 365 = 428.08.
    expect(bookValue(van, '2026-03-15')).toBe('1249571.92');
    expect(bookValue(van, '2026-03-14')).toBeNull();
  });

  it('charges a motorcycle received on 9 October 357 days in its first year and ends it in the sixth', () => {
    // 45,000.00 ÷ 5 = 9,000.00. 9 Oct 2025 – 30 Sep 2026 = 23+30+31+31+28+31+30+31+30+31+31+30 = 357 days:
    // 9,000 × 357 ÷ 365 = 8,802.739… → 8,802.74. Four full years → 44,802.74; FY 2574: 44,999.00 − 44,802.74 = 196.26.
    const motorcycle = asset({ cost: '45000.00', usefulLifeYears: 5, acquiredOn: '2025-10-09' });
    expect(charges(motorcycle)).toEqual([
      [2569, '8802.74', '36197.26'],
      [2570, '9000.00', '27197.26'],
      [2571, '9000.00', '18197.26'],
      [2572, '9000.00', '9197.26'],
      [2573, '9000.00', '197.26'],
      [2574, '196.26', '1.00'],
    ]);
  });

  it('rounds the yearly charge and a part year on 29 February of a leap fiscal year', () => {
    // 33,333.33 ÷ 10 = 3,333.333 → 3,333.33. 29 Feb – 30 Sep 2028 = 1+31+30+31+30+31+31+30 = 215 days of 366:
    // 3,333.33 × 215 ÷ 366 = 1,958.103… → 1,958.10. Nine full years → 31,958.07; FY 2581: 33,332.33 − 31,958.07 = 1,374.26.
    const set = asset({ cost: '33333.33', usefulLifeYears: 10, acquiredOn: '2028-02-29' });
    const schedule = depreciationSchedule(set);
    expect(schedule[0]).toMatchObject({
      fiscalYear: 2571,
      daysInUse: 215,
      daysInYear: 366,
      depreciation: '1958.10',
    });
    expect(schedule[9]).toMatchObject({ fiscalYear: 2580, accumulatedDepreciation: '31958.07' });
    expect(schedule[10]).toMatchObject({
      fiscalYear: 2581,
      depreciation: '1374.26',
      closingBookValue: '1.00',
    });
    expect(schedule).toHaveLength(11);
  });

  it('stops charging the day before a disposal and gives the book value on the disposal day', () => {
    // The notebook sold on 1 Apr 2027: FY 2570 on the register 1 Oct 2026 – 31 Mar 2027 = 31+30+31+31+28+31 = 182 days:
    // 4,900 × 182 ÷ 365 = 2,443.287… → 2,443.29; 4,900.00 + 2,443.29 = 7,343.29 → 17,156.71.
    const sold = asset({ cost: '24500.00', acquiredOn: '2025-10-01', disposedOn: '2027-04-01' });
    expect(charges(sold)).toEqual([
      [2569, '4900.00', '19600.00'],
      [2570, '2443.29', '17156.71'],
    ]);
    expect(bookValueOnDisposal({ ...sold }, '2027-04-01')).toBe('17156.71');
    expect(bookValue(sold, '2027-03-31')).toBe('17156.71');
    expect(bookValue(sold, '2027-04-01')).toBeNull();
    expect(bookValueAtYearEnd(sold, 2570)).toBeNull();
  });

  it('does not depreciate a durable good below the capitalisation threshold', () => {
    const chair = asset({ cost: '3500.00', capitalised: false });
    expect(depreciationSchedule(chair)).toEqual([]);
    expect(bookValue(chair, '2026-01-01')).toBeNull();
    expect(bookValueOnDisposal(chair, '2026-01-01')).toBe('0.00');
  });

  it('never charges more than cost less the residual value, however the rounding falls', () => {
    for (const [cost, life] of [
      ['10000.00', 3],
      ['10000.01', 7],
      ['99999.99', 9],
      ['12345.67', 40],
    ] as const) {
      for (const acquiredOn of ['2025-10-01', '2026-02-28', '2027-09-30', '2028-02-29']) {
        const s = depreciationSchedule(asset({ cost, usefulLifeYears: life, acquiredOn }));
        expect(s.at(-1)!.closingBookValue).toBe('1.00');
        expect(s.every((r) => Number(r.depreciation) > 0)).toBe(true);
        expect(s.length).toBeLessThanOrEqual(life + 1);
      }
    }
  });
});
