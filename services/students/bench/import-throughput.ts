/**
 * Import throughput against raw COPY (a benchmark, not a test).
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx services/students/bench/import-throughput.ts
 *
 * Generates BENCH_ROWS (default 1,000,000) synthetic students spread over 1,000 schools as one CSV
 * file, then in the same run: (1) COPYs the file as is into a plain table (the baseline), and
 * (2) loads it with the bulk loader (parse, validate every row, COPY to staging, upsert students,
 * open enrolments, one transaction). Reports rows/s and the ratio; then re-imports the same file
 * (nothing may change) and reports that too.
 */
import { createReadStream, createWriteStream, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { syntheticNationalId } from '@smss/thai';
import { bulkImport } from '../src/cli/bulk-import';

const ROWS = Number(process.env.BENCH_ROWS || 1_000_000);
const SCHOOLS = 1000;
const server =
  process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const GRADES = ['ป.1', 'ป.2', 'ป.3', 'ป.4', 'ป.5', 'ป.6'];

async function writeCsv(file: string) {
  const out = createWriteStream(file);
  out.write('\uFEFFรหัสโรงเรียน,เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง\n');
  for (let i = 0; i < ROWS; i += 1) {
    const male = i % 2 === 0;
    const school = `10${String(9000 + Math.floor(i / (ROWS / SCHOOLS))).padStart(4, '0')}0001`.slice(0, 10);
    const line = `${school},${syntheticNationalId(i)},${male ? 'เด็กชาย' : 'เด็กหญิง'},${male ? 'ธนากร' : 'ศิริพร'},ศรีทอง,${male ? 'ชาย' : 'หญิง'},${String((i % 28) + 1).padStart(2, '0')}/0${(i % 9) + 1}/256${i % 3},${GRADES[i % 6]},${(i % 3) + 1}\n`;
    if (!out.write(line)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'smss-import-bench-'));
  const file = path.join(dir, 'students.csv');
  await writeCsv(file);
  const dbName = `bench_students_${Date.now()}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE template0 ENCODING 'UTF8'`);
  const url = new URL(server);
  url.pathname = `/${dbName}`;
  const c = new Client({ connectionString: url.toString() });
  await c.connect();
  try {
    // Run migrations through the loader once with an empty file? Simpler: the loader migrates; seed the replica after.
    await bulkImportEmpty(url.toString(), dir);
    await c.query(
      `INSERT INTO directory_school_replica (school_id, obec_code, name_th, area_office_code, province_code, district_code, status, school_type, levels, version, updated_at)
       SELECT gen_random_uuid(), substr('10' || lpad((9000 + g)::text, 4, '0') || '0001', 1, 10), 'โรงเรียน' || g, '1601', '16', '1601', 'OPEN', 'PRIMARY', '{PRIMARY}', 1, now()
         FROM generate_series(0, ${SCHOOLS - 1}) g`,
    );
    // Baseline: the same file, COPYed as is into a plain table.
    await c.query(
      `CREATE TABLE copy_baseline (school_code text, national_id text, prefix text, first_name text, last_name text, gender text, birth text, grade text, room text)`,
    );
    let t = performance.now();
    await pipeline(
      createReadStream(file),
      c.query(copyFrom(`COPY copy_baseline FROM STDIN WITH (FORMAT csv, HEADER true)`)),
    );
    const copySeconds = (performance.now() - t) / 1000;
    // Second baseline: the same rows, pre-shaped, COPYed straight into tables shaped, indexed and
    // constrained like \`student\` and \`enrollment\` (what the import ultimately writes).
    await c.query(`CREATE TABLE copy_student (LIKE student INCLUDING ALL)`);
    await c.query(`CREATE TABLE copy_enrollment (LIKE enrollment INCLUDING ALL)`);
    await c.query(`ALTER TABLE copy_enrollment ADD FOREIGN KEY (student_id) REFERENCES copy_student (id)`);
    // (LIKE … INCLUDING ALL copies every index, the partial unique "one active enrolment" one included.)
    const studentsCsv = path.join(dir, 'copy-student.csv');
    const enrollmentsCsv = path.join(dir, 'copy-enrollment.csv');
    await writeShaped(studentsCsv, enrollmentsCsv);
    t = performance.now();
    await pipeline(
      createReadStream(studentsCsv),
      c.query(
        copyFrom(
          `COPY copy_student (id, national_id, prefix, first_name_th, last_name_th, birth_date, gender) FROM STDIN WITH (FORMAT csv)`,
        ),
      ),
    );
    await pipeline(
      createReadStream(enrollmentsCsv),
      c.query(
        copyFrom(
          `COPY copy_enrollment (student_id, school_id, school_code, area_office_code, province_code, academic_year, grade_level, classroom, started_on) FROM STDIN WITH (FORMAT csv)`,
        ),
      ),
    );
    const indexedSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const first = await bulkImport({ file, academicYear: 2569, databaseUrl: url.toString() });
    const importSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const again = await bulkImport({ file, academicYear: 2569, databaseUrl: url.toString() });
    const reimportSeconds = (performance.now() - t) / 1000;
    const report = {
      rows: ROWS,
      fileMiB: +(statSync(file).size / 1024 / 1024).toFixed(1),
      copy: { seconds: +copySeconds.toFixed(2), rowsPerSecond: Math.round(ROWS / copySeconds) },
      copyIntoIndexedStudentAndEnrollmentTables: {
        seconds: +indexedSeconds.toFixed(2),
        rowsPerSecond: Math.round(ROWS / indexedSeconds),
      },
      import: {
        seconds: +importSeconds.toFixed(2),
        rowsPerSecond: Math.round(ROWS / importSeconds),
        inserted: first.inserted,
        errors: first.errors.length,
      },
      reimport: { seconds: +reimportSeconds.toFixed(2), inserted: again.inserted, updated: again.updated },
      ratioImportToCopy: +(copySeconds / importSeconds).toFixed(3),
      ratioImportToIndexedCopy: +(indexedSeconds / importSeconds).toFixed(3),
      peakRssMiB: Math.round(process.memoryUsage().rss / 1024 / 1024),
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await c.end();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

/** The same rows as COPY-ready student and enrollment files (ids assigned here). */
async function writeShaped(studentsFile: string, enrollmentsFile: string) {
  const { randomUUID } = await import('node:crypto');
  const so = createWriteStream(studentsFile);
  const eo = createWriteStream(enrollmentsFile);
  const schoolIds = Array.from({ length: SCHOOLS }, () => randomUUID());
  for (let i = 0; i < ROWS; i += 1) {
    const male = i % 2 === 0;
    const id = randomUUID();
    const s = Math.floor(i / (ROWS / SCHOOLS));
    const birth = `${2560 + (i % 3) - 543}-0${(i % 9) + 1}-${String((i % 28) + 1).padStart(2, '0')}`;
    so.write(
      `${id},${syntheticNationalId(i)},${male ? 'เด็กชาย' : 'เด็กหญิง'},${male ? 'ธนากร' : 'ศิริพร'},ศรีทอง,${birth},${male ? 'MALE' : 'FEMALE'}\n`,
    );
    eo.write(
      `${id},${schoolIds[s]},10${String(9000 + s).padStart(4, '0')}0001,1601,16,2569,P${(i % 6) + 1},${(i % 3) + 1},2026-05-16\n`,
    );
    if (so.writableNeedDrain) await new Promise((r) => so.once('drain', r));
    if (eo.writableNeedDrain) await new Promise((r) => eo.once('drain', r));
  }
  await Promise.all([new Promise((r) => so.end(r)), new Promise((r) => eo.end(r))]);
}

/** Create the schema by running the loader on a header-only file. */
async function bulkImportEmpty(databaseUrl: string, dir: string) {
  const empty = path.join(dir, 'empty.csv');
  const out = createWriteStream(empty);
  out.end('รหัสโรงเรียน,เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง\n');
  await new Promise((r) => out.on('finish', r));
  await bulkImport({ file: empty, academicYear: 2569, databaseUrl });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
