import type { PersonnelContext } from '../context';
import type { LeaveRequestRow } from '../modules/staff/staff.types';
import { iso } from './shared';

const record = (l: LeaveRequestRow) => ({ type: 'LeaveRequest' as const, id: l.id, staffId: l.staffId });

/**
 * Seeing a leave request includes seeing who filed it: `staff` is not re-checked against the
 * staff-record rule (an approver keeps seeing the requester after a transfer). Masking still applies.
 */
export const LeaveRequest = {
  staff: (l: LeaveRequestRow, _: unknown, ctx: PersonnelContext) => ctx.loaders.staffById.load(l.staffId),
  reason: (l: LeaveRequestRow, _: unknown, ctx: PersonnelContext) =>
    ctx.personal.reveal(record(l), 'reason', l.reason, null),
  contactDuringLeave: (l: LeaveRequestRow, _: unknown, ctx: PersonnelContext) =>
    ctx.personal.reveal(record(l), 'contactDuringLeave', l.contactDuringLeave, null),
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
  decidedAt: (l: LeaveRequestRow) => iso(l.decidedAt),
  cancelledAt: (l: LeaveRequestRow) => iso(l.cancelledAt),
};
