import { badInput } from '@smss/core';
import { suppressesSmallCells } from '@smss/trust';
import { isUuid } from '@smss/db';
import { isPlausibleBuddhistYear, todayInBangkok } from '@smss/thai';
import type { StudentsContext } from '../context';
import {
  checkIsoDate,
  type SchoolHolidayRow,
  type SchoolTermRow,
} from '../modules/attendance/attendance.calendar';
import type {
  ChronicAbsenceRow,
  CorrectionRow,
  DayTotals,
  MarkRow,
  RangeTotals,
} from '../modules/attendance/attendance.repository';
import { AttendanceService, type RecordAttendanceInput } from '../modules/attendance/attendance.service';
import { toRate } from '../modules/attendance/attendance.sql';
import type { StudentRow } from '../modules/registry/student.types';

/*
 * Attendance resolvers map rows to the schema. Aggregates go to any signed-in viewer (small cells are the
 * trust layer's); records (marks, the chronic-absence list) only to the school, its area office and OBEC
 * staff other than analysts — filtered here (the first wall) and by the trust layer's owner rules for
 * AttendanceMark and ChronicAbsenceEntry (the second).
 */

/** Longest range a rate is computed over. */
export const MAX_RANGE_DAYS = 400;
/** Matches no school: the national calendar's "school". */
const NO_SCHOOL = '00000000-0000-0000-0000-000000000000';

const daysBetween = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/** A validated range, its end capped at today (what has not happened is not counted). */
function range(args: { from: string; to: string }): { from: string; to: string } {
  const from = checkIsoDate(args.from, 'from');
  const to = checkIsoDate(args.to, 'to');
  if (to < from) throw badInput('`to` is before `from`', 'วันที่สิ้นสุดอยู่ก่อนวันที่เริ่มต้น');
  if (daysBetween(from, to) > MAX_RANGE_DAYS)
    throw badInput(`A range covers at most ${MAX_RANGE_DAYS} days`, `ช่วงวันที่ต้องไม่เกิน ${MAX_RANGE_DAYS} วัน`);
  const today = todayInBangkok();
  return { from, to: to < today ? to : today };
}

const ZERO = { present: 0, absent: 0, late: 0, sickLeave: 0, personalLeave: 0, attended: 0, unmarked: 0 };

/**
 * For viewers whose small cells are suppressed (partners): `attended` and `rate` are null when the
 * students (or student-days) not attended are 1–4, as the counts themselves are — else the total minus
 * `attended` would give back the hidden count.
 */
const complementHidden = (ctx: StudentsContext, attended: number, total: number) =>
  suppressesSmallCells(ctx.viewer) && total - attended > 0 && total - attended < 5;

const toAttendanceRate = (
  span: { from: string; to: string },
  t: RangeTotals | null,
  ctx: StudentsContext,
) => {
  const r = t ?? { ...ZERO, schoolDays: 0 };
  const hidden = complementHidden(ctx, r.attended, r.schoolDays);
  return {
    from: span.from,
    to: span.to,
    studentDays: r.schoolDays,
    attended: hidden ? null : r.attended,
    rate: hidden ? null : toRate(r.attended, r.schoolDays),
    counts: r,
  };
};

interface DayParent {
  schoolId: string;
  date: string;
}

export const attendanceResolvers = {
  Query: {
    schoolCalendar: async (
      _: unknown,
      args: { academicYear: number; schoolCode?: string | null },
      ctx: StudentsContext,
    ) => {
      if (!Number.isInteger(args.academicYear) || !isPlausibleBuddhistYear(args.academicYear))
        throw badInput('academicYear must be a B.E. year (e.g. 2569)', 'ปีการศึกษาต้องเป็นปี พ.ศ. (เช่น 2569)');
      const { calendar } = ctx.attendance;
      const place = args.schoolCode != null ? await calendar.placement(args.schoolCode) : null;
      const schoolId = place?.schoolId ?? null;
      const [terms, holidays] = await Promise.all([
        calendar.terms(args.academicYear),
        calendar.holidays(args.academicYear, schoolId),
      ]);
      return {
        academicYear: args.academicYear,
        schoolCode: place?.schoolCode ?? null,
        terms: terms.map((t) => ({ ...t, schoolId })),
        holidays,
      };
    },
    chronicAbsence: async (
      _: unknown,
      args: { schoolCode: string; asOf: string; windowDays: number; threshold: number; consecutive: number },
      ctx: StudentsContext,
    ) => {
      const service = ctx.attendance;
      const place = await service.calendar.placement(args.schoolCode);
      AttendanceService.assertMayReadRecords(ctx.viewer, place);
      const asOf = checkIsoDate(args.asOf, 'asOf');
      if (asOf > todayInBangkok())
        throw badInput('asOf is in the future', 'วันที่อ้างอิงเป็นวันในอนาคต', [
          { field: 'asOf', messageEn: 'in the future', messageTh: 'เป็นวันในอนาคต' },
        ]);
      if (!Number.isInteger(args.windowDays) || args.windowDays < 1 || args.windowDays > 200)
        throw badInput('windowDays must be 1–200', 'windowDays ต้องอยู่ระหว่าง 1–200');
      if (!(args.threshold > 0 && args.threshold <= 1))
        throw badInput('threshold must be above 0 and at most 1', 'threshold ต้องมากกว่า 0 และไม่เกิน 1');
      if (!Number.isInteger(args.consecutive) || args.consecutive < 1 || args.consecutive > args.windowDays)
        throw badInput('consecutive must be 1–windowDays', 'consecutive ต้องอยู่ระหว่าง 1 ถึง windowDays');
      const report = await service.repo.chronicAbsence(
        place.schoolId,
        asOf,
        args.windowDays,
        args.threshold,
        args.consecutive,
      );
      return {
        schoolCode: place.schoolCode,
        asOf,
        windowStart: report.windowStart,
        windowDays: report.windowDays,
        threshold: args.threshold,
        consecutive: args.consecutive,
        entries: report.rows.map((r) => ({
          ...r,
          schoolCode: place.schoolCode,
          areaOfficeCode: place.areaOfficeCode,
        })),
      };
    },
  },
  Mutation: {
    recordAttendance: (_: unknown, { input }: { input: RecordAttendanceInput }, ctx: StudentsContext) =>
      ctx.attendance.record(ctx.viewer, input, ctx.requestId || undefined),
    setSchoolTerm: async (
      _: unknown,
      {
        input,
      }: {
        input: {
          academicYear: number;
          term: number;
          startsOn: string;
          endsOn: string;
          source?: string | null;
        };
      },
      ctx: StudentsContext,
    ) => ({ ...(await ctx.attendance.calendar.setTerm(ctx.viewer, input)), schoolId: null }),
    addSchoolHoliday: (
      _: unknown,
      {
        input,
      }: {
        input: {
          date: string;
          nameTh: string;
          nameEn: string;
          schoolCode?: string | null;
          note?: string | null;
        };
      },
      ctx: StudentsContext,
    ) => ctx.attendance.calendar.addHoliday(ctx.viewer, input),
    removeSchoolHoliday: (_: unknown, { id }: { id: string }, ctx: StudentsContext) =>
      ctx.attendance.calendar.removeHoliday(ctx.viewer, id),
  },
  Student: {
    attendanceRate: async (s: StudentRow, args: { from: string; to: string }, ctx: StudentsContext) => {
      const span = range(args);
      const t =
        span.to < span.from
          ? null
          : await ctx.loaders.attendance.studentRange.load(`${s.id}|${span.from}|${span.to}`);
      const r = t ?? { ...ZERO, schoolDays: 0 };
      return { ...r, from: span.from, to: span.to, rate: toRate(r.attended, r.schoolDays) };
    },
  },
  School: {
    attendance: (school: { id: string }, args: { date: string }): DayParent => ({
      schoolId: school.id,
      date: checkIsoDate(args.date, 'date'),
    }),
    attendanceRate: async (
      school: { id: string },
      args: { from: string; to: string },
      ctx: StudentsContext,
    ) => {
      const span = range(args);
      if (span.to < span.from || !isUuid(school.id)) return toAttendanceRate(span, null, ctx);
      return toAttendanceRate(
        span,
        await ctx.loaders.attendance.schoolRange.load(`${school.id}|${span.from}|${span.to}`),
        ctx,
      );
    },
    classroomAttendanceRates: async (
      school: { id: string },
      args: { from: string; to: string },
      ctx: StudentsContext,
    ) => {
      const span = range(args);
      // A classroom is a few dozen children: no classroom figures for partners.
      if (span.to < span.from || !isUuid(school.id) || suppressesSmallCells(ctx.viewer)) return [];
      const { repo } = ctx.attendance;
      const rows = await repo.rangeTotals('classroom', [school.id], span.from, span.to);
      return rows
        .map((r) => {
          const [, gradeLevel = '', classroom = ''] = r.key.split('|');
          return { gradeLevel, classroom, rate: toAttendanceRate(span, r, ctx) };
        })
        .sort((a, b) => (a.gradeLevel + a.classroom).localeCompare(b.gradeLevel + b.classroom));
    },
  },
  AreaOffice: {
    attendanceRate: async (
      area: { code: string },
      args: { from: string; to: string },
      ctx: StudentsContext,
    ) => {
      const span = range(args);
      if (span.to < span.from) return toAttendanceRate(span, null, ctx);
      return toAttendanceRate(
        span,
        await ctx.loaders.attendance.areaRange.load(`${area.code}|${span.from}|${span.to}`),
        ctx,
      );
    },
  },
  SchoolAttendanceDay: {
    schoolDay: async (d: DayParent, _: unknown, ctx: StudentsContext) =>
      isUuid(d.schoolId) &&
      (await ctx.loaders.attendance.nonSchoolDay.load(`${d.schoolId}|${d.date}`)) === null,
    nonSchoolDayReason: (d: DayParent, _: unknown, ctx: StudentsContext) =>
      isUuid(d.schoolId) ? ctx.loaders.attendance.nonSchoolDay.load(`${d.schoolId}|${d.date}`) : null,
    enrolled: async (d: DayParent, _: unknown, ctx: StudentsContext) => (await dayTotal(d, ctx)).enrolled,
    attended: async (d: DayParent, _: unknown, ctx: StudentsContext) => {
      const t = await dayTotal(d, ctx);
      return complementHidden(ctx, t.attended, t.enrolled) ? null : t.attended;
    },
    rate: async (d: DayParent, _: unknown, ctx: StudentsContext) => {
      const t = await dayTotal(d, ctx);
      return complementHidden(ctx, t.attended, t.enrolled) ? null : toRate(t.attended, t.enrolled);
    },
    counts: (d: DayParent, _: unknown, ctx: StudentsContext) => dayTotal(d, ctx),
    classrooms: async (d: DayParent, _: unknown, ctx: StudentsContext) => {
      // A classroom is a few dozen children: no classroom figures for partners.
      if (!isUuid(d.schoolId) || suppressesSmallCells(ctx.viewer)) return [];
      const rows = await ctx.loaders.attendance.dayTotals.load(`${d.schoolId}|${d.date}|1`);
      return rows.map((r) => ({ ...r, rate: toRate(r.attended, r.enrolled), counts: r }));
    },
    marks: async (d: DayParent, args: { classroom?: string | null }, ctx: StudentsContext) => {
      if (!isUuid(d.schoolId)) return [];
      const loaders = ctx.loaders.attendance;
      const place = await loaders.placementById.load(d.schoolId);
      if (!place || !AttendanceService.mayReadRecords(ctx.viewer, place)) return [];
      return loaders.dayMarks.load(`${d.schoolId}|${d.date}|${args.classroom?.trim() ?? ''}`);
    },
  },
  AttendanceMark: {
    student: (m: MarkRow, _: unknown, ctx: StudentsContext) => ctx.loaders.student.load(m.studentId),
    period: (m: MarkRow) => m.period || null,
    recordedAt: (m: MarkRow) => m.recordedAt.toISOString(),
    corrections: (m: MarkRow, _: unknown, ctx: StudentsContext) =>
      ctx.loaders.attendance.corrections.load(`${m.schoolId}|${m.date}|${m.period}|${m.studentId}`),
  },
  AttendanceCorrection: {
    changedAt: (c: CorrectionRow) => c.changedAt.toISOString(),
  },
  SchoolTerm: {
    schoolDays: (t: SchoolTermRow & { schoolId: string | null }, _: unknown, ctx: StudentsContext) =>
      ctx.loaders.attendance.schoolDays.load(`${t.schoolId ?? NO_SCHOOL}|${t.startsOn}|${t.endsOn}`),
  },
  SchoolHoliday: {
    id: (h: SchoolHolidayRow) => h.id,
  },
  ChronicAbsenceEntry: {
    student: (e: ChronicAbsenceRow, _: unknown, ctx: StudentsContext) =>
      ctx.loaders.student.load(e.studentId),
    rate: (e: ChronicAbsenceRow) => toRate(e.attended, e.schoolDays),
  },
};

async function dayTotal(
  d: DayParent,
  ctx: StudentsContext,
): Promise<DayTotals | (typeof ZERO & { enrolled: number })> {
  if (!isUuid(d.schoolId)) return { ...ZERO, enrolled: 0 };
  const [row] = await ctx.loaders.attendance.dayTotals.load(`${d.schoolId}|${d.date}|0`);
  return row ?? { ...ZERO, enrolled: 0 };
}
