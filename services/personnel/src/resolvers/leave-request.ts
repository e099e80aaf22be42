import { isoTimestamp } from '@smss/thai';
import type { PersonnelContext } from '../context';
import type { LeaveRequestRow } from '../modules/staff/staff.types';

/**
 * A leave request belongs where it was filed. `staff` is the person's record, which belongs where they
 * work now: after a transfer the old school keeps its leave history but sees `staff` as null. The
 * reason, contact, comment and cancel reason are sensitive: the trust layer withholds them without
 * pii:read and audits every read.
 */
export const LeaveRequest = {
  staff: (l: LeaveRequestRow, _: unknown, ctx: PersonnelContext) => ctx.loaders.staffById.load(l.staffId),
  school: (l: LeaveRequestRow) => (l.schoolId ? { id: l.schoolId } : null),
  totals: async (l: LeaveRequestRow, _: unknown, ctx: PersonnelContext) => {
    const t = await ctx.loaders.runningTotals.load(l.id);
    const previousDays = t?.previousDays ?? 0;
    return {
      previousDays,
      thisRequestDays: l.days,
      totalDays: previousDays + l.days,
      lastLeave: t?.last ?? null,
    };
  },
  requestedAt: (l: LeaveRequestRow) => l.requestedAt.toISOString(),
  decidedAt: (l: LeaveRequestRow) => isoTimestamp(l.decidedAt),
  cancelledAt: (l: LeaveRequestRow) => isoTimestamp(l.cancelledAt),
};
