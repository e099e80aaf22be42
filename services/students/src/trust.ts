import type { OwnerRef, TrustRules } from '@smss/trust';
import { maskNationalId } from '@smss/thai';
import type { StudentsContext } from './context';
import { latestEnrollment } from './modules/registry/ownership';
import type { ConflictRow, EnrollmentRow, StudentRow, TransferRow } from './modules/registry/student.types';

/** Owner of a rights & opportunity record: the school and area office stored on it. */
const bySchool = (r: { schoolCode: string; areaOfficeCode: string }): OwnerRef => ({
  schoolCode: r.schoolCode,
  areaOfficeCode: r.areaOfficeCode,
});

const maskGCode = (g: string) => `G${'x'.repeat(8)}${g.slice(-4)}`;

/**
 * The students subgraph's rules for the trust layer (@smss/trust): who owns each record type, and how
 * masked personal values look. The SDL classifies every field; the layer applies row scope, masking and
 * the personal-data audit on every path. List SQL in the repository filters by the same rules.
 */
export const studentsTrust: TrustRules<StudentsContext> = {
  owners: {
    /**
     * The school of the latest enrolment (the active one, else the last) and, while a transfer released
     * towards a named school is pending, that school too.
     */
    Student: async (s: StudentRow, ctx): Promise<OwnerRef[]> => {
      const [enrollments, pending] = await Promise.all([
        ctx.loaders.enrollments.load(s.id),
        ctx.loaders.pendingTransfers.load(s.id),
      ]);
      const latest = latestEnrollment(enrollments);
      return [
        ...(latest ? [{ schoolCode: latest.schoolCode, areaOfficeCode: latest.areaOfficeCode }] : []),
        ...pending.map((p) => ({ schoolCode: p.toSchoolCode, areaOfficeCode: p.toAreaOfficeCode })),
      ];
    },
    Enrollment: (e: EnrollmentRow): OwnerRef => ({
      schoolCode: e.schoolCode,
      areaOfficeCode: e.areaOfficeCode,
    }),
    /** Both the releasing and the receiving school (and their area offices). */
    Transfer: async (t: TransferRow, ctx): Promise<OwnerRef[]> => {
      const places = await ctx.loaders.placementById.loadMany(
        [t.fromSchoolId, t.toSchoolId].filter((id): id is string => !!id),
      );
      return places.flatMap((p) =>
        p && !(p instanceof Error) ? [{ schoolCode: p.schoolCode, areaOfficeCode: p.areaOfficeCode }] : [],
      );
    },
    /** The area offices of both schools, and the school whose registration or import found it. */
    EnrollmentConflict: (c: ConflictRow): OwnerRef[] => [
      { schoolCode: c.importingSchoolCode, areaOfficeCode: c.importingAreaOfficeCode },
      { areaOfficeCode: c.enrolledAreaOfficeCode },
    ],
    /** The other school of a conflict: the area offices of both schools only, never a school. */
    ConflictEnrolment: ({ conflict: c }: { conflict: ConflictRow }): OwnerRef[] => [
      { areaOfficeCode: c.importingAreaOfficeCode },
      { areaOfficeCode: c.enrolledAreaOfficeCode },
    ],
    /** Attendance (Students II): a mark, and a chronic-absence entry, belong to the school that keeps them. */
    AttendanceMark: (m: { schoolCode: string; areaOfficeCode: string }): OwnerRef => ({
      schoolCode: m.schoolCode,
      areaOfficeCode: m.areaOfficeCode,
    }),
    ChronicAbsenceEntry: (e: { schoolCode: string; areaOfficeCode: string }): OwnerRef => ({
      schoolCode: e.schoolCode,
      areaOfficeCode: e.areaOfficeCode,
    }),
    /** Rights & opportunity (Students II): screenings, transfer lists, payments and disability support belong to the school (and its area office). */
    EefScreening: bySchool,
    EefTransferList: bySchool,
    EefPayment: bySchool,
    DisabilitySupport: bySchool,
    /** Out-of-school children: the area office only, never a school. */
    OutOfSchoolChild: (c: { areaOfficeCode: string }): OwnerRef => ({ areaOfficeCode: c.areaOfficeCode }),
  },
  masks: {
    /** The office digits and the check digit stay: 1-1037-xxxxx-xx-8. */
    'Student.nationalId': (v: string) => maskNationalId(v),
    'Student.gCode': (v: string) => maskGCode(v),
    /** The year stays (ages and grade checks), the day and month do not. */
    'Student.birthDate': (v: string) => `${v.slice(0, 4)}-xx-xx`,
    'EnrollmentConflict.nationalId': (v: string) => (/^\d{13}$/.test(v) ? maskNationalId(v) : maskGCode(v)),
    'OutOfSchoolChild.nationalId': (v: string) => maskNationalId(v),
    'OutOfSchoolChild.birthDate': (v: string) => `${v.slice(0, 4)}-xx-xx`,
  },
};
