import DataLoader from 'dataloader';
import type { CalendarPlacement } from './attendance.calendar';
import type { CorrectionRow, DayTotals, MarkRow, RangeScope, RangeTotals } from './attendance.repository';
import type { AttendanceService } from './attendance.service';

/** Group "key|rest" composite keys by their rest (the first `|` splits). */
function byRest(composite: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of composite) {
    const i = c.indexOf('|');
    const rest = c.slice(i + 1);
    out.set(rest, [...(out.get(rest) ?? []), c.slice(0, i)]);
  }
  return out;
}

/** Group keys whose last two `|` parts are "from|to" (classroom keys hold `|` themselves). */
function byRange(composite: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of composite) {
    const parts = c.split('|');
    const range = parts.slice(-2).join('|');
    out.set(range, [...(out.get(range) ?? []), parts.slice(0, -2).join('|')]);
  }
  return out;
}

/** Per-request loaders: a list of students, schools or classrooms costs one statement per field. */
export function createAttendanceLoaders(service: AttendanceService) {
  const { repo, calendar } = service;
  const range = (scope: RangeScope) =>
    new DataLoader<string, RangeTotals | null>(async (composite) => {
      const out = new Map<string, RangeTotals>();
      for (const [span, keys] of byRange(composite)) {
        const [from, to] = span.split('|') as [string, string];
        for (const row of await repo.rangeTotals(scope, keys, from, to)) out.set(`${row.key}|${span}`, row);
      }
      return composite.map((c) => out.get(c) ?? null);
    });
  return {
    placementById: new DataLoader<string, CalendarPlacement | null>(async (ids) => {
      const map = new Map((await calendar.placements('school_id', ids)).map((p) => [p.schoolId, p]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    /** "schoolId|date|byClassroom" → the day's totals (one row, or one per classroom). */
    dayTotals: new DataLoader<string, DayTotals[]>(async (composite) => {
      const out = new Map<string, DayTotals[]>();
      for (const [rest, ids] of byRest(composite)) {
        const [date, rooms] = rest.split('|') as [string, string];
        for (const row of await repo.dayTotals(ids, date, undefined, rooms === '1'))
          out.set(`${row.schoolId}|${rest}`, [...(out.get(`${row.schoolId}|${rest}`) ?? []), row]);
      }
      return composite.map((c) => out.get(c) ?? []);
    }),
    /** "schoolId|date|classroom" (classroom may be empty) → the day's marks. */
    dayMarks: new DataLoader<string, MarkRow[]>(async (composite) => {
      const out = new Map<string, MarkRow[]>();
      for (const [rest, ids] of byRest(composite)) {
        const i = rest.indexOf('|');
        const date = rest.slice(0, i);
        const room = rest.slice(i + 1) || null;
        for (const row of await repo.dayMarks(ids, date, room))
          out.set(`${row.schoolId}|${rest}`, [...(out.get(`${row.schoolId}|${rest}`) ?? []), row]);
      }
      return composite.map((c) => out.get(c) ?? []);
    }),
    corrections: new DataLoader<string, CorrectionRow[]>(async (keys) => {
      const map = await repo.corrections(keys);
      return keys.map((k) => map.get(k) ?? []);
    }),
    /** "schoolId|date" → why the date is not a school day there (null: it is one). */
    nonSchoolDay: new DataLoader<string, string | null>(async (composite) => {
      const out = new Map<string, string>();
      for (const [date, ids] of byRest(composite))
        for (const [id, reason] of await repo.nonSchoolDays(ids, date)) out.set(`${id}|${date}`, reason);
      return composite.map((c) => out.get(c) ?? null);
    }),
    /** "schoolId|from|to" → distinct school days of the school. */
    schoolDays: new DataLoader<string, number>(async (composite) => {
      const out = new Map<string, number>();
      for (const [span, ids] of byRange(composite)) {
        const [from, to] = span.split('|') as [string, string];
        for (const [id, n] of await repo.schoolDays(ids, from, to)) out.set(`${id}|${span}`, n);
      }
      return composite.map((c) => out.get(c) ?? 0);
    }),
    studentRange: range('student'),
    schoolRange: range('school'),
    areaRange: range('area'),
  };
}

export type AttendanceLoaders = ReturnType<typeof createAttendanceLoaders>;
