/**
 * Thai 13-digit national identification number (เลขประจำตัวประชาชน) and the Ministry of
 * Education's G-code for students who have none.
 *
 * Layout of a national ID, as printed `N-PPDD-BBBBB-RR-C`:
 * - N: person category (0–8, e.g. 1 = Thai national whose birth was registered on time);
 * - PPDD: registration office (province code 10–96 and district code);
 * - BBBBB-RR: book/batch and sequence numbers that identify the person;
 * - C: check digit over the first 12 digits (mod 11, see {@link nationalIdCheckDigit}).
 * IDs starting with 0 exist (issued to people without Thai registration status), so the
 * validator accepts any leading digit whose check digit is right.
 */

/** Why {@link validateNationalId} rejected a value. */
export type NationalIdErrorReason = 'EMPTY' | 'NOT_DIGITS' | 'WRONG_LENGTH' | 'BAD_CHECK_DIGIT';

/** Result of {@link validateNationalId}: the normalised 13 digits, or a reason with bilingual messages. */
export type NationalIdValidation =
  | { readonly ok: true; readonly value: string }
  | {
      readonly ok: false;
      readonly reason: NationalIdErrorReason;
      readonly messageEn: string;
      readonly messageTh: string;
    };

/** Number of digits in a national ID. */
export const NATIONAL_ID_LENGTH = 13;

/** English and Thai messages for each rejection reason. */
export const NATIONAL_ID_ERROR_MESSAGES: Readonly<
  Record<NationalIdErrorReason, { readonly messageEn: string; readonly messageTh: string }>
> = {
  EMPTY: {
    messageEn: 'National ID is required',
    messageTh: 'กรุณากรอกเลขประจำตัวประชาชน',
  },
  NOT_DIGITS: {
    messageEn: 'National ID may contain only digits (dashes and spaces are ignored)',
    messageTh: 'เลขประจำตัวประชาชนต้องเป็นตัวเลขเท่านั้น (เว้นวรรคและขีดได้)',
  },
  WRONG_LENGTH: {
    messageEn: 'National ID must have exactly 13 digits',
    messageTh: 'เลขประจำตัวประชาชนต้องมี 13 หลัก',
  },
  BAD_CHECK_DIGIT: {
    messageEn: 'National ID is not valid: the check digit does not match',
    messageTh: 'เลขประจำตัวประชาชนไม่ถูกต้อง: หลักตรวจสอบไม่ตรงกัน',
  },
};

const SEPARATORS = /[\s-]/g;
const DIGITS_ONLY = /^[0-9]+$/;

/** Removes the dashes and whitespace people type inside IDs: `'1-1037-00123-45-8'` → `'1103700123458'`. */
export function normalizeNationalId(value: string): string {
  return value.replace(SEPARATORS, '');
}

/**
 * Check digit (13th digit) for the first 12 digits: multiply digit i (0-based) by 13 − i,
 * sum, and take (11 − sum mod 11) mod 10.
 * @throws RangeError unless `first12` is exactly 12 ASCII digits.
 */
export function nationalIdCheckDigit(first12: string): number {
  if (first12.length !== NATIONAL_ID_LENGTH - 1 || !DIGITS_ONLY.test(first12)) {
    throw new RangeError(`Expected exactly 12 digits, got ${JSON.stringify(first12)}`);
  }
  let sum = 0;
  for (let i = 0; i < first12.length; i++) {
    sum += Number(first12.charAt(i)) * (NATIONAL_ID_LENGTH - i);
  }
  return (11 - (sum % 11)) % 10;
}

function rejection(reason: NationalIdErrorReason): NationalIdValidation {
  return { ok: false, reason, ...NATIONAL_ID_ERROR_MESSAGES[reason] };
}

/**
 * Validates a national ID typed by a person. Dashes and whitespace are stripped first;
 * anything else that is not an ASCII digit (letters, dots, Thai digits) is rejected.
 * Checks run in the order EMPTY, NOT_DIGITS, WRONG_LENGTH, BAD_CHECK_DIGIT.
 */
export function validateNationalId(value: string): NationalIdValidation {
  const digits = normalizeNationalId(value);
  if (digits === '') return rejection('EMPTY');
  if (!DIGITS_ONLY.test(digits)) return rejection('NOT_DIGITS');
  if (digits.length !== NATIONAL_ID_LENGTH) return rejection('WRONG_LENGTH');
  if (nationalIdCheckDigit(digits.slice(0, 12)) !== Number(digits.charAt(12))) {
    return rejection('BAD_CHECK_DIGIT');
  }
  return { ok: true, value: digits };
}

/** Whether `value` is a valid national ID (dashes and whitespace allowed, see {@link validateNationalId}). */
export function isValidNationalId(value: string): boolean {
  return validateNationalId(value).ok;
}

function thirteenDigits(id: string): string {
  const digits = normalizeNationalId(id);
  if (digits.length !== NATIONAL_ID_LENGTH || !DIGITS_ONLY.test(digits)) {
    throw new RangeError(`Expected a 13-digit national ID, got ${JSON.stringify(id)}`);
  }
  return digits;
}

/**
 * Formats as printed on the ID card, groups 1-4-5-2-1: `'1103700123458'` → `'1-1037-00123-45-8'`.
 * Accepts input that already has dashes or spaces. Does not check the check digit.
 * @throws RangeError unless the input has exactly 13 digits.
 */
export function formatNationalId(id: string): string {
  const d = thirteenDigits(id);
  return `${d.slice(0, 1)}-${d.slice(1, 5)}-${d.slice(5, 10)}-${d.slice(10, 12)}-${d.slice(12)}`;
}

/**
 * Masks an ID for display to people who need to recognise but not know it:
 * `'1103700123458'` → `'1-1037-xxxxx-xx-8'`.
 *
 * Kept: the first 5 digits (person category and registration office, shared by everyone
 * registered at the same district office, so they do not single anyone out) and the check
 * digit (lets a user tell two masked IDs apart at a glance). Hidden: digits 6–12, the
 * book/sequence numbers that identify the person.
 * @throws RangeError unless the input has exactly 13 digits.
 */
export function maskNationalId(id: string): string {
  const d = thirteenDigits(id);
  return `${d.slice(0, 1)}-${d.slice(1, 5)}-xxxxx-xx-${d.slice(12)}`;
}

/**
 * Prefix of every {@link syntheticNationalId}. Leading digit 9 is not a person category used
 * by the civil registration (0–8), and the province code that follows (00–09) is not assigned to
 * any province (codes run 10–96), so a synthetic ID cannot be a real person's ID.
 */
export const SYNTHETIC_NATIONAL_ID_PREFIX = '90';

/** Largest seed {@link syntheticNationalId} accepts (10 digits follow the prefix). */
export const MAX_SYNTHETIC_NATIONAL_ID_SEED = 9_999_999_999;

/**
 * SYNTHETIC TEST DATA ONLY. A valid national ID (correct check digit) derived from `seed`:
 * `'90'` + the seed as 10 zero-padded digits + the check digit (seeds below 10⁹ give `'900…'`).
 * The same seed always gives the same ID and different seeds give different IDs. See
 * {@link SYNTHETIC_NATIONAL_ID_PREFIX} for why these never belong to a real person.
 * @throws RangeError unless `seed` is an integer from 0 to 9 999 999 999.
 */
export function syntheticNationalId(seed: number): string {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SYNTHETIC_NATIONAL_ID_SEED) {
    throw new RangeError(`Seed must be an integer from 0 to ${MAX_SYNTHETIC_NATIONAL_ID_SEED}, got ${seed}`);
  }
  const first12 = SYNTHETIC_NATIONAL_ID_PREFIX + String(seed).padStart(10, '0');
  return first12 + String(nationalIdCheckDigit(first12));
}

/** Whether `id` (dashes and spaces allowed) is a valid ID produced by {@link syntheticNationalId}. */
export function isSyntheticNationalId(id: string): boolean {
  const result = validateNationalId(id);
  return result.ok && result.value.startsWith(SYNTHETIC_NATIONAL_ID_PREFIX);
}

const G_CODE = /^G[0-9]{12}$/;

/**
 * Whether `value` is a G-code: the 13-character code the Ministry of Education issues to
 * students who have no Thai national ID, an uppercase `G` followed by 12 digits
 * (e.g. `'G123456789012'`). Surrounding whitespace is ignored; nothing else is. The code
 * has no published check digit, so only the shape is checked.
 */
export function isValidGCode(value: string): boolean {
  return G_CODE.test(value.trim());
}
