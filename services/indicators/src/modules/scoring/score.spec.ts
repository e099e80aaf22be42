import { scoreOf, stepsInOrder, toScoreString, totalOf, weightedScoreOf, type ScoringCriteria } from './score';

// Every expected figure below was worked out by hand (shown in the comments), not by the code under test.

const levels = (thresholds: string[], direction: ScoringCriteria['direction'] = 'HIGHER_IS_BETTER') =>
  ({ method: 'LEVELS', direction, thresholds, steps: [] }) as ScoringCriteria;

describe('LEVELS: five thresholds, linear between them', () => {
  const percent = levels(['60', '70', '80', '90', '100']);

  it.each([
    ['60', '1.00000'], // exactly threshold 1
    ['70', '2.00000'], // exactly threshold 2
    ['80', '3.00000'],
    ['90', '4.00000'],
    ['100', '5.00000'], // exactly threshold 5
  ])('scores a result of %s, exactly at a threshold, as %s', (value, expected) => {
    expect(scoreOf(percent, { value })).toBe(expected);
  });

  it.each([
    ['65', '1.50000'], // 1 + (65 − 60) ÷ 10
    ['72.5', '2.25000'], // 2 + 2.5 ÷ 10
    ['83.33333', '3.33333'], // 3 + 3.33333 ÷ 10 = 3.333333 → 3.33333
    ['86.66667', '3.66667'], // 3 + 6.66667 ÷ 10 = 3.666667 → 3.66667
    ['99.99994', '4.99999'], // 4 + 9.99994 ÷ 10 = 4.999994 → 4.99999
    ['99.99995', '5.00000'], // 4 + 9.99995 ÷ 10 = 4.999995 → 5.00000 (half up)
  ])('scores %s between two thresholds as %s', (value, expected) => {
    expect(scoreOf(percent, { value })).toBe(expected);
  });

  it('scores a result between the thresholds of levels 3 and 4 as 3.xxxxx', () => {
    expect(scoreOf(percent, { value: '84.21' })).toBe('3.42100'); // 3 + 4.21 ÷ 10
  });

  it('scores a result beyond level 5 as 5 and short of level 1 as 0', () => {
    expect(scoreOf(percent, { value: '130' })).toBe('5.00000');
    expect(scoreOf(percent, { value: '59.99999' })).toBe('0.00000');
    expect(scoreOf(percent, { value: '0' })).toBe('0.00000');
  });

  it('rounds only at the fifth place, half up', () => {
    // Gap 8: 1 + 0.00004 ÷ 8 = 1.000005 exactly → 1.00001 (half up; half-even would give 1.00000).
    expect(scoreOf(levels(['10', '18', '26', '34', '42']), { value: '10.00004' })).toBe('1.00001');
    // 1 + 0.00003 ÷ 8 = 1.00000375 → 1.00000
    expect(scoreOf(levels(['10', '18', '26', '34', '42']), { value: '10.00003' })).toBe('1.00000');
    // Gap 3: 2 + 1 ÷ 3 = 2.333333… → 2.33333; 2 + 2 ÷ 3 = 2.666666… → 2.66667
    const thirds = levels(['0', '3', '6', '9', '12']);
    expect(scoreOf(thirds, { value: '4' })).toBe('2.33333');
    expect(scoreOf(thirds, { value: '5' })).toBe('2.66667');
  });

  it('mirrors the scale when lower is better (a drop-out rate)', () => {
    const dropout = levels(['5', '4', '3', '2', '1'], 'LOWER_IS_BETTER');
    expect(scoreOf(dropout, { value: '5' })).toBe('1.00000');
    expect(scoreOf(dropout, { value: '2.5' })).toBe('3.50000'); // 3 + (3 − 2.5) ÷ (3 − 2)
    expect(scoreOf(dropout, { value: '1' })).toBe('5.00000');
    expect(scoreOf(dropout, { value: '0.4' })).toBe('5.00000');
    expect(scoreOf(dropout, { value: '5.1' })).toBe('0.00000');
    expect(scoreOf(dropout, { value: '4.25' })).toBe('1.75000'); // 1 + (5 − 4.25) ÷ 1
  });

  it('handles uneven gaps between thresholds', () => {
    const uneven = levels(['1000', '1500', '1750', '1800', '2000']);
    expect(scoreOf(uneven, { value: '1600' })).toBe('2.40000'); // 2 + 100 ÷ 250
    expect(scoreOf(uneven, { value: '1790' })).toBe('3.80000'); // 3 + 40 ÷ 50
    expect(scoreOf(uneven, { value: '1950' })).toBe('4.75000'); // 4 + 150 ÷ 200
  });

  it('gives no score while there is no value', () => {
    expect(scoreOf(percent, { value: null })).toBeNull();
  });

  it('gives the same digits for the same input every time', () => {
    const runs = new Set(Array.from({ length: 100 }, () => scoreOf(percent, { value: '83.33333' })));
    expect([...runs]).toEqual(['3.33333']);
  });
});

describe('CHECKLIST: steps done in order', () => {
  const five = { method: 'CHECKLIST', direction: null, thresholds: [], steps: ['a', 'b', 'c', 'd', 'e'] } as const;
  const three = { method: 'CHECKLIST', direction: null, thresholds: [], steps: ['a', 'b', 'c'] } as const;

  it('scores five steps as the number of steps done', () => {
    expect(scoreOf(five, { stepsDone: [] })).toBe('0.00000');
    expect(scoreOf(five, { stepsDone: [1, 2, 3] })).toBe('3.00000');
    expect(scoreOf(five, { stepsDone: [1, 2, 3, 4, 5] })).toBe('5.00000');
  });

  it('counts a step only when every earlier step is done', () => {
    expect(stepsInOrder([1, 2, 4, 5], 5)).toBe(2);
    expect(scoreOf(five, { stepsDone: [1, 2, 4, 5] })).toBe('2.00000');
    expect(scoreOf(five, { stepsDone: [2, 3] })).toBe('0.00000');
  });

  it('scales other step counts to five', () => {
    expect(scoreOf(three, { stepsDone: [1] })).toBe('1.66667'); // 5 × 1 ÷ 3 = 1.666… → 1.66667
    expect(scoreOf(three, { stepsDone: [1, 2] })).toBe('3.33333'); // 5 × 2 ÷ 3 = 3.333… → 3.33333
  });
});

describe('YES_NO', () => {
  const yesNo = { method: 'YES_NO', direction: null, thresholds: [], steps: [] } as const;
  it('scores 5 when achieved and 0 when not', () => {
    expect(scoreOf(yesNo, { achieved: true })).toBe('5.00000');
    expect(scoreOf(yesNo, { achieved: false })).toBe('0.00000');
    expect(scoreOf(yesNo, {})).toBeNull();
  });
});

describe('weighted scores and totals', () => {
  it('is score × weight ÷ 100, five places, half up', () => {
    expect(weightedScoreOf('3.42100', '40')).toBe('1.36840'); // 3.421 × 0.4
    expect(weightedScoreOf('3.33333', '15')).toBe('0.50000'); // 0.4999995 → 0.50000 (half up)
    expect(weightedScoreOf('2.66667', '12.5')).toBe('0.33333'); // 0.33333375 → 0.33333
    expect(weightedScoreOf('5.00000', '100')).toBe('5.00000');
    expect(weightedScoreOf(null, '10')).toBeNull();
  });

  it('adds up a card whose weights sum to 100 to the sum of its printed lines', () => {
    // Worked example (README): four indicators, weights 40 + 30 + 20 + 10 = 100.
    const lines = [
      weightedScoreOf('3.42100', '40'), // 1.36840
      weightedScoreOf('4.50000', '30'), // 1.35000
      weightedScoreOf('3.00000', '20'), // 0.60000
      weightedScoreOf('1.66667', '10'), // 0.166667 → 0.16667
    ];
    expect(lines).toEqual(['1.36840', '1.35000', '0.60000', '0.16667']);
    expect(totalOf(lines)).toBe('3.48507'); // 1.36840 + 1.35000 + 0.60000 + 0.16667
  });

  it('writes every score with exactly five places and no negative zero', () => {
    expect(toScoreString('3.5')).toBe('3.50000');
    expect(toScoreString('-0.000001')).toBe('0.00000');
    expect(totalOf([])).toBe('0.00000');
  });
});
