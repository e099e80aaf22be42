/**
 * Synthetic national-style student files for the import benchmarks (not tests): a bulk CSV with a school
 * code column, a matching directory replica, and the raw COPY baseline both benchmarks compare with.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { syntheticNationalId } from '@smss/thai';

export const BULK_HEADER =
  '\uFEFFรหัสโรงเรียน,เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง,ความยากจน';
const GRADES = ['ป.1', 'ป.2', 'ป.3', 'ป.4', 'ป.5', 'ป.6', 'ม.1', 'ม.2', 'ม.3'];
const FIRST = [
  ['เด็กชาย', 'ธนากร', 'ชาย'],
  ['เด็กหญิง', 'ศิริพร', 'หญิง'],
  ['เด็กชาย', 'ภาคิน', 'ชาย'],
  ['เด็กหญิง', 'พิมพ์ชนก', 'หญิง'],
];
const LAST = ['ศรีทอง', 'แก้วดี', 'บุญมา', 'ใจดี', 'สุขใจ', 'มั่นคง'];
const POVERTY = ['', '', '', 'ยากจน', '', 'ยากจนพิเศษ', '', ''];

/** The OBEC code of synthetic school `s` (10 digits, area office `areaOf(s)`). */
export const schoolCode = (s: number) => `9${String(s).padStart(9, '0')}`;
export const areaOf = (s: number, schools: number, areas: number) =>
  `9${String(Math.floor((s * areas) / schools)).padStart(3, '0')}`;

export interface SyntheticFile {
  rows: number;
  schools: number;
  areas: number;
  /** Every `duplicateEvery`-th row repeats the national ID of the row before it (0: none). */
  duplicateEvery: number;
  /** Every `badEvery`-th row has a wrong check digit (0: none). */
  badEvery: number;
}

/**
 * Write the file: rows grouped by school (as DMC exports are), B.E. dates, Thai grade names, a few
 * duplicates and bad IDs. Returns its size in MiB.
 */
export async function writeBulkCsv(file: string, spec: SyntheticFile): Promise<number> {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  out.write(BULK_HEADER + '\n');
  let chunk = '';
  for (let i = 0; i < spec.rows; i += 1) {
    const school = schoolCode(Math.floor((i * spec.schools) / spec.rows));
    const [prefix, first, gender] = FIRST[i % 4]!;
    let id = syntheticNationalId(
      spec.duplicateEvery && i % spec.duplicateEvery === spec.duplicateEvery - 1 ? i - 1 : i,
    );
    if (spec.badEvery && i % spec.badEvery === spec.badEvery - 1)
      id = id.slice(0, 12) + String((Number(id[12]) + 1) % 10);
    const grade = i % 9;
    const born = 2562 - grade - (i % 2);
    chunk += `${school},${id},${prefix},${first},${LAST[i % 6]},${gender},${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/${born},${GRADES[grade]},${(i % 4) + 1},${POVERTY[i % 8]}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise<void>((r) => out.end(() => r()));
  return +(statSync(file).size / 1024 / 1024).toFixed(1);
}

/** The directory replica the file's school codes resolve through. */
export async function seedReplica(c: Client, spec: Pick<SyntheticFile, 'schools' | 'areas'>): Promise<void> {
  await c.query(
    `INSERT INTO directory_school_replica (school_id, obec_code, name_th, area_office_code, province_code, district_code,
                                           status, school_type, levels, version, updated_at)
     SELECT gen_random_uuid(), '9' || lpad(g::text, 9, '0'), 'โรงเรียน' || g,
            '9' || lpad((g * $2::bigint / $1)::text, 3, '0'), '9' || lpad(((g * $2::bigint / $1) / 3)::text, 2, '0'),
            '9' || lpad((g * $2::bigint / $1)::text, 3, '0'), 'OPEN', 'PRIMARY', '{PRIMARY,LOWER_SECONDARY}', 1, now()
       FROM generate_series(0, $1 - 1) g`,
    [spec.schools, spec.areas],
  );
}

/** The baseline: the same file COPYed as it is into a plain table of text columns. Seconds. */
export async function rawCopySeconds(c: Client, file: string): Promise<number> {
  await c.query(`DROP TABLE IF EXISTS copy_baseline`);
  await c.query(
    `CREATE TABLE copy_baseline (school_code text, national_id text, prefix text, first_name text, last_name text,
                                 gender text, birth text, grade text, room text, poverty text)`,
  );
  const t = performance.now();
  await pipeline(
    createReadStream(file),
    c.query(copyFrom(`COPY copy_baseline FROM STDIN WITH (FORMAT csv, HEADER true)`)),
  );
  const seconds = (performance.now() - t) / 1000;
  await c.query(`DROP TABLE copy_baseline`);
  return seconds;
}
