import { DMC_ROUNDS, GRADE_LEVELS, SUBSIDY_ITEMS, type GradeCounts } from '@smss/events';
import {
  compileRates,
  computeAllocation,
  computeAllocationInSatang,
  toAllocationLines,
  type RateRow,
  type SatangAllocation,
} from './allocation.calculator';
import { DEFAULT_RATES, type RateScope } from './default-rates';

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

/** The hand-worked snapshot of allocation.calculator.spec.ts. */
const KNOWN_GRADES = [
  grade('K2', 6, 4, 2),
  grade('P1', 12, 8, 5),
  grade('P4', 10, 5),
  grade('M1', 9, 6, 3),
  grade('M4', 7, 5, 4),
];

/** The parts `computeAllocation` returns, from a satang allocation. */
const asComputed = (a: SatangAllocation) => ({ items: a.items, lines: toAllocationLines(a), total: a.total });

const SCOPES: RateScope[] = ['PRE_PRIMARY', 'PRIMARY', 'LOWER_SECONDARY', 'UPPER_SECONDARY', ...GRADE_LEVELS];

/** A rate table over several fiscal years with odd satang amounts (halves that round up). */
function randomRates(rand: () => number): RateRow[] {
  const rows = new Map<string, RateRow>();
  for (let i = 0; i < 40; i += 1) {
    const row: RateRow = {
      fiscalYear: 2553 + Math.floor(rand() * 18),
      item: SUBSIDY_ITEMS[Math.floor(rand() * SUBSIDY_ITEMS.length)]!,
      appliesTo: SCOPES[Math.floor(rand() * SCOPES.length)]!,
      amountPerYear: `${Math.floor(rand() * 5000)}.${String(Math.floor(rand() * 100)).padStart(2, '0')}`,
      schedule: rand() < 0.5 ? 'PER_SEMESTER' : 'ANNUAL_AT_TERM1',
      verified: rand() < 0.3,
    };
    rows.set(`${row.item}:${row.appliesTo}:${row.fiscalYear}`, row);
  }
  return [...rows.values()];
}

function randomGrades(rand: () => number): GradeCounts[] {
  return GRADE_LEVELS.filter(() => rand() < 0.6).flatMap((gradeLevel) => {
    const copies = rand() < 0.1 ? 2 : 1; // duplicate grade rows are added together
    return Array.from({ length: copies }, () => {
      const male = Math.floor(rand() * 60);
      const female = Math.floor(rand() * 60);
      return {
        gradeLevel,
        male,
        female,
        poor: 0,
        extremelyPoor: Math.floor((male + female) * rand() * 0.3),
        disabled: 0,
        orphan: 0,
        stateless: 0,
        ethnicMinority: 0,
        classrooms: 1,
      };
    });
  });
}

describe('subsidy allocation in integer satang (the batch consumer’s calculator)', () => {
  it('gives the hand-worked term-1 and term-2 allocations of the decimal calculator', () => {
    for (const round of DMC_ROUNDS) {
      const fast = computeAllocationInSatang(
        { grades: KNOWN_GRADES },
        compileRates(DEFAULT_RATES, 2569, round),
      );
      expect(asComputed(fast)).toEqual(computeAllocation({ round, grades: KNOWN_GRADES }, DEFAULT_RATES));
      expect(fast.totalSatang).toBe(Number(fast.total.replace('.', '')));
      expect([...fast.itemSatang.values()].reduce((a, b) => a + b, 0)).toBe(fast.totalSatang);
    }
    const term1 = computeAllocationInSatang(
      { grades: KNOWN_GRADES },
      compileRates(DEFAULT_RATES, 2568, 'TERM1'),
    );
    expect(term1.total).toBe('222606.00');
  });

  it('rounds the per-semester rate per head half up before multiplying, as the decimal calculator does', () => {
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
    const grades = [grade('P2', 2, 1)];
    const result = computeAllocationInSatang({ grades }, compileRates(odd, 2569, 'TERM1'));
    expect(toAllocationLines(result)[0]).toMatchObject({ ratePerRound: '500.51', amount: '1501.53' });
    // A rate of a later fiscal year does not apply yet.
    expect(computeAllocationInSatang({ grades }, compileRates(odd, 2568, 'TERM1')).total).toBe('0.00');
  });

  it('agrees with the decimal calculator on 3,000 random snapshots and rate tables, line by line', () => {
    const rand = random(2569);
    for (let i = 0; i < 3000; i += 1) {
      const rates = randomRates(rand);
      const fiscalYear = 2553 + Math.floor(rand() * 20);
      const round = DMC_ROUNDS[Math.floor(rand() * DMC_ROUNDS.length)]!;
      const grades = randomGrades(rand);
      const fast = asComputed(computeAllocationInSatang({ grades }, compileRates(rates, fiscalYear, round)));
      const reference = computeAllocation(
        { round, grades },
        rates.filter((r) => r.fiscalYear <= fiscalYear),
      );
      expect(fast).toEqual(reference);
    }
  });
});
