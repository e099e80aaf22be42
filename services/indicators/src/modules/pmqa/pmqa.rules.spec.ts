import { categoryOutcome, overallOutcome, parseCriterionInput, type CriterionAssessmentFacts } from './pmqa.rules';

const item = (n: number) => ({ number: n, title: `หลักฐาน ${n}`, description: null, fileId: null, responsiblePerson: null });
const assessed = (level: CriterionAssessmentFacts['level'], items = 2): CriterionAssessmentFacts => ({
  level,
  approach: 'A',
  deployment: 'D',
  learning: 'L',
  results: 'R',
  evidence: Array.from({ length: items }, (_, i) => item(i + 1)),
});

describe('PMQA 4.0 outcomes', () => {
  it('gives a category the lowest level of its criteria once every one is complete', () => {
    expect(categoryOutcome([assessed('SIGNIFICANCE'), assessed('ADVANCE', 5)])).toEqual({ level: 'ADVANCE', status: 'COMPLETE' });
    expect(categoryOutcome([assessed('SIGNIFICANCE'), null])).toEqual({ level: 'NOT_ASSESSED', status: 'IN_PROGRESS' });
    expect(categoryOutcome([assessed('BASIC', 1)])).toEqual({ level: 'NOT_ASSESSED', status: 'IN_PROGRESS' });
    expect(categoryOutcome([null, null])).toEqual({ level: 'NOT_ASSESSED', status: 'NOT_STARTED' });
    expect(categoryOutcome([])).toEqual({ level: 'NOT_ASSESSED', status: 'NOT_STARTED' });
  });

  it('completes the assessment only with all 7 categories and the organisational profile', () => {
    const complete = { level: 'ADVANCE' as const, status: 'COMPLETE' as const };
    const seven = Array.from({ length: 7 }, () => complete);
    expect(overallOutcome(seven, true)).toEqual({ level: 'ADVANCE', status: 'COMPLETE' });
    expect(overallOutcome([...seven.slice(0, 6), { level: 'BASIC', status: 'COMPLETE' }], true).level).toBe('BASIC');
    expect(overallOutcome(seven, false)).toEqual({ level: 'NOT_ASSESSED', status: 'IN_PROGRESS' });
  });

  it('needs all four ADLR notes and 2–5 evidence items to assess a level', () => {
    const input = { orgCode: '1601', criterionId: '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f', level: 'BASIC', approach: 'A', evidence: [{ title: 'x' }] };
    try {
      parseCriterionInput(input);
      throw new Error('expected BAD_USER_INPUT');
    } catch (error) {
      const problems = (error as { extensions: { problems: Array<{ field: string }> } }).extensions.problems;
      expect(problems.map((p) => p.field).sort()).toEqual(['deployment', 'evidence', 'learning', 'results']);
    }
    expect(() => parseCriterionInput({ ...input, evidence: Array.from({ length: 6 }, () => ({ title: 'x' })) })).toThrow();
    expect(parseCriterionInput({ ...input, level: 'NOT_ASSESSED' }).evidence).toHaveLength(1);
  });
});
