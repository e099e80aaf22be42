import { SEEDED_PUBLIC_HOLIDAYS } from '../../migrations/1732406400301-seed-public-holidays';
import { isWeekend } from '../calendar/dates';
import {
  computeVacationEntitlement,
  countLeaveDays,
  fiscalYearOfSpan,
  serviceYearsOn,
  type VacationHistory,
} from './leave-regulation';

const holidays = new Set(SEEDED_PUBLIC_HOLIDAYS.map((h) => h.date));

describe('leave day counting', () => {
  it('counts working days only for sick, personal business and vacation leave: weekends and holidays skipped', () => {
    // Thu 9 Apr – Fri 17 Apr 2026: 13–15 Apr are Songkran, 11–12 a weekend → 4 working days.
    const count = countLeaveDays('2026-04-09', '2026-04-17', 'WORKING_DAYS', holidays);
    expect(count).toMatchObject({ days: 4, calendarDays: 9, workingDays: 4 });
    expect(count.holidaysSkipped).toEqual(['2026-04-13', '2026-04-14', '2026-04-15']);
  });

  it('counts consecutive calendar days, holidays included, for maternity and ordination leave', () => {
    expect(countLeaveDays('2026-04-09', '2026-04-17', 'CALENDAR_DAYS', holidays).days).toBe(9);
  });

  it('counts a half day as 0.5, and nothing on a non-working day', () => {
    expect(countLeaveDays('2026-04-16', '2026-04-16', 'WORKING_DAYS', holidays, 'MORNING').days).toBe(0.5);
    expect(countLeaveDays('2026-04-14', '2026-04-14', 'WORKING_DAYS', holidays, 'MORNING').days).toBe(0);
  });

  it('refuses to place a leave in two fiscal years', () => {
    expect(fiscalYearOfSpan('2026-09-28', '2026-09-30')).toBe(2569);
    expect(fiscalYearOfSpan('2026-09-29', '2026-10-02')).toBeNull();
  });

  it('seeds holidays for 2568–2570 with every weekend holiday followed by a weekday substitute', () => {
    for (const year of ['2025', '2026', '2027']) {
      expect(SEEDED_PUBLIC_HOLIDAYS.some((h) => h.date === `${year}-01-01`)).toBe(true);
    }
    for (const h of SEEDED_PUBLIC_HOLIDAYS.filter((x) => x.kind === 'SUBSTITUTE')) {
      expect({ date: h.date, weekend: isWeekend(h.date) }).toEqual({ date: h.date, weekend: false });
    }
    expect(new Set(SEEDED_PUBLIC_HOLIDAYS.map((h) => h.date)).size).toBe(SEEDED_PUBLIC_HOLIDAYS.length);
  });
});

describe('vacation entitlement (regulation B.E. 2555, articles 23–24)', () => {
  const history = (overrides: Partial<VacationHistory>): VacationHistory => ({
    serviceStartDate: '2015-05-16',
    category: 'CIVIL_SERVANT',
    openingFiscalYear: 2568,
    openingCarriedOver: 0,
    usedByFiscalYear: new Map(),
    ...overrides,
  });

  it('gives 10 working days a year and carries unused days forward up to 20 in total', () => {
    const h = history({ serviceStartDate: '2020-05-01', openingCarriedOver: 4 });
    expect(computeVacationEntitlement(h, 2568)).toMatchObject({
      entitledThisYear: 10,
      carriedOver: 4,
      available: 14,
      cap: 20,
    });
    // 2568: 14 available, 6 used → 8 carried into 2569 → 18
    const used = history({ ...h, usedByFiscalYear: new Map([[2568, 6]]) });
    expect(computeVacationEntitlement(used, 2569)).toMatchObject({ carriedOver: 8, available: 18 });
    // nothing used in 2568 and 2569: capped at 20
    expect(computeVacationEntitlement(h, 2570)).toMatchObject({ carriedOver: 10, available: 20, cap: 20 });
  });

  it('raises the ceiling to 30 after 10 years of service, measured on 1 October', () => {
    const h = history({ serviceStartDate: '2015-10-01', openingCarriedOver: 25, openingFiscalYear: 2569 });
    // on 2025-10-01 service is exactly 10 years
    expect(computeVacationEntitlement(h, 2569)).toMatchObject({ cap: 30, carriedOver: 20, available: 30 });
    const shorter = history({
      serviceStartDate: '2015-10-02',
      openingCarriedOver: 25,
      openingFiscalYear: 2569,
    });
    expect(computeVacationEntitlement(shorter, 2569)).toMatchObject({
      cap: 20,
      carriedOver: 10,
      available: 20,
    });
  });

  it('gives nothing before six months of service and nothing in a first year that ends before them', () => {
    const late = history({ serviceStartDate: '2026-05-01', openingFiscalYear: 2569 });
    expect(computeVacationEntitlement(late, 2569)).toMatchObject({
      entitledThisYear: 0,
      available: 0,
      eligibleFrom: '2026-11-01',
    });
    expect(computeVacationEntitlement(late, 2570)).toMatchObject({ entitledThisYear: 10, carriedOver: 0 });
    const early = history({ serviceStartDate: '2025-11-03', openingFiscalYear: 2569 });
    expect(computeVacationEntitlement(early, 2569)).toMatchObject({
      entitledThisYear: 10,
      eligibleFrom: '2026-05-03',
    });
  });

  it('limits a government employee to 5 carried-over days and 15 in total after a year of work', () => {
    const h = history({
      category: 'GOVERNMENT_EMPLOYEE',
      serviceStartDate: '2024-01-01',
      openingFiscalYear: 2569,
      openingCarriedOver: 8,
    });
    expect(computeVacationEntitlement(h, 2569)).toMatchObject({ carriedOver: 5, available: 15, cap: 15 });
    const firstYear = history({ ...h, serviceStartDate: '2025-03-01' });
    expect(computeVacationEntitlement(firstYear, 2569)).toMatchObject({ carriedOver: 0, available: 10 });
  });

  it('counts whole years of service', () => {
    expect(serviceYearsOn('2015-10-01', '2025-09-30')).toBe(9);
    expect(serviceYearsOn('2015-10-01', '2025-10-01')).toBe(10);
    expect(serviceYearsOn('2016-02-29', '2017-02-28')).toBe(1);
  });
});
