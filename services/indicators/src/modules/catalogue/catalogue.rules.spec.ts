import { parseIndicatorInput } from './catalogue.rules';

const base = {
  fiscalYear: 2569,
  framework: 'KRS',
  code: ' KRS  1.1 ',
  nameTh: 'ร้อยละของนักเรียน',
  nameEn: 'Students',
  unit: 'ร้อยละ',
  weight: '12.5',
  ownerLevel: 'AREA_OFFICE',
  scoring: { method: 'LEVELS', direction: 'HIGHER_IS_BETTER', thresholds: ['60', '70', '80', '90', '100'] },
};

const problemsOf = (input: unknown): string[] => {
  try {
    parseIndicatorInput(input);
    return [];
  } catch (error) {
    const ext = (error as { extensions: { code: string; problems: Array<{ field: string; messageTh: string }> } }).extensions;
    expect(ext.code).toBe('BAD_USER_INPUT');
    for (const p of ext.problems) expect(p.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    return ext.problems.map((p) => p.field).sort();
  }
};

describe('a catalogue indicator', () => {
  it('keeps scoring criteria as data: canonical five-place weight, thresholds as decimals', () => {
    const d = parseIndicatorInput(base);
    expect(d).toMatchObject({ code: 'KRS 1.1', weight: '12.50000', target: null });
    expect(d.scoring).toEqual({
      method: 'LEVELS',
      direction: 'HIGHER_IS_BETTER',
      thresholds: ['60', '70', '80', '90', '100'],
      steps: [],
    });
  });

  it.each([
    ['thresholds out of order', { scoring: { ...base.scoring, thresholds: ['60', '80', '70', '90', '100'] } }, ['scoring.thresholds']],
    ['four thresholds', { scoring: { ...base.scoring, thresholds: ['1', '2', '3', '4'] } }, ['scoring.thresholds']],
    ['no direction', { scoring: { method: 'LEVELS', thresholds: base.scoring.thresholds } }, ['scoring.direction']],
    ['a checklist without steps', { scoring: { method: 'CHECKLIST' } }, ['scoring.steps']],
    ['a weight above 100', { weight: '100.00001' }, ['weight']],
    ['a weight of zero for KRS', { weight: '0' }, ['weight']],
    ['a weight as a number', { weight: 12.5 }, ['weight']],
    ['a bound measure on a yes/no indicator', { measure: 'ENROLMENT', scoring: { method: 'YES_NO' } }, ['measure']],
    ['a PMQA criterion scored by levels', { framework: 'PMQA', weight: '0', pmqaCategory: 1 }, ['scoring.method']],
    ['a PMQA criterion for schools', { framework: 'PMQA', weight: '0', pmqaCategory: 1, ownerLevel: 'SCHOOL', scoring: { method: 'PMQA_LEVEL' } }, ['ownerLevel']],
    ['a B.E. year typed as C.E.', { fiscalYear: 2026 }, ['fiscalYear']],
  ])('refuses %s', (_what, over, fields) => {
    expect(problemsOf({ ...base, ...over })).toEqual(fields);
  });

  it('checks lower-is-better thresholds decrease', () => {
    expect(problemsOf({ ...base, scoring: { method: 'LEVELS', direction: 'LOWER_IS_BETTER', thresholds: ['5', '4', '3', '2', '1'] } })).toEqual([]);
    expect(problemsOf({ ...base, scoring: { method: 'LEVELS', direction: 'LOWER_IS_BETTER', thresholds: ['1', '2', '3', '4', '5'] } })).toEqual([
      'scoring.thresholds',
    ]);
  });
});
