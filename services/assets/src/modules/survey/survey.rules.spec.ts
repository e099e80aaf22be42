import {
  assertMayReview,
  assertMaySubmit,
  defaultWindow,
  roundStatus,
  type SurveyRound,
} from './survey.rules';

const round = (over: Partial<SurveyRound> = {}): SurveyRound => ({
  id: 'r',
  fiscalYear: 2570,
  opensOn: '2026-10-01',
  closesOn: '2026-10-30',
  closedAt: null,
  ...over,
});
const reason = (f: () => void) => {
  try {
    f();
    return 'allowed';
  } catch (error) {
    const ext = (error as { extensions: { code: string; reason: string; messageTh: string } }).extensions;
    expect(ext.code).toBe('CONFLICT');
    expect(ext.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    return ext.reason;
  }
};

describe('the building survey window', () => {
  it('defaults to 1–30 October, the first month of the fiscal year', () => {
    expect(defaultWindow(2570)).toEqual({ opensOn: '2026-10-01', closesOn: '2026-10-30' });
  });

  it('is scheduled before, open on both end days, then ended until OBEC closes it', () => {
    expect(roundStatus(round(), '2026-09-30')).toBe('SCHEDULED');
    expect(roundStatus(round(), '2026-10-01')).toBe('OPEN');
    expect(roundStatus(round(), '2026-10-30')).toBe('OPEN');
    expect(roundStatus(round(), '2026-10-31')).toBe('WINDOW_ENDED');
    expect(roundStatus(round({ closedAt: '2026-11-15T00:00:00Z' }), '2026-10-15')).toBe('CLOSED');
  });

  it.each([
    ['inside the window', '2026-10-15', null, 'allowed'],
    ['again inside the window', '2026-10-15', 'SUBMITTED', 'allowed'],
    ['before the window', '2026-09-30', null, 'WINDOW_NOT_OPEN'],
    ['after the window', '2026-10-31', null, 'WINDOW_ENDED'],
    ['after the window, a submitted survey again', '2026-11-02', 'SUBMITTED', 'WINDOW_ENDED'],
    ['after the window, a returned survey', '2026-11-02', 'RETURNED', 'allowed'],
    ['an accepted survey', '2026-10-15', 'ACCEPTED', 'ALREADY_ACCEPTED'],
  ] as const)('decides a submission %s', (_what, today, status, expected) => {
    expect(reason(() => assertMaySubmit(round(), status ? { status } : null, today))).toBe(expected);
  });

  it('refuses any submission, even of a returned survey, once the round is closed', () => {
    const closed = round({ closedAt: '2026-11-15T00:00:00Z' });
    expect(reason(() => assertMaySubmit(closed, { status: 'RETURNED' }, '2026-10-15'))).toBe('ROUND_CLOSED');
    expect(reason(() => assertMayReview(closed, { status: 'SUBMITTED' }))).toBe('ROUND_CLOSED');
  });

  it('reviews only submitted surveys', () => {
    expect(reason(() => assertMayReview(round(), { status: 'RETURNED' }))).toBe('NOT_SUBMITTED');
    expect(reason(() => assertMayReview(round(), { status: 'SUBMITTED' }))).toBe('allowed');
  });
});
