import type { GradeCounts } from '@smss/events';
import { computeAllocation, pickRate, shareForRound, type RateRow } from './allocation.calculator';
import { DEFAULT_RATES } from './default-rates';

const grade = (gradeLevel: GradeCounts['gradeLevel'], male: number, female: number, extremelyPoor = 0) => ({
  gradeLevel,
  male,
  female,
  poor: 0,
  extremelyPoor,
  disabled: 0,
  orphan: 0,
  stateless: 0,
  ethnicMinority: 0,
  classrooms: 1,
});

const rates: RateRow[] = DEFAULT_RATES.map((r) => ({ ...r }));

/** The known snapshot used here and in the integration test. */
export const KNOWN_GRADES = [
  grade('K2', 6, 4, 2), // 10 students, 2 extremely poor
  grade('P1', 12, 8, 5), // 20 students, 5 extremely poor
  grade('P4', 10, 5), // 15 students
  grade('M1', 9, 6, 3), // 15 students, 3 extremely poor
  grade('M4', 7, 5, 4), // 12 students; 4 extremely poor but the EEF transfer stops at M3
];

describe('subsidy allocation (worked out by hand)', () => {
  it('computes a term-1 allocation item by item from the default rates', () => {
    const result = computeAllocation({ round: 'TERM1', grades: KNOWN_GRADES }, rates);
    const byItem = Object.fromEntries(result.items.map((i) => [i.item, i.amount]));
    // Tuition, half a year: K 850×10 + P 950×35 + M1 1,750×15 + M4 1,900×12 = 8,500 + 33,250 + 26,250 + 22,800
    expect(byItem.TUITION).toBe('90800.00');
    // Textbooks, whole year, per grade: K2 200×10 + P1 625×20 + P4 673×15 + M1 764×15 + M4 1,318×12
    expect(byItem.TEXTBOOKS).toBe('51871.00');
    // Learning materials, half a year: K 100×10 + P 195×35 + M1 210×15 + M4 230×12
    expect(byItem.LEARNING_MATERIALS).toBe('13735.00');
    // Uniforms, whole year: K 300×10 + P 360×35 + M1 450×15 + M4 500×12
    expect(byItem.UNIFORMS).toBe('28350.00');
    // Activities, half a year: K 215×10 + P 240×35 + M1 440×15 + M4 475×12
    expect(byItem.STUDENT_ACTIVITIES).toBe('22850.00');
    // EEF: 1,500 a semester × (2 + 5 + 3) extremely poor students in K–M3; M4 gets none
    expect(byItem.EEF_CONDITIONAL_CASH_TRANSFER).toBe('15000.00');
    expect(result.items.find((i) => i.item === 'EEF_CONDITIONAL_CASH_TRANSFER')!.students).toBe(10);
    expect(result.total).toBe('222606.00');
    const p4Textbooks = result.lines.find((l) => l.item === 'TEXTBOOKS' && l.gradeLevel === 'P4')!;
    expect(p4Textbooks).toMatchObject({
      students: 15,
      ratePerYear: '673.00',
      ratePerRound: '673.00',
      amount: '10095.00',
    });
  });

  it('pays only the per-semester items in term 2 and nothing at the end-of-year round', () => {
    const term2 = computeAllocation({ round: 'TERM2', grades: KNOWN_GRADES }, rates);
    expect(term2.items.map((i) => i.item)).toEqual([
      'TUITION',
      'LEARNING_MATERIALS',
      'STUDENT_ACTIVITIES',
      'EEF_CONDITIONAL_CASH_TRANSFER',
    ]);
    expect(term2.total).toBe('142385.00'); // 90,800 + 13,735 + 22,850 + 15,000
    expect(computeAllocation({ round: 'END_OF_YEAR', grades: KNOWN_GRADES }, rates)).toEqual({
      items: [],
      lines: [],
      total: '0.00',
    });
  });

  it('rounds the per-semester rate per head half up to the satang before multiplying by the head count', () => {
    const odd: RateRow[] = [
      {
        fiscalYear: 2569,
        item: 'TUITION',
        appliesTo: 'PRIMARY',
        amountPerYear: '1001.01',
        schedule: 'PER_SEMESTER',
        verified: true,
      },
    ];
    const result = computeAllocation({ round: 'TERM1', grades: [grade('P2', 2, 1)] }, odd);
    // 1,001.01 / 2 = 500.505 → 500.51 per head; × 3 = 1,501.53 (not 1,501.515 rounded at the end)
    expect(result.lines[0]).toMatchObject({ ratePerRound: '500.51', amount: '1501.53' });
  });

  it('adds up duplicate grade rows and skips grades without students', () => {
    const result = computeAllocation(
      { round: 'TERM1', grades: [grade('P1', 1, 0), grade('P1', 0, 1), grade('P2', 0, 0)] },
      rates,
    );
    expect(result.lines.filter((l) => l.item === 'UNIFORMS')).toEqual([
      expect.objectContaining({ gradeLevel: 'P1', students: 2, amount: '720.00' }),
    ]);
  });

  it('picks the latest fiscal year’s rate, a grade-specific rate over its level on the same year', () => {
    const table: RateRow[] = [
      {
        fiscalYear: 2553,
        item: 'TEXTBOOKS',
        appliesTo: 'P4',
        amountPerYear: '673.00',
        schedule: 'ANNUAL_AT_TERM1',
        verified: false,
      },
      {
        fiscalYear: 2553,
        item: 'TEXTBOOKS',
        appliesTo: 'PRIMARY',
        amountPerYear: '600.00',
        schedule: 'ANNUAL_AT_TERM1',
        verified: false,
      },
    ];
    expect(pickRate(table, 'TEXTBOOKS', 'P4')!.amountPerYear).toBe('673.00');
    expect(pickRate(table, 'TEXTBOOKS', 'P5')!.amountPerYear).toBe('600.00');
    const newer = [...table, { ...table[1]!, fiscalYear: 2569, amountPerYear: '700.00' }];
    expect(pickRate(newer, 'TEXTBOOKS', 'P4')!.amountPerYear).toBe('700.00');
    expect(pickRate(table, 'EEF_CONDITIONAL_CASH_TRANSFER', 'M4')).toBeNull();
  });

  it('states the share each schedule pays per round', () => {
    expect(shareForRound('PER_SEMESTER', 'TERM1')).toBe(2);
    expect(shareForRound('PER_SEMESTER', 'TERM2')).toBe(2);
    expect(shareForRound('ANNUAL_AT_TERM1', 'TERM1')).toBe(1);
    expect(shareForRound('ANNUAL_AT_TERM1', 'TERM2')).toBeNull();
    expect(shareForRound('PER_SEMESTER', 'END_OF_YEAR')).toBeNull();
  });

  it('ships every default rate with a named source, and only the uniform rates as verified', () => {
    for (const r of DEFAULT_RATES) expect(r.source.length).toBeGreaterThan(10);
    const verified = DEFAULT_RATES.filter((r) => r.verified);
    expect(verified.map((r) => `${r.item}:${r.appliesTo}:${r.amountPerYear}`)).toEqual([
      'UNIFORMS:PRE_PRIMARY:300.00',
      'UNIFORMS:PRIMARY:360.00',
      'UNIFORMS:LOWER_SECONDARY:450.00',
      'UNIFORMS:UPPER_SECONDARY:500.00',
    ]);
    for (const r of DEFAULT_RATES.filter((x) => !x.verified)) expect(r.note).toMatch(/not checked/i);
  });
});
