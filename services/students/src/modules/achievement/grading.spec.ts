import { creditHalves, gpaOf, parseGrade, promotionCheck, type Grade, type GradedSubject } from './grading';

const s = (subjectCode: string, credits: number, grade: Grade): GradedSubject => ({
  subjectCode,
  creditHalves: creditHalves(credits)!,
  grade,
});

describe('GPA (credit-weighted, two decimals, truncated)', () => {
  it('weights grades by credits', () => {
    // (1.5×4 + 1.5×3 + 1.0×2.5) / (1.5 + 1.5 + 1.0) = (6 + 4.5 + 2.5) / 4 = 13 / 4 = 3.25
    expect(gpaOf([s('ท21101', 1.5, '4'), s('ค21101', 1.5, '3'), s('ว21101', 1, '2.5')])).toEqual({
      gpa: '3.25',
      credits: '4.0',
      pending: 0,
    });
  });

  it('truncates instead of rounding', () => {
    // (1×4 + 1×4 + 1×3.5) / 3 = 11.5 / 3 = 3.8333… → 3.83; (1×4 + 1×3.5 + 1×3.5) / 3 = 11 / 3 = 3.6666… → 3.66 (not 3.67)
    expect(gpaOf([s('a', 1, '4'), s('b', 1, '4'), s('c', 1, '3.5')]).gpa).toBe('3.83');
    expect(gpaOf([s('a', 1, '4'), s('b', 1, '3.5'), s('c', 1, '3.5')]).gpa).toBe('3.66');
  });

  it('handles half credits and half grades exactly', () => {
    // (0.5×1.5 + 2×2.5) / 2.5 = (0.75 + 5) / 2.5 = 5.75 / 2.5 = 2.30
    expect(gpaOf([s('a', 0.5, '1.5'), s('b', 2, '2.5')])).toMatchObject({ gpa: '2.30', credits: '2.5' });
    // a 0 counts: (1×4 + 1×0) / 2 = 2.00
    expect(gpaOf([s('a', 1, '4'), s('b', 1, '0')]).gpa).toBe('2.00');
  });

  it('leaves ร and มส out of the GPA (counted as pending) and activities out altogether', () => {
    // only ท21101 is graded: 1.5×3 / 1.5 = 3.00
    const f = gpaOf([
      s('ท21101', 1.5, '3'),
      s('ค21101', 1.5, 'ร'),
      s('ว21101', 1, 'มส'),
      s('ก21901', 0, 'ผ'),
    ]);
    expect(f).toEqual({ gpa: '3.00', credits: '1.5', pending: 2 });
    expect(gpaOf([s('ก21901', 0, 'ผ')]).gpa).toBeNull();
  });
});

describe('grades and credits as written', () => {
  it.each([
    ['4', '4'],
    ['4.0', '4'],
    ['3.50', '3.5'],
    ['๓.๕', '3.5'],
    [' 0 ', '0'],
    ['ผ่าน', 'ผ'],
    ['ไม่ผ่าน', 'มผ'],
    ['มส', 'มส'],
    ['ร', 'ร'],
  ])('reads %p as %p', (text, grade) => expect(parseGrade(text)).toBe(grade));

  it.each(['4.5', '3.25', '-1', 'A', '', 'มผ.'])('refuses %p', (text) => expect(parseGrade(text)).toBeNull());

  it('takes credits in halves only', () => {
    expect([creditHalves(1.5), creditHalves('๒'), creditHalves(0)]).toEqual([3, 4, 0]);
    expect([creditHalves(1.25), creditHalves(-1), creditHalves(21)]).toEqual([null, null, null]);
  });
});

describe('promotion', () => {
  it('passes a year with every subject ≥ 1 and every activity ผ', () => {
    expect(promotionCheck([s('a', 1, '1'), s('b', 1, '4'), s('g', 0, 'ผ')])).toEqual({
      eligible: true,
      blocking: [],
    });
  });

  it('is blocked by 0, ร, มส and มผ, naming each', () => {
    expect(
      promotionCheck([s('a', 1, '0'), s('b', 1, 'ร'), s('c', 1, 'มส'), s('g', 0, 'มผ'), s('d', 1, '1.5')]),
    ).toEqual({
      eligible: false,
      blocking: ['a 0', 'b ร', 'c มส', 'g มผ'],
    });
  });

  it('is not eligible with no result recorded', () => {
    expect(promotionCheck([]).eligible).toBe(false);
  });
});
