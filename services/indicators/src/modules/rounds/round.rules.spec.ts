import { defaultWindow, parseSchedule, roundPeriod, roundStatus } from './round.rules';

describe('reporting rounds of a fiscal year', () => {
  it.each([
    [3, '2025-10-01', '2025-12-31'],
    [6, '2025-10-01', '2026-03-31'],
    [9, '2025-10-01', '2026-06-30'],
    [12, '2025-10-01', '2026-09-30'],
  ] as const)('reports round %i of FY 2569 on %s … %s', (month, start, end) => {
    expect(roundPeriod(2569, month)).toEqual({ start, end });
  });

  it('opens by default on the 15th of the period’s last month and closes on the 15th of the next', () => {
    expect(defaultWindow(2569, 3)).toEqual({ opensOn: '2025-12-15', closesOn: '2026-01-15' });
    expect(defaultWindow(2569, 12)).toEqual({ opensOn: '2026-09-15', closesOn: '2026-10-15' });
  });

  it('is open from its first to its last day inclusive', () => {
    const w = { opensOn: '2026-01-01', closesOn: '2026-01-15' };
    expect(roundStatus(w, '2025-12-31')).toBe('UPCOMING');
    expect(roundStatus(w, '2026-01-01')).toBe('OPEN');
    expect(roundStatus(w, '2026-01-15')).toBe('OPEN');
    expect(roundStatus(w, '2026-01-16')).toBe('CLOSED');
  });

  it('refuses a window that closes before it opens, opens before the fiscal year, or names a B.E. date', () => {
    expect(() => parseSchedule({ fiscalYear: 2569, month: 3, opensOn: '2026-01-10', closesOn: '2026-01-09' })).toThrow(
      /closesOn/,
    );
    expect(() => parseSchedule({ fiscalYear: 2569, month: 3, opensOn: '2025-09-30', closesOn: '2026-01-09' })).toThrow(
      /opensOn/,
    );
    expect(() => parseSchedule({ fiscalYear: 2569, month: 3, opensOn: '2569-01-01', closesOn: '2569-01-09' })).toThrow(
      /opensOn/,
    );
    expect(() => parseSchedule({ fiscalYear: 2569, month: 4, opensOn: '2026-01-01', closesOn: '2026-01-09' })).toThrow(
      /month/,
    );
  });
});
