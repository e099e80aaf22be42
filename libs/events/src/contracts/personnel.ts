import { z } from 'zod';
import { defineEvent } from '../envelope';

export const PERSONNEL_STREAM = 'PERSONNEL';

export const POSITION_TYPES = [
  'DIRECTOR',
  'DEPUTY_DIRECTOR',
  'TEACHER',
  'ASSISTANT_TEACHER',
  'GOVERNMENT_EMPLOYEE',
  'TEMPORARY_EMPLOYEE',
  'EDUCATION_SUPPORT_STAFF',
] as const;
export type PositionType = (typeof POSITION_TYPES)[number];

/** The 11 leave types of the Regulation on Leave of Government Officials B.E. 2555. */
export const LEAVE_TYPES = [
  'SICK',
  'MATERNITY',
  'PATERNITY',
  'PERSONAL_BUSINESS',
  'VACATION',
  'ORDINATION_OR_HAJJ',
  'MILITARY_SERVICE',
  'STUDY_OR_TRAINING',
  'INTERNATIONAL_ORGANISATION',
  'FOLLOW_SPOUSE',
  'VOCATIONAL_REHABILITATION',
] as const;
export type LeaveType = (typeof LEAVE_TYPES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Where a staff member is posted: a school (with its area office) or an area office itself. */
const postingSchema = z.object({
  appointmentId: z.string().uuid(),
  orgKind: z.enum(['SCHOOL', 'AREA_OFFICE']),
  schoolId: z.string().uuid().nullable(),
  schoolCode: z
    .string()
    .regex(/^\d{10}$/)
    .nullable(),
  areaOfficeCode: z.string().regex(/^\d{4}$/),
  positionType: z.enum(POSITION_TYPES),
  positionNumber: z.string().nullable(),
});

/**
 * A staff member took up a post: the first appointment, or a transfer (which also closed the
 * previous post, in the same transaction). No personal data: consumers that need names ask the
 * personnel subgraph with their own viewer's rights.
 */
export const staffAssignedPayload = z.object({
  staffId: z.string().uuid(),
  kind: z.enum(['INITIAL', 'TRANSFER']),
  posting: postingSchema,
  startDate: isoDate,
  /** The post that was closed by a transfer, with its last day. */
  previous: postingSchema.extend({ endDate: isoDate }).nullable(),
  orderReference: z.string().nullable(),
});
export type StaffAssignedPayload = z.infer<typeof staffAssignedPayload>;

export const StaffAssigned = defineEvent({
  subject: 'personnel.staff.assigned.v1',
  stream: PERSONNEL_STREAM,
  payload: staffAssignedPayload,
  description: 'A staff member was appointed to a school or area office (first appointment or transfer).',
});

/**
 * A leave request was approved or rejected by its approver, or an approved leave was cancelled.
 * Carries the counted days (working or calendar days per the leave type's counting rule) and no
 * reason text (which may be health data).
 */
export const leaveDecidedPayload = z.object({
  leaveRequestId: z.string().uuid(),
  staffId: z.string().uuid(),
  leaveType: z.enum(LEAVE_TYPES),
  decision: z.enum(['APPROVED', 'REJECTED', 'CANCELLED']),
  startDate: isoDate,
  endDate: isoDate,
  /** Counted days as a decimal string (half days: "0.5"). */
  days: z.string().regex(/^\d+(\.\d)?$/),
  /** Thai fiscal year (B.E.) the leave is counted in. */
  fiscalYear: z.number().int().min(2400).max(2700),
  schoolCode: z
    .string()
    .regex(/^\d{10}$/)
    .nullable(),
  areaOfficeCode: z.string().regex(/^\d{4}$/),
  approverLevel: z.enum(['SCHOOL_DIRECTOR', 'AREA_OFFICE']),
  /** Token subject of whoever decided (or cancelled). */
  decidedBy: z.string().min(1),
  decidedAt: z.string().datetime({ offset: true }),
});
export type LeaveDecidedPayload = z.infer<typeof leaveDecidedPayload>;

export const LeaveDecided = defineEvent({
  subject: 'personnel.leave.decided.v1',
  stream: PERSONNEL_STREAM,
  payload: leaveDecidedPayload,
  description: 'A leave request was approved or rejected, or an approved leave was cancelled.',
});
