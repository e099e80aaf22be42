import { z } from 'zod';
import { badInput, type FieldProblem } from '@smss/core';
import { isValidGCode, validateNationalId, academicYearOf, todayInBangkok } from '@smss/thai';
import { GRADE_LEVELS, type GradeLevel } from '@smss/events';

/** Thai prefixes and the gender each implies (ชาย/หญิง). */
export const PREFIX_GENDER: Record<string, 'MALE' | 'FEMALE'> = {
  เด็กชาย: 'MALE',
  'ด.ช.': 'MALE',
  นาย: 'MALE',
  เด็กหญิง: 'FEMALE',
  'ด.ญ.': 'FEMALE',
  นางสาว: 'FEMALE',
  'น.ส.': 'FEMALE',
  นาง: 'FEMALE',
};

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

const isoDate = z.iso.date();
const thaiText = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\u0E00-\u0E7F .'-]+$/, 'must be Thai letters');

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
    return isValidGCode(gCode)
      ? []
      : [
          {
            field: 'gCode',
            messageEn: 'a G-code is G followed by 12 digits',
            messageTh: 'รหัส G ต้องขึ้นต้นด้วย G ตามด้วยตัวเลข 12 หลัก',
          },
        ];
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
  const implied = PREFIX_GENDER[p.prefix.trim()];
  if (!implied) {
    problems.push({
      field: 'prefix',
      messageEn: `unknown prefix "${p.prefix}"`,
      messageTh: `ไม่รู้จักคำนำหน้าชื่อ "${p.prefix}"`,
    });
  } else if (implied !== p.gender) {
    problems.push({
      field: 'gender',
      messageEn: `gender ${p.gender} does not match prefix ${p.prefix}`,
      messageTh: `เพศไม่ตรงกับคำนำหน้าชื่อ ${p.prefix}`,
    });
  }
  if (!thaiText.safeParse(p.firstNameTh).success) {
    problems.push({
      field: 'firstNameTh',
      messageEn: 'first name must be Thai letters (1–100)',
      messageTh: 'ชื่อต้องเป็นอักษรไทย 1–100 ตัวอักษร',
    });
  }
  if (!thaiText.safeParse(p.lastNameTh).success) {
    problems.push({
      field: 'lastNameTh',
      messageEn: 'last name must be Thai letters (1–100)',
      messageTh: 'นามสกุลต้องเป็นอักษรไทย 1–100 ตัวอักษร',
    });
  }
  if (!isoDate.safeParse(p.birthDate).success) {
    problems.push({
      field: 'birthDate',
      messageEn: 'birth date must be a real date',
      messageTh: 'วันเดือนปีเกิดไม่ถูกต้อง',
    });
  } else {
    const age = academicYearOf(todayInBangkok()) - 543 - Number(p.birthDate.slice(0, 4));
    if (age < 2 || age > 25) {
      problems.push({
        field: 'birthDate',
        messageEn: `age ${age} is outside 2–25`,
        messageTh: `อายุ ${age} ปี ไม่อยู่ในช่วง 2–25 ปี`,
      });
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

export function checkDate(field: string, value: string | null | undefined): string {
  if (value == null) return todayInBangkok();
  if (!isoDate.safeParse(value).success) {
    throwIfProblems([
      { field, messageEn: 'must be an ISO date (YYYY-MM-DD)', messageTh: 'วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD' },
    ]);
  }
  return value;
}
