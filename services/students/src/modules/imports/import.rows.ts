import { GRADE_LEVELS, type GradeLevel } from '@smss/events';
import { parseThaiDate, validateNationalId, isValidGCode, normalizeNationalId } from '@smss/thai';
import { PREFIX_GENDER, checkPerson } from '../registry/student.validation';

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

const GENDERS: Record<string, 'MALE' | 'FEMALE'> = {
  ชาย: 'MALE',
  หญิง: 'FEMALE',
  m: 'MALE',
  f: 'FEMALE',
  male: 'MALE',
  female: 'FEMALE',
  '1': 'MALE',
  '2': 'FEMALE',
};

/** อ.1 / อนุบาล 1 → K1, ป.4 → P4, ม.6 → M6; K1/P4/M6 as they are. */
export function parseGrade(text: string): GradeLevel | null {
  const t = text.replace(/\s+/g, '').toUpperCase();
  if ((GRADE_LEVELS as readonly string[]).includes(t)) return t as GradeLevel;
  const m = /^(อ\.?|อนุบาล|ป\.?|ประถมศึกษาปีที่|ม\.?|มัธยมศึกษาปีที่)([0-9๐-๙])$/.exec(t);
  if (!m) return null;
  const n = String('๐๑๒๓๔๕๖๗๘๙'.indexOf(m[2]!) >= 0 ? '๐๑๒๓๔๕๖๗๘๙'.indexOf(m[2]!) : m[2]);
  const prefix = m[1]!.startsWith('อ') ? 'K' : m[1]!.startsWith('ป') ? 'P' : 'M';
  const grade = `${prefix}${n}`;
  return (GRADE_LEVELS as readonly string[]).includes(grade) ? (grade as GradeLevel) : null;
}

const POVERTY: Record<string, StudentImportRow['poverty']> = {
  '': 'NONE',
  '-': 'NONE',
  ไม่ยากจน: 'NONE',
  none: 'NONE',
  ยากจน: 'POOR',
  poor: 'POOR',
  ยากจนพิเศษ: 'EXTREMELY_POOR',
  extremely_poor: 'EXTREMELY_POOR',
};

/**
 * Validate one row; returns the clean row or the problems, each with its column header as written
 * in the file and a Thai + English reason.
 */
export function validateImportRow(
  row: number,
  v: Record<string, string>,
  headers: Record<string, string>,
): { ok: true; value: StudentImportRow } | { ok: false; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const err = (key: string, messageEn: string, messageTh: string) =>
    errors.push({ row, column: headers[key] ?? key, messageEn, messageTh });
  const idText = (v.nationalId ?? '').trim();
  let nationalId: string | null = null;
  let gCode: string | null = null;
  if (/^g/i.test(idText)) {
    if (isValidGCode(idText.toUpperCase())) gCode = idText.toUpperCase();
    else err('nationalId', 'a G-code is G followed by 12 digits', 'รหัส G ต้องขึ้นต้นด้วย G ตามด้วยตัวเลข 12 หลัก');
  } else {
    const r = validateNationalId(idText);
    if (r.ok) nationalId = normalizeNationalId(idText);
    else err('nationalId', r.messageEn, r.messageTh);
  }
  const gender = GENDERS[(v.gender ?? '').trim().toLowerCase()];
  if (!gender)
    err('gender', `unknown gender "${v.gender}" (ชาย/หญิง, M/F)`, `ไม่รู้จักเพศ "${v.gender}" (ใช้ ชาย/หญิง)`);
  const dateText = (v.birthDate ?? '').trim();
  const birthDate = /^\d{4}-\d{2}-\d{2}$/.test(dateText)
    ? (parseThaiDate(dateText.split('-').reverse().join('/')) ?? null)
    : parseThaiDate(dateText);
  if (!birthDate)
    err(
      'birthDate',
      `"${dateText}" is not a date (YYYY-MM-DD or dd/mm/yyyy B.E.)`,
      `"${dateText}" ไม่ใช่วันที่ (ใช้ วว/ดด/ปปปป พ.ศ.)`,
    );
  const grade = parseGrade(v.gradeLevel ?? '');
  if (!grade)
    err(
      'gradeLevel',
      `unknown grade "${v.gradeLevel}" (K1–K3, P1–P6, M1–M6, อ.1, ป.1, ม.1)`,
      `ไม่รู้จักชั้น "${v.gradeLevel}" (อ.1–อ.3, ป.1–ป.6, ม.1–ม.6)`,
    );
  const classroom = (v.classroom ?? '').trim();
  if (!classroom || classroom.length > 20)
    err('classroom', 'classroom must be 1–20 characters', 'ห้องเรียนต้องมีความยาว 1–20 ตัวอักษร');
  const poverty = POVERTY[(v.poverty ?? '').trim().toLowerCase()];
  if (!poverty)
    err(
      'poverty',
      `unknown poverty status "${v.poverty}"`,
      `ไม่รู้จักสถานะความยากจน "${v.poverty}" (ใช้ ยากจน/ยากจนพิเศษ)`,
    );
  const prefix = (v.prefix ?? '').trim();
  if (gender && birthDate && PREFIX_GENDER[prefix] !== undefined) {
    for (const p of checkPerson({
      prefix,
      firstNameTh: v.firstNameTh ?? '',
      lastNameTh: v.lastNameTh ?? '',
      birthDate,
      gender,
    })) {
      err(p.field, p.messageEn, p.messageTh);
    }
  } else {
    if (PREFIX_GENDER[prefix] === undefined)
      err('prefix', `unknown prefix "${prefix}"`, `ไม่รู้จักคำนำหน้าชื่อ "${prefix}"`);
    for (const p of checkPerson({
      prefix: 'เด็กชาย',
      firstNameTh: v.firstNameTh ?? '',
      lastNameTh: v.lastNameTh ?? '',
      birthDate: birthDate ?? '2015-01-01',
      gender: 'MALE',
    })) {
      if (p.field === 'firstNameTh' || p.field === 'lastNameTh') err(p.field, p.messageEn, p.messageTh);
    }
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      row,
      nationalId,
      gCode,
      prefix,
      firstNameTh: v.firstNameTh!.trim(),
      lastNameTh: v.lastNameTh!.trim(),
      gender: gender!,
      birthDate: birthDate!,
      gradeLevel: grade!,
      classroom,
      poverty: poverty!,
      disabilityType:
        (v.disabilityType ?? '').trim() && v.disabilityType!.trim() !== '-' ? v.disabilityType!.trim() : null,
    },
  };
}
