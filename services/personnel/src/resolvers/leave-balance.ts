import type { LeaveBalanceRow } from '../modules/leave/leave.service';

/** Computed on first read, after the trust layer checked the viewer may see this person's balance. */
export const LeaveBalance = {
  vacation: async (b: LeaveBalanceRow) => (await b.figures()).vacation,
  byType: async (b: LeaveBalanceRow) => (await b.figures()).byType,
};
