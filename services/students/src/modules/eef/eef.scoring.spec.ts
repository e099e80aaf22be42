import { EEF_RULE, scoreScreening, type EefAnswers } from './eef.scoring';

const all = (option: (f: (typeof EEF_RULE.factors)[number]) => string) =>
  EEF_RULE.factors.map((f) => ({ factor: f.key, option: option(f) }));
const best = all((f) => f.options[0]!.key);
const worst = all((f) => f.options[f.options.length - 1]!.key);

const answers = (income: string, members: number, factors = worst): EefAnswers => ({
  householdMembers: members,
  householdMonthlyIncome: income,
  factors,
});

describe('EEF screening rule', () => {
  it('ships its source, the placeholder note and the 3,000-baht income threshold as data', () => {
    expect(EEF_RULE.incomeThresholdPerPersonMonthly).toBe('3000.00');
    expect(EEF_RULE.note).toMatch(/PLACEHOLDER/);
    expect(EEF_RULE.source).toMatch(/3,000/);
    expect(EEF_RULE.factors.length).toBeGreaterThanOrEqual(7);
  });

  it('is poor at exactly 3,000.00 baht per person and not poor one satang above', () => {
    expect(scoreScreening(answers('12000.00', 4))).toMatchObject({
      incomePerPerson: '3000.00',
      category: 'EXTREMELY_POOR',
    });
    // 3,000.0075 rounds down to 3,000.00: still at the threshold
    expect(scoreScreening(answers('12000.03', 4))).toMatchObject({
      incomePerPerson: '3000.00',
      eligible: true,
    });
    // 3,000.01 per person is above the threshold whatever the household factors
    expect(scoreScreening(answers('12000.04', 4))).toMatchObject({
      incomePerPerson: '3000.01',
      category: 'NOT_POOR',
      eligible: false,
    });
  });

  it('rounds income per person down to the satang, exactly (no float)', () => {
    expect(scoreScreening(answers('10000.00', 3)).incomePerPerson).toBe('3333.33');
    expect(scoreScreening(answers('9000.02', 3)).incomePerPerson).toBe('3000.00');
  });

  it('needs the factor cutoff for extremely poor; only extremely poor is eligible', () => {
    const poorButHoused = scoreScreening(answers('2000.00', 2, best));
    expect(poorButHoused).toMatchObject({ category: 'POOR', score: 0, eligible: false });
    const ex = scoreScreening(answers('2000.00', 2, worst));
    expect(ex.category).toBe('EXTREMELY_POOR');
    expect(ex.eligible).toBe(true);
    expect(ex.ruleVersion).toBe(EEF_RULE.version);
  });

  it('refuses unknown, missing and repeated factors and bad household figures, bilingually', () => {
    const bad = () =>
      scoreScreening({
        householdMembers: 0,
        householdMonthlyIncome: '-1.00',
        factors: [
          { factor: 'TENURE', option: 'CASTLE' },
          { factor: 'TENURE', option: 'OWN' },
          { factor: 'X', option: 'Y' },
        ],
      });
    expect(bad).toThrow(/household members/);
    try {
      bad();
    } catch (e: any) {
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.extensions.messageTh).toMatch(/คำตอบแบบคัดกรองไม่ถูกต้อง/);
      const fields = e.extensions.problems.map((p: any) => p.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'householdMembers',
          'householdMonthlyIncome',
          'factors.TENURE',
          'factors.X',
          'factors.DEPENDANTS',
        ]),
      );
    }
  });
});
