import { z } from 'zod';
import { badInput, type FieldProblem } from '@smss/core';
import { isValidGCode, validateNationalId, academicYearOf, todayInBangkok, isoDateInput } from '@smss/thai';
import { GRADE_LEVELS, type GradeLevel } from '@smss/events';

/** Thai prefixes and the gender each implies (ชาย/หญิง). A Map: a prefix such as "constructor" is unknown. */
export const PREFIX_GENDER: ReadonlyMap<string, 'MALE' | 'FEMALE'> = new Map([
  ['เด็กชาย', 'MALE'],
  ['ด.ช.', 'MALE'],
  ['นาย', 'MALE'],
  ['เด็กหญิง', 'FEMALE'],
  ['ด.ญ.', 'FEMALE'],
  ['นางสาว', 'FEMALE'],
  ['น.ส.', 'FEMALE'],
  ['นาง', 'FEMALE'],
]);

/**
 * A bilingual message; `{name}` marks a value filled in. The same templates feed the validators in
 * code and the SQL validator of the bulk loaders (imports/import.sql.ts), so both say the same.
 */
export interface MessageTemplate {
  readonly en: string;
  readonly th: string;
}

/** Fill a template's `{name}` placeholders. */
export function fillMessage(
  template: MessageTemplate,
  values: Readonly<Record<string, string | number>> = {},
): { messageEn: string; messageTh: string } {
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));
  return { messageEn: fill(template.en), messageTh: fill(template.th) };
}

/** The messages of the person checks (registration and imports). */
export const PERSON_MESSAGES = {
  unknownPrefix: { en: 'unknown prefix "{prefix}"', th: 'ไม่รู้จักคำนำหน้าชื่อ "{prefix}"' },
  genderMismatch: {
    en: 'gender {gender} does not match prefix {prefix}',
    th: 'เพศไม่ตรงกับคำนำหน้าชื่อ {prefix}',
  },
  firstName: { en: 'first name must be Thai letters (1–100)', th: 'ชื่อต้องเป็นอักษรไทย 1–100 ตัวอักษร' },
  lastName: { en: 'last name must be Thai letters (1–100)', th: 'นามสกุลต้องเป็นอักษรไทย 1–100 ตัวอักษร' },
  birthDateReal: { en: 'birth date must be a real date', th: 'วันเดือนปีเกิดไม่ถูกต้อง' },
  ageRange: { en: 'age {age} is outside 2–25', th: 'อายุ {age} ปี ไม่อยู่ในช่วง 2–25 ปี' },
  gCodeShape: { en: 'a G-code is G followed by 12 digits', th: 'รหัส G ต้องขึ้นต้นด้วย G ตามด้วยตัวเลข 12 หลัก' },
} as const satisfies Record<string, MessageTemplate>;

/** What a Thai name may contain, as a character-class body that JavaScript and PostgreSQL read alike. */
export const THAI_NAME_CHARACTERS = "\\u0E00-\\u0E7F .'-";
/** Longest first or last name. */
export const NAME_MAX_LENGTH = 100;
/** Ages a student may have: the C.E. year of today's academic year minus the birth year. */
export const STUDENT_AGE = { min: 2, max: 25 } as const;

/** The year ages are counted at: the C.E. year in which today's academic year starts. */
export const ageReferenceYear = (): number => academicYearOf(todayInBangkok()) - 543;

/** Which education level a grade belongs to (the directory's `levels`). */
export const LEVEL_OF_GRADE: Record<GradeLevel, string> = Object.fromEntries(
  GRADE_LEVELS.map((g) => [
    g,
    g.startsWith('K')
      ? 'PRE_PRIMARY'
      : g.startsWith('P')
        ? 'PRIMARY'
        : Number(g.slice(1)) <= 3
          ? 'LOWER_SECONDARY'
          : 'UPPER_SECONDARY',
  ]),
) as Record<GradeLevel, string>;

export { todayInBangkok } from '@smss/thai';

const isoDate = isoDateInput;
const thaiText = z
  .string()
  .trim()
  .min(1)
  .max(NAME_MAX_LENGTH)
  .regex(new RegExp(`^[${THAI_NAME_CHARACTERS}]+$`), 'must be Thai letters');

/** National ID (check digit) or G-code: exactly one. Returns problems, never throws. */
export function checkIdentity(
  nationalId: string | null | undefined,
  gCode: string | null | undefined,
): FieldProblem[] {
  if (nationalId && gCode) {
    return [
      {
        field: 'nationalId',
        messageEn: 'give a national ID or a G-code, not both',
        messageTh: 'ระบุเลขประจำตัวประชาชนหรือรหัส G อย่างใดอย่างหนึ่ง',
      },
    ];
  }
  if (nationalId) {
    const r = validateNationalId(nationalId);
    return r.ok ? [] : [{ field: 'nationalId', messageEn: r.messageEn, messageTh: r.messageTh }];
  }
  if (gCode) {
    return isValidGCode(gCode) ? [] : [{ field: 'gCode', ...fillMessage(PERSON_MESSAGES.gCodeShape) }];
  }
  return [
    {
      field: 'nationalId',
      messageEn: 'a national ID or a G-code is required',
      messageTh: 'ต้องระบุเลขประจำตัวประชาชนหรือรหัส G',
    },
  ];
}

/** Person fields shared by registration and import. */
export function checkPerson(p: {
  prefix: string;
  firstNameTh: string;
  lastNameTh: string;
  birthDate: string;
  gender: string;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const implied = PREFIX_GENDER.get(p.prefix.trim());
  if (!implied) {
    problems.push({ field: 'prefix', ...fillMessage(PERSON_MESSAGES.unknownPrefix, { prefix: p.prefix }) });
  } else if (implied !== p.gender) {
    problems.push({
      field: 'gender',
      ...fillMessage(PERSON_MESSAGES.genderMismatch, { gender: p.gender, prefix: p.prefix }),
    });
  }
  if (!thaiText.safeParse(p.firstNameTh).success) {
    problems.push({ field: 'firstNameTh', ...fillMessage(PERSON_MESSAGES.firstName) });
  }
  if (!thaiText.safeParse(p.lastNameTh).success) {
    problems.push({ field: 'lastNameTh', ...fillMessage(PERSON_MESSAGES.lastName) });
  }
  if (!isoDate.safeParse(p.birthDate).success) {
    problems.push({ field: 'birthDate', ...fillMessage(PERSON_MESSAGES.birthDateReal) });
  } else {
    const age = ageReferenceYear() - Number(p.birthDate.slice(0, 4));
    if (age < STUDENT_AGE.min || age > STUDENT_AGE.max) {
      problems.push({ field: 'birthDate', ...fillMessage(PERSON_MESSAGES.ageRange, { age }) });
    }
  }
  return problems;
}

export function throwIfProblems(problems: FieldProblem[]): void {
  if (!problems.length) return;
  throw badInput(
    `Invalid input: ${problems.map((p) => `${p.field} ${p.messageEn}`).join('; ')}`,
    `ข้อมูลไม่ถูกต้อง: ${problems.map((p) => p.messageTh).join('; ')}`,
    problems,
  );
}

/** An academic-year argument: a B.E. year from 2500 to 2700, else BAD_USER_INPUT (catches 2025 sent for 2568). */
export function academicYearArg(year: number, field = 'academicYear'): number {
  if (!Number.isInteger(year) || year < 2500 || year > 2700) {
    throwIfProblems([
      {
        field,
        messageEn: `${year} is not a B.E. academic year such as 2568`,
        messageTh: `ปีการศึกษา ${year} ไม่ใช่ปี พ.ศ. (เช่น 2568)`,
      },
    ]);
  }
  return year;
}

export function checkDate(field: string, value: string | null | undefined): string {
  if (value == null) return todayInBangkok();
  if (!isoDate.safeParse(value).success) {
    throwIfProblems([
      { field, messageEn: 'must be an ISO date (YYYY-MM-DD)', messageTh: 'วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD' },
    ]);
  }
  return value;
}
