/**
 * Incremental import throughput against raw COPY of the same file, in the same run (a benchmark, not a test).
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx services/students/bench/import-throughput.ts
 *
 * BENCH_ROWS (default 1,000,000) synthetic students over 1,000 schools in one CSV with a school code column
 * (an area's file, the bulk loader's incremental path). In one run: (1) COPY the file as it is into a plain
 * table (the baseline); (2) COPY the same rows, pre-shaped, into tables shaped and indexed like `student`
 * and `enrollment` (what the import ultimately writes); (3) the incremental import (raw lines COPYed,
 * validated in SQL, applied to the live tables in one transaction) into an empty registry; (4) the same
 * file again (nothing may change). Prints rows/s and the ratios to (1) and (2).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createScratchDatabase, perSecond, rounded, withScratchDir } from '@smss/testing';
import { syntheticNationalId } from '@smss/thai';
import { bulkImport } from '../src/cli/bulk-import';
import { rawCopySeconds, schoolCode, seedReplica, writeBulkCsv } from './synthetic';

const ROWS = Number(process.env.BENCH_ROWS || 1_000_000);
const SCHOOLS = 1000;
const AREAS = 10;
const server =
  process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function run(dir: string) {
  const file = path.join(dir, 'students.csv');
  const fileMiB = await writeBulkCsv(file, {
    rows: ROWS,
    schools: SCHOOLS,
    areas: AREAS,
    duplicateEvery: 0,
    badEvery: 0,
  });
  const db = await createScratchDatabase(server, `bench_students_${Date.now()}`);
  const c = new Client({ connectionString: db.url });
  try {
    await c.connect();
    // The schema: the loader migrates on a header-only file.
    const empty = path.join(dir, 'empty.csv');
    await writeBulkCsv(empty, { rows: 0, schools: 1, areas: 1, duplicateEvery: 0, badEvery: 0 });
    await bulkImport({ file: empty, academicYear: 2569, databaseUrl: db.url });
    await seedReplica(c, { schools: SCHOOLS, areas: AREAS });

    const copySeconds = await rawCopySeconds(c, file);
    const indexedSeconds = await copyIntoIndexedTables(c, dir);

    const first = await bulkImport({ file, academicYear: 2569, databaseUrl: db.url });
    const again = await bulkImport({ file, academicYear: 2569, databaseUrl: db.url });
    const report = {
      rows: ROWS,
      fileMiB,
      loadAverage: os.loadavg().map((l) => rounded(l, 1)),
      copy: { seconds: rounded(copySeconds, 2), rowsPerSecond: perSecond(ROWS, copySeconds) },
      copyIntoIndexedStudentAndEnrollmentTables: {
        seconds: rounded(indexedSeconds, 2),
        rowsPerSecond: perSecond(ROWS, indexedSeconds),
      },
      import: {
        seconds: rounded(first.seconds, 2),
        rowsPerSecond: Math.round(first.rowsPerSecond),
        inserted: first.inserted,
        errors: first.errors.length,
      },
      reimport: {
        seconds: rounded(again.seconds, 2),
        rowsPerSecond: Math.round(again.rowsPerSecond),
        inserted: again.inserted,
        updated: again.updated,
        unchanged: again.unchanged,
      },
      ratioImportToCopy: rounded(copySeconds / first.seconds, 3),
      ratioImportToIndexedCopy: rounded(indexedSeconds / first.seconds, 3),
      ratioReimportToCopy: rounded(copySeconds / again.seconds, 3),
      peakRssMiB: Math.round(process.memoryUsage().rss / 1024 / 1024),
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await c.end().catch(() => undefined);
    await db.drop();
  }
}

/**
 * The same rows, pre-shaped (keys assigned here, time-ordered like the import's), COPYed straight into
 * tables shaped, indexed and constrained like `student` and `enrollment`. Seconds.
 */
async function copyIntoIndexedTables(c: Client, dir: string): Promise<number> {
  await c.query(`CREATE TABLE copy_student (LIKE student INCLUDING ALL)`);
  await c.query(`CREATE TABLE copy_enrollment (LIKE enrollment INCLUDING ALL)`);
  await c.query(`ALTER TABLE copy_enrollment ADD FOREIGN KEY (student_id) REFERENCES copy_student (id)`);
  const studentsCsv = path.join(dir, 'copy-student.csv');
  const enrollmentsCsv = path.join(dir, 'copy-enrollment.csv');
  const so = createWriteStream(studentsCsv);
  const eo = createWriteStream(enrollmentsCsv);
  const key = (kind: number, i: number) =>
    `0190${kind}000-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
  for (let i = 0; i < ROWS; i += 1) {
    const s = Math.floor((i * SCHOOLS) / ROWS);
    so.write(`${key(1, i)},${syntheticNationalId(i)},เด็กชาย,ธนากร,ศรีทอง,2016-03-04,MALE\n`);
    eo.write(
      `${key(2, i)},${key(1, i)},0190a000-0000-7000-8000-${s.toString(16).padStart(12, '0')},${schoolCode(s)},9${String(Math.floor((s * AREAS) / SCHOOLS)).padStart(3, '0')},90,2569,P${(i % 6) + 1},${(i % 4) + 1},2026-05-16\n`,
    );
    if (so.writableNeedDrain) await new Promise<void>((r) => so.once('drain', () => r()));
    if (eo.writableNeedDrain) await new Promise<void>((r) => eo.once('drain', () => r()));
  }
  await Promise.all([so, eo].map((o) => new Promise<void>((r) => o.end(() => r()))));
  const t = performance.now();
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
        `COPY copy_enrollment (id, student_id, school_id, school_code, area_office_code, province_code, academic_year, grade_level, classroom, started_on) FROM STDIN WITH (FORMAT csv)`,
      ),
    ),
  );
  const seconds = (performance.now() - t) / 1000;
  await c.query(`DROP TABLE copy_enrollment, copy_student`);
  return seconds;
}

withScratchDir('smss-import-bench-', run).catch((error) => {
  console.error(error);
  process.exit(1);
});
