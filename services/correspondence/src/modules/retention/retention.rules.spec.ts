import { destructionListDueOn, RETENTION_RULES, retainUntil } from './retention.rules';

describe('retention rules', () => {
  it('keep ordinary letters ten years, routine ones one year, and permanent ones forever', () => {
    const years = Object.fromEntries(RETENTION_RULES.map((r) => [r.code, r.years]));
    expect(years).toMatchObject({ NORMAL_10_YEARS: 10, ROUTINE_1_YEAR: 1, PERMANENT: null });
    expect(retainUntil(2569, 10)).toBe(2579);
    expect(retainUntil(2569, null)).toBeNull();
  });

  it('cite a source for every rule and mark the ones nobody has checked against the published text', () => {
    for (const r of RETENTION_RULES) {
      expect(r.source).toMatch(/ระเบียบ/);
      expect(typeof r.verified).toBe('boolean');
    }
  });

  it('make the destruction list due 60 days after the calendar year ends, leap years included', () => {
    expect(destructionListDueOn(2568)).toBe('2026-03-01'); // 2025-12-31 + 60 days (2026 is not a leap year)
    expect(destructionListDueOn(2570)).toBe('2028-02-29'); // 2027-12-31 + 60 days (2028 is)
  });
});
