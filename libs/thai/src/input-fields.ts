import { z } from 'zod';
import { MAX_PLAUSIBLE_BUDDHIST_YEAR, MIN_PLAUSIBLE_BUDDHIST_YEAR } from './buddhist-era';
import { isPlausibleIsoDate } from './calendar-date';

/*
 * Input fields whose rules are the Thai calendar's, for every service's zod schemas (the plain ones —
 * text, optional text, UUID — are @smss/core's `inputFields`).
 */

/** A date typed into an input: ISO YYYY-MM-DD in the Gregorian calendar; a B.E. year typed as a date is refused. */
export const isoDateInput = z.iso
  .date('must be an ISO date YYYY-MM-DD')
  .refine(isPlausibleIsoDate, 'must be a C.E. date (2026-06-10), not a B.E. year');

/** A B.E. year typed into an input (2400–2700), such as an academic or fiscal year. */
export const buddhistYearInput = z
  .number()
  .int()
  .min(MIN_PLAUSIBLE_BUDDHIST_YEAR, 'must be a B.E. year such as 2569')
  .max(MAX_PLAUSIBLE_BUDDHIST_YEAR, 'must be a B.E. year such as 2569');
