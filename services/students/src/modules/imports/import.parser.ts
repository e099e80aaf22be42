import { badInput } from '@smss/core';
import { DEFAULT_TABLE_LIMITS, readTable, tableFormatOf, type TableLimits } from '@smss/files';

/** The columns an import understands, with the Thai and English headers accepted for each. */
export const COLUMN_ALIASES: Record<string, string[]> = {
  nationalId: [
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
  prefix: ['คำนำหน้าชื่อ', 'คำนำหน้า', 'prefix', 'title'],
  firstNameTh: ['ชื่อ', 'first_name', 'firstname', 'first_name_th', 'name'],
  lastNameTh: ['นามสกุล', 'last_name', 'lastname', 'last_name_th', 'surname'],
  gender: ['เพศ', 'gender', 'sex'],
  birthDate: ['วันเดือนปีเกิด', 'วันเกิด', 'birth_date', 'birthdate', 'date_of_birth', 'dob'],
  gradeLevel: ['ชั้น', 'ระดับชั้น', 'grade', 'grade_level', 'class'],
  classroom: ['ห้อง', 'classroom', 'room'],
  poverty: ['ความยากจน', 'poverty'],
  disabilityType: ['ความพิการ', 'ประเภทความพิการ', 'disability', 'disability_type'],
  /** Bulk files only: the 10-digit OBEC code of each row's school. */
  schoolCode: ['รหัสโรงเรียน', 'school_code', 'obec_code'],
};

export const REQUIRED_COLUMNS = [
  'nationalId',
  'prefix',
  'firstNameTh',
  'lastNameTh',
  'gender',
  'birthDate',
  'gradeLevel',
  'classroom',
];

const normaliseHeader = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s.]+/g, '_')
    .replace(/_+$/, '');

export interface ParsedFile {
  /** Column key → header text as written in the file. */
  headers: Record<string, string>;
  /** Data rows with their row number in the file (header = 1). */
  rows: Array<{ row: number; values: Record<string, string> }>;
}

export function mapHeaders(raw: string[]): { keys: Array<string | null>; headers: Record<string, string> } {
  const byAlias = new Map<string, string>();
  for (const [key, aliases] of Object.entries(COLUMN_ALIASES)) {
    for (const a of aliases) byAlias.set(normaliseHeader(a), key);
  }
  const headers: Record<string, string> = {};
  const keys = raw.map((h) => {
    const key = byAlias.get(normaliseHeader(String(h ?? ''))) ?? null;
    if (key && !headers[key])
      headers[key] = String(h)
        .replace(/^\uFEFF/, '')
        .trim();
    return key &&
      headers[key] ===
        String(h)
          .replace(/^\uFEFF/, '')
          .trim()
      ? key
      : null;
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !headers[c]);
  if (missing.length) {
    throw badInput(
      `Missing columns: ${missing.join(', ')} (accepted headers: ${missing.map((m) => COLUMN_ALIASES[m]!.slice(0, 2).join(' / ')).join('; ')})`,
      `ไม่พบคอลัมน์: ${missing.map((m) => COLUMN_ALIASES[m]![0]).join(', ')}`,
    );
  }
  return { keys, headers };
}

function toRows(matrix: string[][]): ParsedFile {
  const [head, ...body] = matrix;
  if (!head) throw badInput('The file is empty', 'ไฟล์ว่างเปล่า');
  const { keys, headers } = mapHeaders(head);
  const rows = body
    .map((cells, i) => ({ row: i + 2, cells }))
    .filter(({ cells }) => cells.some((c) => String(c ?? '').trim() !== ''))
    .map(({ row, cells }) => {
      const values: Record<string, string> = {};
      keys.forEach((k, i) => {
        if (k) values[k] = String(cells[i] ?? '').trim();
      });
      return { row, values };
    });
  return { headers, rows };
}

/**
 * Limits for a school's student list: the shared `@smss/files` defaults (20 MB uploaded, 32 MB
 * unpacked, 20,000 rows, 500,000 cells, 2,000 characters a cell), parsed in a worker thread.
 */
export const STUDENT_FILE_LIMITS: Readonly<TableLimits> = DEFAULT_TABLE_LIMITS;

/** Parse a CSV (UTF-8, with or without BOM) or XLSX file into rows keyed by column. */
export async function parseStudentFile(fileName: string, content: Buffer): Promise<ParsedFile> {
  const format = tableFormatOf(fileName);
  if (!format) throw badInput('Only .csv and .xlsx files can be imported', 'นำเข้าได้เฉพาะไฟล์ .csv และ .xlsx');
  return toRows(await readTable(content, { format, limits: STUDENT_FILE_LIMITS }));
}
