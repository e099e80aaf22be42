import type {
  AllocationComputedPayload,
  AttendanceDailyPayload,
  NutritionSummarisedPayload,
  BuildingSurveyClosedPayload,
  DmcSnapshotPublishedPayload,
  InfrastructureReportedPayload,
} from '@smss/events';
import { DMC_ROUNDS } from '@smss/events';
import { academicYearOf, computeStaffingNorm, semesterOf } from '@smss/thai';
import type { FigureRow, PeriodFacts } from './figure-store';

/**
 * What each event puts in the read model, as pure functions: the figure rows of one school for one
 * figure group and period. Every row is an integer (money in satang), so totals are exact sums.
 *
 * Groups: directory (open schools), students (DMC round: counts by grade and gender, poverty, disability,
 * stateless, classrooms, the school's student band), staffing (teachers required by the norm vs present),
 * allocations (DMC round), spending (fiscal year: approved vouchers less payees' refunds), buildings
 * (fiscal year of the survey), internet (current), letters (current: received, acknowledged, late, and
 * the unacknowledged ones by deadline day — `openDue.<date>` — so that
 * "overdue" is read against today without rewriting rows as days pass), indicators (reporting round),
 * attendance (academic year and semester, term to date: sums of the latest revision of each school day),
 * nutrition (academic year and term: the latest revision of each school's counts).
 */
export const GROUPS = [
  'directory',
  'students',
  'staffing',
  'allocations',
  'spending',
  'buildings',
  'internet',
  'letters',
  'indicators',
  'attendance',
  'nutrition',
] as const;
export type Group = (typeof GROUPS)[number];

/** A DMC round as a sortable period key: `2568-1` (TERM1), `2568-2` (TERM2), `2568-3` (END_OF_YEAR). */
export const dmcPeriod = (academicYear: number, round: string) =>
  `${academicYear}-${DMC_ROUNDS.indexOf(round as (typeof DMC_ROUNDS)[number]) + 1}`;

export const CURRENT = 'current';

/** Student bands of the small-school chart: ≤20, 21–40, …, 101–120, then over 120. */
export const STUDENT_BANDS = [
  { label: '≤20', min: 0, max: 20 },
  { label: '21–40', min: 21, max: 40 },
  { label: '41–60', min: 41, max: 60 },
  { label: '61–80', min: 61, max: 80 },
  { label: '81–100', min: 81, max: 100 },
  { label: '101–120', min: 101, max: 120 },
  { label: '>120', min: 121, max: null },
] as const;

export const bandOf = (students: number): number => {
  const i = STUDENT_BANDS.findIndex((b) => b.max === null || students <= b.max);
  return i < 0 ? STUDENT_BANDS.length - 1 : i;
};

export const LEVEL_OF_GRADE: Record<string, string> = {
  K1: 'PRE_PRIMARY',
  K2: 'PRE_PRIMARY',
  K3: 'PRE_PRIMARY',
  P1: 'PRIMARY',
  P2: 'PRIMARY',
  P3: 'PRIMARY',
  P4: 'PRIMARY',
  P5: 'PRIMARY',
  P6: 'PRIMARY',
  M1: 'LOWER_SECONDARY',
  M2: 'LOWER_SECONDARY',
  M3: 'LOWER_SECONDARY',
  M4: 'UPPER_SECONDARY',
  M5: 'UPPER_SECONDARY',
  M6: 'UPPER_SECONDARY',
};

const rowsOf = (schoolId: string, grp: Group, period: string, values: Record<string, number>): FigureRow[] =>
  Object.entries(values)
    // A missing row reads as 0: zeros are not stored, except the rows that say a school is there.
    .filter(([figure, value]) => value !== 0 || figure === 'reporting' || figure === 'schools')
    .map(([figure, value]) => ({ schoolId, grp, period, figure, value }));

/**
 * A school's students of one DMC round. Per grade: `grade.<G>.male|female`; totals; the school's band
 * (`band.<i>` = 1). Grades with no students are left out (fewer rows; a missing row reads as 0).
 */
export function studentRows(p: DmcSnapshotPublishedPayload): FigureRow[] {
  const v: Record<string, number> = {
    reporting: 1,
    total: 0,
    male: 0,
    female: 0,
    poor: 0,
    extremelyPoor: 0,
    disabled: 0,
    stateless: 0,
    classrooms: 0,
  };
  for (const g of p.grades) {
    const male = g.male;
    const female = g.female;
    v.total! += male + female;
    v.male! += male;
    v.female! += female;
    v.poor! += g.poor;
    v.extremelyPoor! += g.extremelyPoor;
    v.disabled! += g.disabled;
    v.stateless! += g.stateless;
    v.classrooms! += g.classrooms;
    if (male + female > 0) {
      v[`grade.${g.gradeLevel}.male`] = (v[`grade.${g.gradeLevel}.male`] ?? 0) + male;
      v[`grade.${g.gradeLevel}.female`] = (v[`grade.${g.gradeLevel}.female`] ?? 0) + female;
    }
  }
  v[`band.${bandOf(v.total!)}`] = 1;
  return rowsOf(p.schoolId, 'students', dmcPeriod(p.academicYear, p.round), v);
}

/** Teachers required by the staffing norm for the school's latest snapshot. */
export function normOf(p: DmcSnapshotPublishedPayload): { students: number; required: number } {
  const norm = computeStaffingNorm(
    p.grades.map((g) => ({ gradeLevel: g.gradeLevel, students: g.male + g.female })),
  );
  return { students: norm.students, required: norm.teachersRequired };
}

export function staffingRows(s: {
  schoolId: string;
  students: number;
  required: number;
  present: number;
}): FigureRow[] {
  const short = Math.max(s.required - s.present, 0);
  return rowsOf(s.schoolId, 'staffing', CURRENT, {
    reporting: 1,
    required: s.required,
    present: s.present,
    students: s.students,
    shortage: short,
    schoolsShort: short > 0 ? 1 : 0,
  });
}

/** Satang of a decimal string with two places ("1500.25" → 150025), exactly. */
export const satang = (amount: string): number => {
  const negative = amount.startsWith('-');
  const [whole, cents = '00'] = amount.replace('-', '').split('.');
  const value = Number(whole) * 100 + Number(cents.padEnd(2, '0').slice(0, 2));
  return negative ? -value : value;
};

export function allocationRows(p: AllocationComputedPayload): FigureRow[] {
  const v: Record<string, number> = { reporting: 1, total: satang(p.total) };
  for (const item of p.items) {
    v[`item.${item.item}.amount`] = (v[`item.${item.item}.amount`] ?? 0) + satang(item.amount);
    v[`item.${item.item}.students`] = (v[`item.${item.item}.students`] ?? 0) + item.students;
  }
  return rowsOf(p.schoolId, 'allocations', dmcPeriod(p.academicYear, p.round), v);
}

/** A school's spending of a fiscal year: its vouchers less refunds (satang) and its approved vouchers. */
export function spendingRows(
  schoolId: string,
  fiscalYear: number,
  spent: number,
  vouchers: number,
): FigureRow[] {
  return rowsOf(schoolId, 'spending', String(fiscalYear), { reporting: 1, spent, vouchers });
}

export function buildingRows(p: BuildingSurveyClosedPayload): FigureRow[] {
  return rowsOf(p.schoolId, 'buildings', String(p.fiscalYear), {
    reporting: 1,
    buildings: p.buildings,
    good: p.byCondition.good,
    needsRepair: p.byCondition.needsRepair,
    dilapidated: p.byCondition.dilapidated,
    unsafe: p.byCondition.unsafe,
    classrooms: p.classrooms,
  });
}

export function internetRows(p: InfrastructureReportedPayload): FigureRow[] {
  return rowsOf(p.schoolId, 'internet', CURRENT, {
    reporting: 1,
    withInternet: p.internetConnected ? 1 : 0,
    withoutInternet: p.internetConnected ? 0 : 1,
  });
}

export const directoryRows = (schoolId: string, open: boolean): FigureRow[] =>
  rowsOf(schoolId, 'directory', CURRENT, { schools: open ? 1 : 0 });

/** The reference date of a DMC round, for the periods table. */
export const dmcPeriodFacts = (
  grp: Group,
  p: { academicYear: number; round: string; asOfDate?: string; fiscalYear?: number },
): PeriodFacts => ({
  grp,
  period: dmcPeriod(p.academicYear, p.round),
  kind: 'DMC_ROUND',
  academicYear: p.academicYear,
  round: p.round,
  fiscalYear: p.fiscalYear ?? null,
  asOfDate: p.asOfDate ?? null,
});

/** A school's letters from its deliveries. */
export function letterRows(
  schoolId: string,
  deliveries: Array<{ dispatched: boolean; acknowledged: boolean; late: boolean; due_on: string | null }>,
): FigureRow[] {
  const v: Record<string, number> = {
    reporting: 1,
    received: 0,
    acknowledged: 0,
    acknowledgedLate: 0,
    open: 0,
  };
  for (const d of deliveries) {
    if (!d.dispatched) continue; // an acknowledgement whose dispatch has not arrived yet
    v.received! += 1;
    if (d.acknowledged) {
      v.acknowledged! += 1;
      if (d.late) v.acknowledgedLate! += 1;
    } else {
      v.open! += 1;
      if (d.due_on) v[`openDue.${d.due_on}`] = (v[`openDue.${d.due_on}`] ?? 0) + 1;
    }
  }
  return rowsOf(schoolId, 'letters', CURRENT, v);
}

/** A five-place score string as an integer of 1e-5 units ("3.42857" → 342857), exactly. */
export const scoreUnits = (score: string): number => {
  const negative = score.startsWith('-');
  const [whole, frac = ''] = score.replace('-', '').split('.');
  const value = Number(whole) * 100_000 + Number(frac.padEnd(5, '0').slice(0, 5));
  return negative ? -value : value;
};

/** A fiscal year's reporting round as a sortable period key: `2569-03`, `2569-12`. */
export const indicatorPeriod = (fiscalYear: number, roundMonth: number) =>
  `${fiscalYear}-${String(roundMonth).padStart(2, '0')}`;

/** A school's approved results of one reporting round: count and score sum, overall and per framework. */
export function indicatorRows(
  schoolId: string,
  period: string,
  results: Array<{ framework: string; score_units: string | number }>,
): FigureRow[] {
  const v: Record<string, number> = { reporting: 1, results: 0, scoreUnits: 0 };
  for (const r of results) {
    const units = Number(r.score_units);
    v.results! += 1;
    v.scoreUnits! += units;
    v[`framework.${r.framework}.results`] = (v[`framework.${r.framework}.results`] ?? 0) + 1;
    v[`framework.${r.framework}.scoreUnits`] = (v[`framework.${r.framework}.scoreUnits`] ?? 0) + units;
  }
  return rowsOf(schoolId, 'indicators', period, v);
}

/**
 * The attendance period of a school day: academic year (B.E.) and semester, `2568-1` / `2568-2`
 * (`academicYearOf` / `semesterOf` of `@smss/thai`: semester 1 = 16 May – 31 October, semester 2 =
 * 1 November – 15 May, each break folded into the term before it). Sortable.
 */
export const attendancePeriod = (date: string) => `${academicYearOf(date)}-${semesterOf(date)}`;

/** The latest revision of one school day, as the war room keeps it (`attendance_day`). */
export type AttendanceDay = Pick<
  AttendanceDailyPayload,
  'enrolled' | 'present' | 'absent' | 'late' | 'sickLeave' | 'personalLeave' | 'unmarked'
> & { date: string };

/**
 * A school's attendance of one period (term to date) from its days: `schoolDays` (days reported),
 * `studentDays` (enrolled − unmarked: the student-days marked), `attended` (present + late), `absent`,
 * `late`, `sickLeave`, `personalLeave` (leave is not attended), and `lastDay.<date>` = 1 for the latest day
 * reported — so a place's as-of date is the latest day with a count above 0 in its totals (exact sums, no
 * max to maintain). Rates are read from the sums (attended / studentDays), never stored.
 */
export function attendanceRows(schoolId: string, period: string, days: AttendanceDay[]): FigureRow[] {
  const v: Record<string, number> = {
    reporting: 1,
    schoolDays: 0,
    studentDays: 0,
    attended: 0,
    absent: 0,
    late: 0,
    sickLeave: 0,
    personalLeave: 0,
  };
  let last = '';
  for (const d of days) {
    v.schoolDays! += 1;
    v.studentDays! += d.enrolled - d.unmarked;
    v.attended! += d.present + d.late;
    v.absent! += d.absent;
    v.late! += d.late;
    v.sickLeave! += d.sickLeave;
    v.personalLeave! += d.personalLeave;
    if (d.date > last) last = d.date;
  }
  if (last) v[`lastDay.${last}`] = 1;
  return rowsOf(schoolId, 'attendance', period, v);
}

/** The nutrition period: academic year (B.E.) and term, `2569-1` / `2569-2`. Sortable. */
export const nutritionPeriod = (academicYear: number, term: number) => `${academicYear}-${term}`;

/**
 * A school's nutrition counts of one academic year and term (`students.nutrition.summarised.v1`, the latest
 * revision): `measured`, the children assessed on each index (`assessedWeightForHeight`,
 * `assessedHeightForAge`), weight-for-height `thin`, `somewhatThin`, `normal`, `plump`, `overweight`, `obese`,
 * height-for-age `short`, and `lastMeasured.<date>` = 1 for the school's latest measurement date (a place's
 * as-of date, as attendance's `lastDay`). Rates are read from the sums, never stored.
 */
export function nutritionRows(p: NutritionSummarisedPayload): FigureRow[] {
  const v: Record<string, number> = {
    reporting: 1,
    measured: p.measured,
    assessedWeightForHeight: p.assessedWeightForHeight,
    assessedHeightForAge: p.assessedHeightForAge,
    thin: p.thin,
    somewhatThin: p.somewhatThin,
    normal: p.normal,
    plump: p.plump,
    overweight: p.overweight,
    obese: p.obese,
    short: p.short,
  };
  if (p.lastMeasuredOn) v[`lastMeasured.${p.lastMeasuredOn}`] = 1;
  return rowsOf(p.schoolId, 'nutrition', nutritionPeriod(p.academicYear, p.term), v);
}
