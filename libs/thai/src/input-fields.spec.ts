import { buddhistYearInput, isoDateInput } from './input-fields';

describe('isoDateInput', () => {
  it('accepts a C.E. date', () => {
    expect(isoDateInput.parse('2026-06-10')).toBe('2026-06-10');
  });

  it('refuses a B.E. year typed as a date, saying so, and a malformed or impossible date', () => {
    const be = isoDateInput.safeParse('2569-06-10');
    expect(be.success).toBe(false);
    expect(be.error?.issues[0]?.message).toMatch(/C\.E\. date/);
    expect(isoDateInput.safeParse('10/06/2026').success).toBe(false);
    expect(isoDateInput.safeParse('2026-02-30').success).toBe(false);
  });
});

describe('buddhistYearInput', () => {
  it('accepts a B.E. year and refuses a C.E. one or a fraction', () => {
    expect(buddhistYearInput.parse(2569)).toBe(2569);
    expect(buddhistYearInput.safeParse(2026).success).toBe(false);
    expect(buddhistYearInput.safeParse(2569.5).success).toBe(false);
  });
});
