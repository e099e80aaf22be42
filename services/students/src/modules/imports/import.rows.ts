import { GRADE_LEVELS, type GradeLevel } from '@smss/events';
import { fromThaiDigits, isValidGCode, parseThaiDate, validateNationalId } from '@smss/thai';
import { PREFIX_GENDER, checkPerson, fillMessage } from '../registry/student.validation';
import { IMPORT_MESSAGES, type ImportMessage } from './import.messages';

export interface ImportRowError {
  row: number;
  column: string;
  messageEn: string;
  messageTh: string;
}

export interface StudentImportRow {
  row: number;
  nationalId: string | null;
  gCode: string | null;
  prefix: string;
  firstNameTh: string;
  lastNameTh: string;
  gender: 'MALE' | 'FEMALE';
  birthDate: string;
  gradeLevel: GradeLevel;
  classroom: string;
  poverty: 'NONE' | 'POOR' | 'EXTREMELY_POOR';
  disabilityType: string | null;
}

/**
 * The characters JavaScript's `trim()` and `\s` remove (WhiteSpace and LineTerminator): the SQL
 * validator trims cells with the same set (a spec checks it against the engine).
 */
export const WHITESPACE =
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** Gender as files write it (lower-cased, Thai digits read as digits) → the stored value. */
export const GENDER_CODES: ReadonlyMap<string, 'MALE' | 'FEMALE'> = new Map([
  ['ชาย', 'MALE'],
  ['หญิง', 'FEMALE'],
  ['m', 'MALE'],
  ['f', 'FEMALE'],
  ['male', 'MALE'],
  ['female', 'FEMALE'],
  ['1', 'MALE'],
  ['2', 'FEMALE'],
]);

/** Poverty status as files write it (lower-cased) → the stored value. An absent column is NONE. */
export const POVERTY_CODES: ReadonlyMap<string, StudentImportRow['poverty']> = new Map([
  ['', 'NONE'],
  ['-', 'NONE'],
  ['ไม่ยากจน', 'NONE'],
  ['none', 'NONE'],
  ['ยากจน', 'POOR'],
  ['poor', 'POOR'],
  ['ยากจนพิเศษ', 'EXTREMELY_POOR'],
  ['extremely_poor', 'EXTREMELY_POOR'],
]);

/** How a grade's level may be written before its number: อ.1 / อนุบาล 1 → K1, ป.4 → P4, ม.6 → M6. */
const GRADE_WORDS: Record<'K' | 'P' | 'M', string[]> = {
  K: ['อ', 'อ.', 'อนุบาล'],
  P: ['ป', 'ป.', 'ประถมศึกษาปีที่'],
  M: ['ม', 'ม.', 'มัธยมศึกษาปีที่'],
};

/** Every accepted spelling of a grade, as {@link gradeKey} normalises it, → the grade. */
export const GRADE_SPELLINGS: ReadonlyMap<string, GradeLevel> = new Map(
  GRADE_LEVELS.flatMap((grade) => [
    [grade, grade] as const,
    ...GRADE_WORDS[grade[0] as 'K' | 'P' | 'M'].map((word) => [`${word}${grade.slice(1)}`, grade] as const),
  ]),
);

/** A grade cell as looked up: whitespace removed, Thai digits read as digits, upper-cased. */
export const gradeKey = (text: string): string => fromThaiDigits(text.replace(/\s+/g, '')).toUpperCase();

/** อ.1 / อนุบาล 1 → K1, ป.4 / ป.๔ → P4, ม.6 → M6; K1/P4/M6 as they are. */
export function parseGrade(text: string): GradeLevel | null {
  return GRADE_SPELLINGS.get(gradeKey(text)) ?? null;
}

/** YYYY-MM-DD or dd/mm/yyyy (B.E. when the year ≥ 2400), Thai digits accepted → ISO date, or null. */
export function parseBirthDate(text: string): string | null {
  const d = fromThaiDigits(text);
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? parseThaiDate(d.split('-').reverse().join('/')) : parseThaiDate(d);
}

/**
 * Validate one row; returns the clean row or the problems, each with its column header as written
 * in the file and a Thai + English reason. Thai digits (๐–๙) are read as digits wherever a number is
 * expected: national ID and G-code, birth date, grade, classroom, the numeric gender codes.
 * `import.sql.ts` is the same validator in SQL (the bulk loaders); the parity test holds them equal.
 */
export function validateImportRow(
  row: number,
  raw: Record<string, string>,
  headers: Record<string, string>,
): { ok: true; value: StudentImportRow } | { ok: false; errors: ImportRowError[] } {
  const v = (key: string) => (raw[key] ?? '').trim();
  const errors: ImportRowError[] = [];
  const err = (key: string, message: ImportMessage, values?: Record<string, string | number>) =>
    errors.push({ row, column: headers[key] ?? key, ...fillMessage(IMPORT_MESSAGES[message], values) });
  const idText = fromThaiDigits(v('nationalId'));
  let nationalId: string | null = null;
  let gCode: string | null = null;
  if (/^g/i.test(idText)) {
    if (isValidGCode(idText.toUpperCase())) gCode = idText.toUpperCase();
    else err('nationalId', 'gCodeShape');
  } else {
    const r = validateNationalId(idText);
    if (r.ok) nationalId = r.value;
    else err('nationalId', `nationalId${r.reason}`);
  }
  const gender = GENDER_CODES.get(fromThaiDigits(v('gender')).toLowerCase());
  if (!gender) err('gender', 'unknownGender', { value: v('gender') });
  const birthDate = parseBirthDate(v('birthDate'));
  if (!birthDate) err('birthDate', 'notADate', { value: v('birthDate') });
  const grade = parseGrade(v('gradeLevel'));
  if (!grade) err('gradeLevel', 'unknownGrade', { value: v('gradeLevel') });
  const classroom = fromThaiDigits(v('classroom'));
  if (!classroom || classroom.length > 20) err('classroom', 'classroomLength');
  const poverty = POVERTY_CODES.get(v('poverty').toLowerCase());
  if (!poverty) err('poverty', 'unknownPoverty', { value: v('poverty') });
  const prefix = v('prefix');
  const implied = PREFIX_GENDER.get(prefix);
  const names = { firstNameTh: v('firstNameTh'), lastNameTh: v('lastNameTh') };
  if (gender && birthDate && implied) {
    for (const p of checkPerson({ prefix, ...names, birthDate, gender })) {
      errors.push({
        row,
        column: headers[p.field] ?? p.field,
        messageEn: p.messageEn,
        messageTh: p.messageTh,
      });
    }
  } else {
    if (!implied) err('prefix', 'unknownPrefix', { prefix });
    // Only the name checks apply without a usable prefix, gender and date.
    for (const p of checkPerson({ prefix: 'เด็กชาย', ...names, birthDate: '2015-01-01', gender: 'MALE' })) {
      if (p.field === 'firstNameTh' || p.field === 'lastNameTh')
        errors.push({
          row,
          column: headers[p.field] ?? p.field,
          messageEn: p.messageEn,
          messageTh: p.messageTh,
        });
    }
  }
  if (errors.length) return { ok: false, errors };
  const disability = v('disabilityType');
  return {
    ok: true,
    value: {
      row,
      nationalId,
      gCode,
      prefix,
      ...names,
      gender: gender!,
      birthDate: birthDate!,
      gradeLevel: grade!,
      classroom,
      poverty: poverty!,
      disabilityType: disability && disability !== '-' ? disability : null,
    },
  };
}
