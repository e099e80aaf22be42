import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { streamCsvRows } from '@smss/files';
import { fromThaiDigits, syntheticNationalId, toThaiDigits } from '@smss/thai';
import { createTestDatabase, type TestDatabase } from '@smss/testing';
import { mapHeaders } from '../src/modules/imports/import.parser';
import { validateImportRow, type ImportRowError } from '../src/modules/imports/import.rows';
import { rejectedRowErrors } from '../src/modules/imports/import.service';
import { validatedRowsSql } from '../src/modules/imports/import.sql';
import {
  copyRawLines,
  rawLinesSource,
  rawLinesTableSql,
  readBulkFileLayout,
} from '../src/modules/imports/raw-file';
import { ageReferenceYear } from '../src/modules/registry/student.validation';

let db: TestDatabase;
let client: Client;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase('students_sql_validator');
  client = new Client({ connectionString: db.url });
  await client.connect();
  dir = mkdtempSync(path.join(os.tmpdir(), 'smss-import-sql-'));
});
afterAll(async () => {
  await client.end();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

const id = (n: number) => syntheticNationalId(800_000 + n);
const dashed = (v: string) => `${v[0]}-${v.slice(1, 5)}-${v.slice(5, 10)}-${v.slice(10, 12)}-${v[12]}`;
const badCheck = (v: string) => v.slice(0, 12) + String((Number(v[12]) + 1) % 10);
const year = ageReferenceYear() + 543; // this academic year's B.E. calendar year
const age = (years: number) => `01/01/${year - years}`;

/** Rows as schools type them — and as they mistype them: one case a row. */
const MESSY_ROWS = [
  `1016010001,${id(1)},เด็กชาย,ธนากร,ศรีทอง,ชาย,04/03/2560,ป.3,1,ไม่ยากจน,`,
  `๑๐๑๖๐๑๐๐๐๑,${toThaiDigits(id(2))},เด็กหญิง,พิมพ์ชนก,แก้วดี,หญิง,${toThaiDigits('09/08/2560')},ป.${toThaiDigits('3')},${toThaiDigits('2')},,`,
  `1016010001,${dashed(id(3))},ด.ช.,ภาคิน,บุญมา,1,2017-08-09,P3,1,poor,`,
  `1016010001,${toThaiDigits(dashed(id(4)))},ด.ญ.,ชนิดา,ใจดี,๒,${toThaiDigits('2560-03-04')},ม.${toThaiDigits('1')},๓,ยากจนพิเศษ,-`,
  `1016010001,${badCheck(id(5))},เด็กชาย,ธนากร,ศรีทอง,ชาย,04/03/2560,ป.3,1,,`,
  `1016010001,${id(6).slice(0, 12)},เด็กชาย,ธนากร,ศรีทอง,ชาย,04/03/2560,ป.3,1,,`,
  `1016010001,11017001234AB,เด็กชาย,ธนากร,ศรีทอง,ชาย,04/03/2560,ป.3,1,,`,
  `1016010001,,เด็กชาย,ธนากร,ศรีทอง,ชาย,04/03/2560,ป.3,1,,`,
  `1016010001,g123456789012,เด็กหญิง,สุนิสา,มั่นคง,หญิง,15/06/2559,ป.4,1,,`,
  `1016010001,G๑๒๓๔๕๖๗๘๙๐๑๓,เด็กหญิง,สุนิสา,มั่นคง,หญิง,15/06/2559,ป.4,1,,`,
  `1016010001,G12,เด็กหญิง,สุนิสา,มั่นคง,หญิง,15/06/2559,ป.4,1,,`,
  `1016010001,${id(7)},เด็กชาย,ธนากร,ศรีทอง,X,31/02/2560,ป.9,,rich,`,
  `1016010001,${id(8)},เด็กชาย,ธนากร,ศรีทอง,M,1/1/2560,p3,1,,`,
  `1016010001,${id(9)},เด็กหญิง,ธนากร,ศรีทอง,Female,2017/08/09,ประถมศึกษาปีที่ 4,1,,`,
  `1016010001,${id(10)},เด็กหญิง,ธนากร,ศรีทอง,ชาย,01/01/1500,อ..1,123456789012345678901,,`,
  `1016010001,${id(11)},เด็กชาย,ธนากร,ศรีทอง,ชาย,${age(40)},K๑,1,,`,
  `1016010001,${id(12)},เด็กชาย,ธนากร,ศรีทอง,ชาย,${age(1)},อนุบาล 1,1,,`,
  `1016010001,${id(13)},ดร.,John,ศรีทอง1,ชาย,04/03/2560,ป.3,1,,`,
  `1016010001,${id(14)},constructor,ก${'ก'.repeat(100)},,ชาย,,ป.3,1,,`,
  `1016010001,${id(15)},constructor,ธนากร,ศรีทอง,constructor,04/03/2560,constructor,1,constructor,`,
  `1016010001,\t${id(16)}\t,\u00a0เด็กชาย\u00a0, ธนากร ,ศรีทอง\u3000,ชาย,\t04/03/2560,\u2003ป.3 ,1 ,,`,
  `"1016010001","${id(17)}","เด็กชาย","ธนากร","ศรี""ทอง",ชาย,04/03/2560,ป.3,1,,"ตาบอด, หูหนวก"`,
  '',
  ',,,,,,,,,,',
  `1016010001,${id(18)},เด็กชาย,ธนากร`,
  `1016010001,${id(19)},เด็กชาย,ธนากร,ศรีทอง,ชาย,29/02/2567,ม.๖,ห้อง ๒/๑,ยากจน,ตาบอด`,
  `1016010001,${id(20)},เด็กชาย,ธนากร,ศรีทอง,ชาย,29/02/2566,ม.๗,1,-,`,
  `1016010001,${id(21)},นางสาว,ธนากร,ศรี ทอง,หญิง,${age(25)},M6,1,NONE,`,
  `1016010001,${id(22)},นาย,ธนากร,ศรีทอง,ชาย,${age(26)},M6,1,,`,
];
const HEADER =
  '\uFEFFรหัสโรงเรียน,เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง,ความยากจน,ความพิการ';

/** What the code validator makes of a file (rows numbered by line, blank rows skipped, as uploads do). */
async function jsValidator(csv: string) {
  const errors: ImportRowError[] = [];
  const valid: Array<Record<string, unknown>> = [];
  let n = 0;
  let keys: Array<string | null> = [];
  let headers: Record<string, string> = {};
  for await (const cells of streamCsvRows(Readable.from([Buffer.from(csv)]))) {
    n += 1;
    if (n === 1) {
      ({ keys, headers } = mapHeaders(cells));
      continue;
    }
    if (!cells.some((c) => c.trim() !== '')) continue;
    const values: Record<string, string> = {};
    keys.forEach((k, i) => {
      if (k) values[k] = cells[i] ?? '';
    });
    const result = validateImportRow(n, values, headers);
    if (!result.ok) errors.push(...result.errors);
    else valid.push({ ...result.value, schoolCode: fromThaiDigits((values.schoolCode ?? '').trim()) });
  }
  return { errors, valid };
}

/** What the SQL validator makes of the same file, read the way the bulk loaders read it. */
async function sqlValidator(csv: string, name: string) {
  const file = path.join(dir, `${name}.csv`);
  writeFileSync(file, csv);
  const layout = await readBulkFileLayout(file, { needSchoolCode: true });
  await client.query('BEGIN');
  try {
    await client.query(rawLinesTableSql('raw_lines', 'TEMP'));
    await copyRawLines(client, file, 'raw_lines', { start: layout.dataStart, end: layout.size });
    const sql = validatedRowsSql({
      source: rawLinesSource([{ table: 'raw_lines', offset: 1 }]),
      positions: layout.positions,
      headers: layout.headers,
      ageYear: ageReferenceYear(),
    });
    const { rows } = await client.query(
      `SELECT v.*, to_char(birth_date, 'YYYY-MM-DD') AS birth FROM (${sql}) v ORDER BY row_no`,
    );
    return {
      errors: rows.filter((r) => r.errors).flatMap((r) => rejectedRowErrors(r, layout.headers)),
      valid: rows
        .filter((r) => !r.errors)
        .map((r) => ({
          row: Number(r.row_no),
          nationalId: r.national_id,
          gCode: r.g_code,
          prefix: r.prefix,
          firstNameTh: r.first_name_th,
          lastNameTh: r.last_name_th,
          gender: r.gender,
          birthDate: r.birth,
          gradeLevel: r.grade,
          classroom: r.classroom,
          poverty: r.poverty,
          disabilityType: r.disability_type,
          schoolCode: r.school_code,
        })),
    };
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('the SQL validator of the bulk loaders', () => {
  it('gives every row of a messy file the same verdict, the same cleaned values and the same bilingual messages as the code validator', async () => {
    const csv = [HEADER, ...MESSY_ROWS].join('\r\n') + '\r\n';
    const js = await jsValidator(csv);
    const sql = await sqlValidator(csv, 'messy');
    expect(sql.errors).toEqual(js.errors);
    expect(sql.valid).toEqual(js.valid);
    // The file is as messy as it looks: most rows fail, some in several columns, and the rest land clean.
    expect(new Set(js.errors.map((e) => e.row)).size).toBeGreaterThan(15);
    expect(js.valid.length).toBeGreaterThan(6);
    for (const e of js.errors) expect(e.messageTh).toMatch(/[\u0E00-\u0E7F]/);
  });

  it('reads Thai digits wherever a number is expected: national ID, G-code, dates, grades, classrooms, school codes', async () => {
    const csv = [HEADER, MESSY_ROWS[1], MESSY_ROWS[3], MESSY_ROWS[9]].join('\n') + '\n';
    const sql = await sqlValidator(csv, 'thai-digits');
    expect(sql.errors).toEqual([]);
    expect(sql.valid).toEqual([
      expect.objectContaining({
        row: 2,
        nationalId: id(2),
        birthDate: '2017-08-09',
        gradeLevel: 'P3',
        classroom: '2',
        schoolCode: '1016010001',
      }),
      expect.objectContaining({
        row: 3,
        nationalId: id(4),
        birthDate: '2017-03-04',
        gradeLevel: 'M1',
        classroom: '3',
      }),
      expect.objectContaining({ row: 4, gCode: 'G123456789013' }),
    ]);
  });

  it('checks the check digit of every 13-digit ID the same way as the code validator', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => (i % 2 ? id(1000 + i) : badCheck(id(1000 + i))));
    const csv =
      [HEADER, ...ids.map((v) => `1016010001,${v},เด็กชาย,ธนากร,ศรีทอง,ชาย,04/03/2560,ป.3,1,,`)].join('\n') +
      '\n';
    const js = await jsValidator(csv);
    const sql = await sqlValidator(csv, 'check-digits');
    expect(sql.errors).toEqual(js.errors);
    expect(sql.errors).toHaveLength(100);
  });
});
