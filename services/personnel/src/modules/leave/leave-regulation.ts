/**
 * Leave rules of the Regulation of the Office of the Prime Minister on Leave of Government
 * Officials B.E. 2555 (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยการลาของข้าราชการ พ.ศ. 2555, Royal Gazette
 * vol. 129, special part 22 ง, 24 January 2555), and of the Royal Decree on salary during leave
 * (พระราชกฤษฎีกาการจ่ายเงินเดือน เงินปี บำเหน็จบำนาญ และเงินอื่นในลักษณะเดียวกัน พ.ศ. 2535) for
 * the days paid in full. Pure functions: holidays come in as data.
 */
import { fiscalYearOf, fiscalYearRange } from '@smss/thai';
import type { LeaveType, PositionType } from '@smss/events';
import { addMonths, addYears, eachDate, isWeekend } from '../calendar/dates';

export type DayCountingRule = 'WORKING_DAYS' | 'CALENDAR_DAYS';
export type HalfDay = 'MORNING' | 'AFTERNOON';

export interface LeaveTypeRule {
  nameTh: string;
  /**
   * Leave is counted by fiscal year and continuously, holidays inside the span included, except
   * sick, personal business and vacation leave, which count working days only (the regulation's
   * rule on counting leave days). Paternity leave is limited in working days ("15 วันทำการ") and
   * is counted in working days too.
   */
  counting: DayCountingRule;
  halfDayAllowed: boolean;
  /** Days a fiscal year paid in full (Royal Decree B.E. 2535); null when not set as a yearly figure. */
  paidDaysPerYear: number | null;
  /** A single request may not be longer than this (the regulation's own ceiling). */
  maxDaysPerRequest: number | null;
}

export const LEAVE_TYPE_RULES: Readonly<Record<LeaveType, LeaveTypeRule>> = {
  SICK: {
    nameTh: 'ลาป่วย',
    counting: 'WORKING_DAYS',
    halfDayAllowed: true,
    paidDaysPerYear: 60,
    maxDaysPerRequest: null,
  },
  MATERNITY: {
    nameTh: 'ลาคลอดบุตร',
    counting: 'CALENDAR_DAYS',
    halfDayAllowed: false,
    paidDaysPerYear: 90,
    maxDaysPerRequest: 90,
  },
  PATERNITY: {
    nameTh: 'ลาไปช่วยเหลือภริยาที่คลอดบุตร',
    counting: 'WORKING_DAYS',
    halfDayAllowed: false,
    paidDaysPerYear: 15,
    maxDaysPerRequest: 15,
  },
  PERSONAL_BUSINESS: {
    nameTh: 'ลากิจส่วนตัว',
    counting: 'WORKING_DAYS',
    halfDayAllowed: true,
    paidDaysPerYear: 45,
    maxDaysPerRequest: null,
  },
  VACATION: {
    nameTh: 'ลาพักผ่อน',
    counting: 'WORKING_DAYS',
    halfDayAllowed: true,
    paidDaysPerYear: null,
    maxDaysPerRequest: null,
  },
  ORDINATION_OR_HAJJ: {
    nameTh: 'ลาอุปสมบทหรือลาไปประกอบพิธีฮัจย์',
    counting: 'CALENDAR_DAYS',
    halfDayAllowed: false,
    paidDaysPerYear: 120,
    maxDaysPerRequest: 120,
  },
  MILITARY_SERVICE: {
    nameTh: 'ลาเข้ารับการตรวจเลือกหรือเข้ารับการเตรียมพล',
    counting: 'CALENDAR_DAYS',
    halfDayAllowed: false,
    paidDaysPerYear: null,
    maxDaysPerRequest: null,
  },
  STUDY_OR_TRAINING: {
    nameTh: 'ลาไปศึกษา ฝึกอบรม ปฏิบัติการวิจัย หรือดูงาน',
    counting: 'CALENDAR_DAYS',
    halfDayAllowed: false,
    paidDaysPerYear: null,
    maxDaysPerRequest: null,
  },
  INTERNATIONAL_ORGANISATION: {
    nameTh: 'ลาไปปฏิบัติงานในองค์การระหว่างประเทศ',
    counting: 'CALENDAR_DAYS',
    halfDayAllowed: false,
    paidDaysPerYear: null,
    maxDaysPerRequest: null,
  },
  FOLLOW_SPOUSE: {
    nameTh: 'ลาติดตามคู่สมรส',
    counting: 'CALENDAR_DAYS',
    halfDayAllowed: false,
    paidDaysPerYear: null,
    maxDaysPerRequest: null,
  },
  VOCATIONAL_REHABILITATION: {
    nameTh: 'ลาไปฟื้นฟูสมรรถภาพด้านอาชีพ',
    counting: 'CALENDAR_DAYS',
    halfDayAllowed: false,
    paidDaysPerYear: null,
    maxDaysPerRequest: null,
  },
};

export interface LeaveDayCount {
  /** Counted days under the type's rule (0.5 for a half day). */
  days: number;
  calendarDays: number;
  workingDays: number;
  /** Official holidays on weekdays inside the span (skipped when counting working days). */
  holidaysSkipped: string[];
}

/** Count a leave span. A working day is Monday–Friday and not an official holiday. */
export function countLeaveDays(
  startDate: string,
  endDate: string,
  counting: DayCountingRule,
  holidays: ReadonlySet<string>,
  halfDay: HalfDay | null = null,
): LeaveDayCount {
  const dates = eachDate(startDate, endDate);
  const holidaysSkipped = dates.filter((d) => !isWeekend(d) && holidays.has(d));
  const workingDays = dates.filter((d) => !isWeekend(d) && !holidays.has(d)).length;
  const base = counting === 'WORKING_DAYS' ? workingDays : dates.length;
  return {
    days: halfDay ? (base > 0 ? 0.5 : 0) : base,
    calendarDays: dates.length,
    workingDays,
    holidaysSkipped,
  };
}

/** The fiscal year a leave counts in, or null when the span crosses 30 September. */
export function fiscalYearOfSpan(startDate: string, endDate: string): number | null {
  const fy = fiscalYearOf(startDate);
  return fiscalYearOf(endDate) === fy ? fy : null;
}

/**
 * Vacation leave entitlement by staff category.
 *
 * CIVIL_SERVANT (teachers, directors, support staff — ข้าราชการครูและบุคลากรทางการศึกษา):
 *   Regulation B.E. 2555, article 23: 10 working days a fiscal year, none in the year of first
 *   appointment while service is under six months. Article 24: unused days of a year accumulate
 *   into later years, but carried-over plus the current year's days may not exceed 20 working
 *   days; 30 for those with at least 10 years of continuous service.
 * GOVERNMENT_EMPLOYEE (พนักงานราชการ): Announcement of the Government Employee Management
 *   Committee on government employees' benefits (No. 2) B.E. 2560: 10 working days a year, none in
 *   the first six months; after one year of work at most 5 days carry over, 15 in total.
 * TEMPORARY_EMPLOYEE (ลูกจ้างชั่วคราว): hiring units set their own terms; ASSUMPTION: the
 *   government-employee rule applies until a unit's own rule is recorded.
 *
 * How this implementation reads the rules:
 * - "six months" is counted from the service start date; no vacation starts before that date,
 *   and a fiscal year gives its 10 days only if the six-month date falls within or before it;
 * - service length for the 30-day ceiling (and the one-year condition) is measured on 1 October,
 *   the first day of the fiscal year, so a ceiling does not change in mid-year;
 * - only approved vacation counts as used; unused available days carry forward, then the ceiling applies.
 */
export type StaffCategory = 'CIVIL_SERVANT' | 'GOVERNMENT_EMPLOYEE' | 'TEMPORARY_EMPLOYEE';

export interface VacationRule {
  source: string;
  daysPerYear: number;
  monthsBeforeEntitled: number;
  /** Ceiling of carried-over plus current-year days. */
  cap: number;
  longService: { years: number; cap: number } | null;
  /** Most days that may be carried into a year (null: only the ceiling limits). */
  maxCarriedOver: number | null;
  /** Years of service needed (on 1 October) before anything carries over. */
  carryOverAfterYears: number;
}

export const VACATION_RULES: Readonly<Record<StaffCategory, VacationRule>> = {
  CIVIL_SERVANT: {
    source: 'ระเบียบสำนักนายกรัฐมนตรีว่าด้วยการลาของข้าราชการ พ.ศ. 2555 ข้อ 23–24',
    daysPerYear: 10,
    monthsBeforeEntitled: 6,
    cap: 20,
    longService: { years: 10, cap: 30 },
    maxCarriedOver: null,
    carryOverAfterYears: 0,
  },
  GOVERNMENT_EMPLOYEE: {
    source: 'ประกาศคณะกรรมการบริหารพนักงานราชการ เรื่อง สิทธิประโยชน์ของพนักงานราชการ (ฉบับที่ 2) พ.ศ. 2560',
    daysPerYear: 10,
    monthsBeforeEntitled: 6,
    cap: 15,
    longService: null,
    maxCarriedOver: 5,
    carryOverAfterYears: 1,
  },
  TEMPORARY_EMPLOYEE: {
    source: 'ASSUMPTION: as government employees (the hiring unit may set its own terms)',
    daysPerYear: 10,
    monthsBeforeEntitled: 6,
    cap: 15,
    longService: null,
    maxCarriedOver: 5,
    carryOverAfterYears: 1,
  },
};

export function staffCategoryOf(positionType: PositionType | null | undefined): StaffCategory {
  if (positionType === 'GOVERNMENT_EMPLOYEE') return 'GOVERNMENT_EMPLOYEE';
  if (positionType === 'TEMPORARY_EMPLOYEE') return 'TEMPORARY_EMPLOYEE';
  return 'CIVIL_SERVANT';
}

/** Whole years of service on `date`. */
export function serviceYearsOn(serviceStartDate: string, date: string): number {
  let years = 0;
  while (addYears(serviceStartDate, years + 1) <= date) years += 1;
  return years;
}

export interface VacationHistory {
  serviceStartDate: string;
  category: StaffCategory;
  /** The fiscal year the records (and `openingCarriedOver`) start from. */
  openingFiscalYear: number;
  openingCarriedOver: number;
  /** Approved vacation days by fiscal year. */
  usedByFiscalYear: ReadonlyMap<number, number>;
}

export interface VacationEntitlementResult {
  fiscalYear: number;
  /** First day a vacation may start (six months of service). */
  eligibleFrom: string;
  entitledThisYear: number;
  carriedOver: number;
  cap: number;
  available: number;
  rule: VacationRule;
}

export function computeVacationEntitlement(
  history: VacationHistory,
  fiscalYear: number,
): VacationEntitlementResult {
  const rule = VACATION_RULES[history.category];
  const eligibleFrom = addMonths(history.serviceStartDate, rule.monthsBeforeEntitled);
  const firstServiceYear = fiscalYearOf(history.serviceStartDate);
  const yearFigures = (fy: number, carried: number) => {
    const { start, end } = fiscalYearRange(fy);
    const entitled = fy >= firstServiceYear && eligibleFrom <= end ? rule.daysPerYear : 0;
    const years = history.serviceStartDate <= start ? serviceYearsOn(history.serviceStartDate, start) : 0;
    const cap = rule.longService && years >= rule.longService.years ? rule.longService.cap : rule.cap;
    const mayCarry = years >= rule.carryOverAfterYears;
    const carriedOver = mayCarry
      ? Math.max(0, Math.min(carried, rule.maxCarriedOver ?? Infinity, cap - entitled))
      : 0;
    return { entitled, cap, carriedOver, available: entitled + carriedOver };
  };
  const ledgerStart = Math.max(history.openingFiscalYear, firstServiceYear);
  let carried = history.openingCarriedOver;
  if (fiscalYear < ledgerStart) carried = 0; // before the records begin: nothing known to carry
  for (let fy = Math.min(ledgerStart, fiscalYear); ; fy += 1) {
    const figures = yearFigures(fy, carried);
    if (fy >= fiscalYear) {
      return {
        fiscalYear,
        eligibleFrom,
        entitledThisYear: figures.entitled,
        carriedOver: figures.carriedOver,
        cap: figures.cap,
        available: figures.available,
        rule,
      };
    }
    carried = Math.max(0, figures.available - (history.usedByFiscalYear.get(fy) ?? 0));
  }
}
