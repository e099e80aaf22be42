import { maskText } from '@smss/auth';
import type { PersonnelContext } from '../context';
import { daysBetween } from '../modules/calendar/dates';
import type { TeachingLicenceRow } from '../modules/staff/staff.types';

/** The licence number is personal data (masked, audited); the dates are not. */
export const TeachingLicence = {
  staff: (l: TeachingLicenceRow, _: unknown, ctx: PersonnelContext) => ctx.loaders.staffById.load(l.staffId),
  licenceNumber: (l: TeachingLicenceRow, _: unknown, ctx: PersonnelContext) =>
    ctx.personal.reveal(
      { type: 'TeachingLicence', id: l.id, staffId: l.staffId },
      'licenceNumber',
      l.licenceNumber,
      maskText(l.licenceNumber)!,
    ),
  daysUntilExpiry: (l: TeachingLicenceRow, _: unknown, ctx: PersonnelContext) =>
    daysBetween(ctx.today, l.expiryDate),
};
