import type { PersonnelContext } from '../context';
import { daysBetween } from '../modules/calendar/dates';
import type { TeachingLicenceRow } from '../modules/staff/staff.types';

/** The licence number is personal data (masked and audited by the trust layer); the dates are not. */
export const TeachingLicence = {
  staff: (l: TeachingLicenceRow, _: unknown, ctx: PersonnelContext) => ctx.loaders.staffById.load(l.staffId),
  daysUntilExpiry: (l: TeachingLicenceRow, _: unknown, ctx: PersonnelContext) =>
    daysBetween(ctx.today, l.expiryDate),
};
