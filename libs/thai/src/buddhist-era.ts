/**
 * Buddhist Era (พุทธศักราช, พ.ศ.) years, the year numbering used on Thai official documents.
 * Since 1941 the Thai year begins on 1 January, so B.E. = C.E. + 543 for every date.
 */

/** B.E. year minus C.E. year. */
export const BUDDHIST_ERA_OFFSET = 543;

/** Lowest B.E. year {@link isPlausibleBuddhistYear} accepts (1857 C.E.). */
export const MIN_PLAUSIBLE_BUDDHIST_YEAR = 2400;

/** Highest B.E. year {@link isPlausibleBuddhistYear} accepts (2157 C.E.). */
export const MAX_PLAUSIBLE_BUDDHIST_YEAR = 2700;

function assertIntegerYear(year: number, what: string): void {
  if (!Number.isSafeInteger(year)) throw new RangeError(`${what} must be an integer, got ${year}`);
}

/**
 * Converts a C.E. (Gregorian) year to B.E.: 2025 → 2568.
 * @throws RangeError if `ceYear` is not an integer.
 */
export function toBuddhistYear(ceYear: number): number {
  assertIntegerYear(ceYear, 'C.E. year');
  return ceYear + BUDDHIST_ERA_OFFSET;
}

/**
 * Converts a B.E. year to C.E. (Gregorian): 2568 → 2025.
 * @throws RangeError if `beYear` is not an integer.
 */
export function toGregorianYear(beYear: number): number {
  assertIntegerYear(beYear, 'B.E. year');
  return beYear - BUDDHIST_ERA_OFFSET;
}

/**
 * Whether `year` looks like a B.E. year in data about living people and schools
 * (an integer from 2400 to 2700). Its main use is catching a C.E. year (e.g. 2025) passed
 * where a B.E. year was expected.
 */
export function isPlausibleBuddhistYear(year: number): boolean {
  return Number.isInteger(year) && year >= MIN_PLAUSIBLE_BUDDHIST_YEAR && year <= MAX_PLAUSIBLE_BUDDHIST_YEAR;
}

/**
 * Throws unless {@link isPlausibleBuddhistYear}; used by functions that take a B.E. year.
 * @throws RangeError naming `what` and the offending value.
 */
export function assertPlausibleBuddhistYear(year: number, what = 'B.E. year'): void {
  if (!isPlausibleBuddhistYear(year)) {
    throw new RangeError(
      `${what} must be an integer from ${MIN_PLAUSIBLE_BUDDHIST_YEAR} to ${MAX_PLAUSIBLE_BUDDHIST_YEAR}, got ${year}`,
    );
  }
}
