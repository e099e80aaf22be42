import { badInput } from '@smss/core';
import {
  DEFAULT_TABLE_LIMITS,
  keyHeaders,
  readKeyedTable,
  type ColumnSpecs,
  type TableLimits,
} from '@smss/files';

/**
 * The columns a student import understands, with the Thai and English headers accepted for each
 * (the `@smss/files` keyed reader matches them). Numeric: Thai digits read as digits by the reader.
 */
export const STUDENT_COLUMNS = {
  nationalId: {
    aliases: [
      'เลขประจำตัวประชาชน',
      'เลขบัตรประชาชน',
      'เลขประจำตัว',
      'รหัสg',
      'national_id',
      'nationalid',
      'citizen_id',
      'id',
      'g_code',
      'gcode',
    ],
    required: true,
    numeric: true,
  },
  prefix: { aliases: ['คำนำหน้าชื่อ', 'คำนำหน้า', 'prefix', 'title'], required: true },
  firstNameTh: { aliases: ['ชื่อ', 'first_name', 'firstname', 'first_name_th', 'name'], required: true },
  lastNameTh: { aliases: ['นามสกุล', 'last_name', 'lastname', 'last_name_th', 'surname'], required: true },
  gender: { aliases: ['เพศ', 'gender', 'sex'], required: true },
  birthDate: {
    aliases: ['วันเดือนปีเกิด', 'วันเกิด', 'birth_date', 'birthdate', 'date_of_birth', 'dob'],
    required: true,
  },
  gradeLevel: { aliases: ['ชั้น', 'ระดับชั้น', 'grade', 'grade_level', 'class'], required: true },
  classroom: { aliases: ['ห้อง', 'classroom', 'room'], required: true, numeric: true },
  poverty: { aliases: ['ความยากจน', 'poverty'] },
  disabilityType: { aliases: ['ความพิการ', 'ประเภทความพิการ', 'disability', 'disability_type'] },
  /** Bulk files only: the 10-digit OBEC code of each row's school. */
  schoolCode: { aliases: ['รหัสโรงเรียน', 'school_code', 'obec_code'], numeric: true },
} as const satisfies ColumnSpecs<string>;

export type StudentColumn = keyof typeof STUDENT_COLUMNS;

/** The student importer's refusal: the keys missing, then the headers accepted for them. */
const missingStudentColumns = (missing: StudentColumn[]) =>
  badInput(
    `Missing columns: ${missing.join(', ')} (accepted headers: ${missing.map((m) => STUDENT_COLUMNS[m].aliases.slice(0, 2).join(' / ')).join('; ')})`,
    `ไม่พบคอลัมน์: ${missing.map((m) => STUDENT_COLUMNS[m].aliases[0]).join(', ')}`,
  );

export interface ParsedFile {
  /** Column key → header text as written in the file. */
  headers: Record<string, string>;
  /** Data rows with their row number in the file (header = 1). */
  rows: Array<{ row: number; values: Record<string, string> }>;
}

/** A header row keyed for the student importer (the bulk loaders read the header line with it). */
export function mapHeaders(raw: string[]): {
  keys: Array<StudentColumn | null>;
  headers: Record<string, string>;
} {
  const { keys, headers } = keyHeaders(raw, STUDENT_COLUMNS, missingStudentColumns);
  return { keys, headers: headers as Record<string, string> };
}

/**
 * Limits for a school's student list: the shared `@smss/files` defaults (20 MB uploaded, 32 MB
 * unpacked, 20,000 rows, 500,000 cells, 2,000 characters a cell), parsed in a worker thread.
 */
export const STUDENT_FILE_LIMITS: Readonly<TableLimits> = DEFAULT_TABLE_LIMITS;

/** Parse a CSV (UTF-8, with or without BOM) or XLSX file into rows keyed by column. */
export async function parseStudentFile(fileName: string, content: Buffer): Promise<ParsedFile> {
  const table = await readKeyedTable(fileName, content, {
    columns: STUDENT_COLUMNS,
    limits: STUDENT_FILE_LIMITS,
    missingColumns: missingStudentColumns,
  });
  return table as ParsedFile;
}
