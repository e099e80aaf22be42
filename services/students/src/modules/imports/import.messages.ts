import { NATIONAL_ID_ERROR_MESSAGES, type NationalIdErrorReason } from '@smss/thai';
import { PERSON_MESSAGES, type MessageTemplate } from '../registry/student.validation';

const fromThaiLib = (reason: NationalIdErrorReason): MessageTemplate => ({
  en: NATIONAL_ID_ERROR_MESSAGES[reason].messageEn,
  th: NATIONAL_ID_ERROR_MESSAGES[reason].messageTh,
});

/**
 * Every message an import row can get, in English and Thai: the one table both validators read —
 * the row validator in code (uploads, `import.rows.ts`) and the SQL validator of the bulk loaders
 * (`import.sql.ts`, which turns each template into a SQL expression with {@link messageSql}).
 */
export const IMPORT_MESSAGES = {
  nationalIdEMPTY: fromThaiLib('EMPTY'),
  nationalIdNOT_DIGITS: fromThaiLib('NOT_DIGITS'),
  nationalIdWRONG_LENGTH: fromThaiLib('WRONG_LENGTH'),
  nationalIdBAD_CHECK_DIGIT: fromThaiLib('BAD_CHECK_DIGIT'),
  gCodeShape: PERSON_MESSAGES.gCodeShape,
  unknownGender: {
    en: 'unknown gender "{value}" (ชาย/หญิง, M/F)',
    th: 'ไม่รู้จักเพศ "{value}" (ใช้ ชาย/หญิง)',
  },
  notADate: {
    en: '"{value}" is not a date (YYYY-MM-DD or dd/mm/yyyy B.E.)',
    th: '"{value}" ไม่ใช่วันที่ (ใช้ วว/ดด/ปปปป พ.ศ.)',
  },
  unknownGrade: {
    en: 'unknown grade "{value}" (K1–K3, P1–P6, M1–M6, อ.1, ป.1, ม.1)',
    th: 'ไม่รู้จักชั้น "{value}" (อ.1–อ.3, ป.1–ป.6, ม.1–ม.6)',
  },
  classroomLength: { en: 'classroom must be 1–20 characters', th: 'ห้องเรียนต้องมีความยาว 1–20 ตัวอักษร' },
  unknownPoverty: {
    en: 'unknown poverty status "{value}"',
    th: 'ไม่รู้จักสถานะความยากจน "{value}" (ใช้ ยากจน/ยากจนพิเศษ)',
  },
  unknownPrefix: PERSON_MESSAGES.unknownPrefix,
  genderMismatch: PERSON_MESSAGES.genderMismatch,
  firstName: PERSON_MESSAGES.firstName,
  lastName: PERSON_MESSAGES.lastName,
  birthDateReal: PERSON_MESSAGES.birthDateReal,
  ageRange: PERSON_MESSAGES.ageRange,
  duplicate: { en: 'duplicate of row {row}', th: 'ซ้ำกับแถวที่ {row}' },
  unknownSchool: { en: 'unknown school {value}', th: 'ไม่พบโรงเรียน {value}' },
  activeHereOtherYear: {
    en: 'actively enrolled here in academic year {year}; promote the school first',
    th: 'นักเรียนกำลังเรียนที่โรงเรียนนี้ในปีการศึกษา {year} กรุณาเลื่อนชั้นก่อน',
  },
  releasedHere: {
    en: 'released to this school for transfer: accept the transfer instead of importing the row',
    th: 'นักเรียนถูกจำหน่ายเพื่อย้ายมาโรงเรียนนี้ กรุณารับย้ายเข้าแทนการนำเข้า',
  },
  belongsElsewhere: {
    en: 'the student belongs to another school (enrolled or last enrolled there): only a transfer moves them; recorded for the area office',
    th: 'นักเรียนเป็นของโรงเรียนอื่น (เรียนอยู่หรือเรียนล่าสุดที่นั่น) ต้องย้ายด้วยการจำหน่ายและรับย้ายเท่านั้น ได้แจ้งเขตพื้นที่แล้ว',
  },
} as const satisfies Record<string, MessageTemplate>;

export type ImportMessage = keyof typeof IMPORT_MESSAGES;

/** A SQL string literal (standard_conforming_strings: only the quote is doubled). */
export const sqlText = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/**
 * A message template as SQL: literal parts quoted, each `{name}` replaced by the SQL expression given
 * for it (cast to text). `messageSql(IMPORT_MESSAGES.unknownGender, { value: 'c_gender' })` →
 * `{ en: "('unknown gender \"' || (c_gender)::text || '\" (ชาย/หญิง, M/F)')", th: … }`.
 */
export function messageSql(
  template: MessageTemplate,
  values: Readonly<Record<string, string>> = {},
): { en: string; th: string } {
  const render = (text: string) => {
    const parts = text.split(/\{(\w+)\}/);
    const sql = parts.map((part, i) => {
      if (i % 2 === 0) return sqlText(part);
      const expr = values[part];
      if (expr === undefined) throw new Error(`messageSql: no SQL given for {${part}} in "${text}"`);
      return `coalesce((${expr})::text, '')`;
    });
    return `(${sql.join(' || ')})`;
  };
  return { en: render(template.en), th: render(template.th) };
}
