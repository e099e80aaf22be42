import { maskNationalId } from '@smss/thai';
import type { TrustRules } from '@smss/trust';
import type { PersonnelContext } from '../../context';
import type { LeaveBalanceRow } from '../leave/leave.service';
import type { AppointmentRow, LeaveRequestRow, StaffRow, TeachingLicenceRow } from '../staff/staff.types';
import { ownerFor, type PersonnelRecord } from './record-scope';

/**
 * What personnel tells the trust layer (`@smss/trust`); `schema.graphql` says the rest (every type's
 * `@owner`, every field's class). The layer applies it on every path — root fields, nested lists,
 * `_entities`, fragments: row scope from these owner rules, masking (below, else the default: text
 * keeps its first letter, sensitive fields are withheld), and the one personal-data audit
 * (`personal_data_access`, written before an unmasked value leaves).
 */

/** A staff member belongs where the appointment in force today (else the latest) is. */
export const staffRecord = (s: StaffRow): PersonnelRecord => ({
  schoolCode: s.placement?.schoolCode ?? null,
  areaOfficeCode: s.placement?.areaOfficeCode ?? null,
  people: [s.accountSubject],
});

/** A leave request belongs where it was filed; it is its person's and its filer's own. */
export const leaveRecord = (l: LeaveRequestRow): PersonnelRecord => ({
  schoolCode: l.schoolCode,
  areaOfficeCode: l.areaOfficeCode,
  people: [l.staffAccountSubject, l.requestedBy],
});

/** An appointment belongs to its own school / area office. */
export const appointmentRecord = (a: AppointmentRow): PersonnelRecord => ({
  schoolCode: a.schoolCode,
  areaOfficeCode: a.areaOfficeCode,
  people: [a.staffAccountSubject],
});

export const personnelTrust: TrustRules<PersonnelContext> = {
  owners: {
    StaffMember: (s: StaffRow, ctx) => ownerFor(ctx.viewer, staffRecord(s)),
    /** A licence goes with its holder's current organisation (batched through the staff loader). */
    TeachingLicence: async (l: TeachingLicenceRow, ctx) => {
      const holder = await ctx.loaders.staffById.load(l.staffId);
      return holder ? ownerFor(ctx.viewer, staffRecord(holder)) : null;
    },
    LeaveBalance: (b: LeaveBalanceRow, ctx) => ownerFor(ctx.viewer, staffRecord(b.staff)),
    LeaveRequest: (l: LeaveRequestRow, ctx) => ownerFor(ctx.viewer, leaveRecord(l)),
    Appointment: (a: AppointmentRow, ctx) => ownerFor(ctx.viewer, appointmentRecord(a)),
  },
  masks: {
    /** 1-1037-xxxxx-xx-8: enough to tell two people apart on a screen, not enough to use. */
    'StaffMember.nationalId': (value: string) => maskNationalId(value),
    // Dates, contacts and money say too much even in part (a salary's first digit and length).
    'StaffMember.birthDate': () => null,
    'StaffMember.phone': () => null,
    'StaffMember.email': () => null,
    'StaffMember.salary': () => null,
  },
};
