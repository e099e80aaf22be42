import { ATTENDANCE_STATUSES, ATTENDED, toRate } from './attendance.sql';

describe('attendance rules', () => {
  it('rounds a rate to four places (a percentage with two decimals) and has none without school days', () => {
    expect(toRate(8, 10)).toBe(0.8);
    expect(toRate(7, 12)).toBe(0.5833);
    expect(toRate(2, 3)).toBe(0.6667);
    expect(toRate(0, 0)).toBeNull();
    expect(toRate(0, 5)).toBe(0);
  });

  it('counts PRESENT and LATE as attended and leave as not attended', () => {
    const attended = ATTENDANCE_STATUSES.filter((s) => ATTENDED.includes(`'${s}'`));
    expect(attended).toEqual(['PRESENT', 'LATE']);
  });
});
