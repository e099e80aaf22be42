import { z } from 'zod';
import { defineEvent } from '../envelope';
import { schoolPlacement } from './placement';

export const STUDENTS_STREAM = 'STUDENTS';

export const GRADE_LEVELS = [
  'K1',
  'K2',
  'K3',
  'P1',
  'P2',
  'P3',
  'P4',
  'P5',
  'P6',
  'M1',
  'M2',
  'M3',
  'M4',
  'M5',
  'M6',
] as const;
export type GradeLevel = (typeof GRADE_LEVELS)[number];

export const DMC_ROUNDS = ['TERM1', 'TERM2', 'END_OF_YEAR'] as const;
export type DmcRoundKind = (typeof DMC_ROUNDS)[number];

const count = z.number().int().nonnegative();

/** Counts for one grade level of one school in a closed DMC round (no personal data). */
export const gradeCountsSchema = z.object({
  gradeLevel: z.enum(GRADE_LEVELS),
  male: count,
  female: count,
  /** Poor (ยากจน) by the EEF screening. */
  poor: count,
  /** Extremely poor (ยากจนพิเศษ): eligible for the EEF conditional cash transfer. */
  extremelyPoor: count,
  disabled: count,
  orphan: count,
  /** Without Thai nationality or national ID (G-code students). */
  stateless: count,
  ethnicMinority: count,
  /** Classrooms in use for this grade level. */
  classrooms: count,
});
export type GradeCounts = z.infer<typeof gradeCountsSchema>;

/**
 * One school's frozen DMC snapshot when a round closes. One event per school per round (NATS
 * messages are capped at 1 MB: never one national message). A correction after OBEC reopens
 * the round is published again with a higher `snapshotVersion`; consumers replace the earlier one.
 */
export const dmcSnapshotPublishedPayload = z.object({
  snapshotId: z.string().uuid(),
  roundId: z.string().uuid(),
  /** Academic year, Buddhist Era (e.g. 2568). */
  academicYear: z.number().int().min(2400).max(2700),
  round: z.enum(DMC_ROUNDS),
  /** The round's reference date (10 June, 10 November or 31 March), ISO. */
  asOfDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  ...schoolPlacement,
  snapshotVersion: z.number().int().positive(),
  grades: z.array(gradeCountsSchema),
  totalStudents: count,
});
export type DmcSnapshotPublishedPayload = z.infer<typeof dmcSnapshotPublishedPayload>;

export const DmcSnapshotPublished = defineEvent({
  subject: 'students.dmc-snapshot.published.v1',
  stream: STUDENTS_STREAM,
  payload: dmcSnapshotPublishedPayload,
  description:
    'A school’s frozen counts for a closed DMC round (one event per school per round and version).',
});

/** An enrolment started, ended or moved (no personal data: ids and codes only). */
export const enrollmentChangedPayload = z.object({
  enrollmentId: z.string().uuid(),
  studentId: z.string().uuid(),
  schoolId: z.string().uuid(),
  schoolCode: z.string().regex(/^\d{10}$/),
  areaOfficeCode: z.string().regex(/^\d{4}$/),
  academicYear: z.number().int().min(2400).max(2700),
  gradeLevel: z.enum(GRADE_LEVELS),
  status: z.enum([
    'ACTIVE',
    'TRANSFERRED_OUT',
    'PROMOTED',
    'GRADUATED',
    'DROPPED_OUT',
    'DECEASED',
    'MOVED_ABROAD',
  ]),
  change: z.enum(['ENROLLED', 'TRANSFERRED_OUT', 'TRANSFER_ACCEPTED', 'LEFT', 'PROMOTED', 'IMPORTED']),
});

export const EnrollmentChanged = defineEvent({
  subject: 'students.enrollment.changed.v1',
  stream: STUDENTS_STREAM,
  payload: enrollmentChangedPayload,
  description: 'An enrolment started, ended or moved between schools.',
});

/**
 * A student record changed or was deleted, for the partner change feed (exchange subgraph). No personal
 * data: ids and codes only; a partner scoped to an area office or a school reads the student's current
 * values back through GraphQL (its agreement decides which). `UPDATED`: the student's own columns
 * changed (`version` is the record's version after the change; a higher one replaces a lower one).
 * `DELETED`: a student registered in error was removed with its enrolments (`version` the last one).
 * The school and area office are those of the student's latest enrolment (the active one, else the
 * last), so a feed can scope the event; null when the student has none.
 * นักเรียนมีการแก้ไขข้อมูลหรือถูกลบ (สำหรับการติดตามการเปลี่ยนแปลงของหน่วยงานภาคี) ไม่มีข้อมูลส่วนบุคคล
 * มีเพียงรหัส โรงเรียนและเขตพื้นที่เป็นของการเข้าเรียนล่าสุดของนักเรียน
 */
export const studentChangedPayload = z.object({
  studentId: z.string().uuid(),
  change: z.enum(['UPDATED', 'DELETED']),
  schoolCode: z
    .string()
    .regex(/^\d{10}$/)
    .nullable(),
  areaOfficeCode: z
    .string()
    .regex(/^\d{4}$/)
    .nullable(),
  version: z.number().int().positive(),
});
export type StudentChangedPayload = z.infer<typeof studentChangedPayload>;

export const StudentChanged = defineEvent({
  subject: 'students.student.changed.v1',
  stream: STUDENTS_STREAM,
  payload: studentChangedPayload,
  description:
    'A student record changed (its own columns) or was deleted as registered in error (ids and codes only).',
});

/**
 * One school's attendance for one school day, for the war room (aggregate only: no student ids).
 * Published with every recording that changed the day, carrying the day's totals after it; a later
 * `revision` of the same school and date replaces the earlier one.
 */
export const attendanceDailyPayload = z.object({
  ...schoolPlacement,
  /** The school day, ISO. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** 1 for the first recording of the day, +1 for each later one that changed it. */
  revision: z.number().int().positive(),
  /** Students on the school's roll that day. */
  enrolled: count,
  /** Day status per student (the whole-day mark, else attended in any period, else the first period). */
  present: count,
  absent: count,
  late: count,
  sickLeave: count,
  personalLeave: count,
  /** On the roll but not marked yet. */
  unmarked: count,
});
export type AttendanceDailyPayload = z.infer<typeof attendanceDailyPayload>;

export const AttendanceDaily = defineEvent({
  subject: 'students.attendance.daily.v1',
  stream: STUDENTS_STREAM,
  payload: attendanceDailyPayload,
  description: 'A school’s attendance totals for one school day (per status and enrolled; no student ids).',
});

/**
 * One school's nutrition counts for one academic year and term, for the war room (aggregate only: no student
 * ids). Published with every write that changed the school-term's current (not superseded) measurements,
 * carrying the counts after it; a later `revision` of the same school, year and term replaces the earlier
 * one. The categories are the students subgraph's `NutritionSummary` (`growth-reference.ts`): weight-for-
 * height (on BMI-for-age) and height-for-age, counted over the children assessed on that index.
 */
export const nutritionSummarisedPayload = z.object({
  ...schoolPlacement,
  /** Academic year, Buddhist Era (e.g. 2569). */
  academicYear: z.number().int().min(2400).max(2700),
  term: z.union([z.literal(1), z.literal(2)]),
  /**
   * Monotonic version of the school-term's counts (microseconds, taken after the writers of the school-term
   * are serialised): a higher one replaces, an equal or lower one is a replay.
   */
  revision: z.number().int().positive(),
  /** Students with a current measurement this term. */
  measured: count,
  /** Measured at an age the weight-for-height (BMI-for-age) reference covers. */
  assessedWeightForHeight: count,
  /** Measured at an age the height-for-age reference covers. */
  assessedHeightForAge: count,
  /** Weight-for-height: thin (< −2 SD), somewhat thin, normal (proportionate), plump, overweight, obese (> +3 SD). */
  thin: count,
  somewhatThin: count,
  normal: count,
  plump: count,
  overweight: count,
  obese: count,
  /** Height-for-age: short (< −2 SD). */
  short: count,
  /** The latest measurement date among the current rows, ISO (null when none is left). */
  lastMeasuredOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
});
export type NutritionSummarisedPayload = z.infer<typeof nutritionSummarisedPayload>;

export const NutritionSummarised = defineEvent({
  subject: 'students.nutrition.summarised.v1',
  stream: STUDENTS_STREAM,
  payload: nutritionSummarisedPayload,
  description:
    'A school’s nutrition counts for one academic year and term (measured, per status; no student ids).',
});
