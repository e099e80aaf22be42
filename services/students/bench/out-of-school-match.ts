/**
 * Out-of-school match for one area against raw COPY of the same file, in the same run (a benchmark, not a test).
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx services/students/bench/out-of-school-match.ts
 *   (or `npm run bench:out-of-school -w @smss/students`)
 *
 * BENCH_ROWS (default 200,000) MOI school-age population rows of one area office (10 districts × 15
 * villages; 2 % duplicates, 1 % without a birth date, 10 % written in Thai digits, 0.5 % with a bad check
 * digit; births 2008–2022, so some children are outside the compulsory age). The students database holds
 * BENCH_ENROLLED (default 85 % of the rows) of those children enrolled in the year — one in ten at schools of
 * OTHER areas — plus BENCH_OTHERS (default 200,000) unrelated students. In one run: (1) the baseline — the
 * file COPYed as it is into an unindexed table of text columns; (2) `importPopulationRegistry`'s service
 * path on the same bytes (parse in the @smss/files child process, validation, COPY into staging, set-based
 * apply in one transaction), then the same file again (a re-import: every child updated in place); (3) the match: the district/village counts, the first page of the list and its
 * total. Prints seconds and ratios.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createDataSource } from '@smss/db';
import type { Viewer } from '@smss/auth';
import { syntheticNationalId, toThaiDigits } from '@smss/thai';
import { migrations } from '../src/migrations';
import { OutOfSchoolService } from '../src/modules/out-of-school/out-of-school.service';

const ROWS = Number(process.env.BENCH_ROWS || 200_000);
const ENROLLED = Number(process.env.BENCH_ENROLLED || Math.round(ROWS * 0.85));
const OTHERS = Number(process.env.BENCH_OTHERS || 200_000);
const YEAR = 2569;
const AREA = '9001';
const server =
  process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

const HEADER = 'เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,วันเดือนปีเกิด,รหัสอำเภอ,อำเภอ,หมู่ที่';

/** Deterministic pseudo-random numbers (a run is repeatable). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function populationCsv(): Buffer {
  const rand = rng(42);
  const lines = [HEADER];
  for (let i = 0; lines.length <= ROWS; i++) {
    const id = syntheticNationalId(i);
    const r = rand();
    let written = r < 0.1 ? toThaiDigits(id) : id;
    if (r > 0.995) written = id.slice(0, 12) + String((Number(id[12]) + 1) % 10);
    const year = 2008 + Math.floor(rand() * 15);
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const birth =
      rand() < 0.01
        ? ''
        : rand() < 0.5
          ? `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year + 543}`
          : `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const district = `90${String(1 + (i % 10)).padStart(2, '0')}`;
    const line = `${written},เด็กชาย,ทดสอบ${i % 97},นามสกุล${i % 89},${birth},${district},อำเภอ${district},${1 + (Math.floor(i / 10) % 15)}`;
    lines.push(line);
    if (rand() < 0.02 && lines.length <= ROWS) lines.push(line); // a duplicate
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

async function seedStudents(c: Client) {
  await c.query(
    `INSERT INTO directory_school_replica (school_id, obec_code, name_th, area_office_code, province_code, district_code,
                                           status, school_type, levels, version, updated_at)
     SELECT gen_random_uuid(), '9' || lpad(g::text, 9, '0'), 'โรงเรียน' || g, CASE WHEN g < 100 THEN '${AREA}' ELSE '9002' END,
            '90', '9001', 'OPEN', 'PRIMARY', '{PRIMARY,LOWER_SECONDARY}', 1, now()
       FROM generate_series(0, 199) g`,
  );
  await c.query(`CREATE TEMP TABLE seed (national_id text, school int)`);
  const rand = rng(7);
  async function* lines() {
    let batch = '';
    // children of the population enrolled somewhere (one in ten in another area)
    for (let i = 0, n = 0; n < ENROLLED; i++) {
      if (rand() > ENROLLED / ROWS) continue;
      n += 1;
      batch += `${syntheticNationalId(i)},${n % 10 === 0 ? 100 + (n % 100) : n % 100}\n`;
      if (n % 10_000 === 0) {
        yield batch;
        batch = '';
      }
    }
    for (let j = 0; j < OTHERS; j++) {
      batch += `${syntheticNationalId(50_000_000 + j)},${j % 200}\n`;
      if (j % 10_000 === 0) {
        yield batch;
        batch = '';
      }
    }
    yield batch;
  }
  await pipeline(Readable.from(lines()), c.query(copyFrom(`COPY seed FROM STDIN WITH (FORMAT csv)`)));
  await c.query(`
    WITH s AS (
      INSERT INTO student (national_id, prefix, first_name_th, last_name_th, birth_date, gender)
      SELECT DISTINCT ON (national_id) national_id, 'เด็กชาย', 'ทดสอบ', 'นามสกุล', date '2015-01-01', 'MALE' FROM seed
      RETURNING id, national_id)
    INSERT INTO enrollment (student_id, school_id, school_code, area_office_code, province_code, academic_year,
                            grade_level, classroom, status, started_on)
    SELECT s.id, r.school_id, r.obec_code, r.area_office_code, r.province_code, ${YEAR}, 'P4', '1', 'ACTIVE', date '2026-05-16'
      FROM s JOIN (SELECT DISTINCT ON (national_id) * FROM seed) sd USING (national_id)
      JOIN directory_school_replica r ON r.obec_code = '9' || lpad(sd.school::text, 9, '0')`);
  await c.query(`ANALYZE student; ANALYZE enrollment`);
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'smss-oos-bench-'));
  const dbName = `bench_oos_${Date.now()}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE template0 ENCODING 'UTF8'`);
  const url = new URL(server);
  url.pathname = `/${dbName}`;
  const db = createDataSource({ url: url.toString(), migrations, applicationName: 'smss-oos-bench' });
  const c = new Client({ connectionString: url.toString() });
  try {
    await db.initialize();
    await db.runMigrations();
    await c.connect();
    const t0 = performance.now();
    await seedStudents(c);
    const seedSeconds = (performance.now() - t0) / 1000;
    const content = populationCsv();
    const file = path.join(dir, 'population.csv');
    writeFileSync(file, content);

    // (1) baseline: raw COPY of the same bytes into an unindexed table
    await c.query(`CREATE TABLE copy_baseline (national_id text, prefix text, first_name text, last_name text, birth text,
                                                district_code text, district_name text, village text)`);
    let t = performance.now();
    await pipeline(
      Readable.from([content]),
      c.query(copyFrom(`COPY copy_baseline FROM STDIN WITH (FORMAT csv, HEADER true)`)),
    );
    const copySeconds = (performance.now() - t) / 1000;
    await c.query(`DROP TABLE copy_baseline`);

    // (2) import
    const viewer: Viewer = {
      authenticated: true,
      subject: 'bench',
      role: 'obec-admin',
      level: 'OBEC',
      orgCode: 'OBEC',
      scopes: ['pii:read'],
    };
    const service = new OutOfSchoolService(db);
    t = performance.now();
    const phases: Record<string, number> = {};
    const report = await service.importPopulation(
      viewer,
      { areaOfficeCode: AREA, academicYear: YEAR, fileName: 'population.csv', content },
      { onPhase: (name, seconds) => (phases[name] = +seconds.toFixed(2)) },
    );
    const importSeconds = (performance.now() - t) / 1000;

    // the same file again: every child is listed again (updated in place, ids kept)
    t = performance.now();
    await service.importPopulation(viewer, {
      areaOfficeCode: AREA,
      academicYear: YEAR,
      fileName: 'population.csv',
      content,
    });
    const reimportSeconds = (performance.now() - t) / 1000;

    // (3) match: the counts, the first page and the total
    t = performance.now();
    const groups = await service.groups(AREA, YEAR);
    const groupsSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const page = await service.children(viewer, AREA, YEAR, null, { limit: 100, offset: 0 });
    const pageSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const deep = await service.children(viewer, AREA, YEAR, '9005', { limit: 100, offset: 1000 });
    const deepSeconds = (performance.now() - t) / 1000;

    const outOfSchool = groups.reduce((n, g) => n + g.outOfSchool, 0);
    const matchSeconds = groupsSeconds + pageSeconds;
    console.log(
      JSON.stringify(
        {
          rows: ROWS,
          fileMiB: +(content.length / 1024 / 1024).toFixed(1),
          studentsInDatabase: ENROLLED + OTHERS,
          seedSeconds: +seedSeconds.toFixed(2),
          loadAverage: os.loadavg().map((l) => +l.toFixed(1)),
          rawCopy: { seconds: +copySeconds.toFixed(2), rowsPerSecond: Math.round(ROWS / copySeconds) },
          import: {
            seconds: +importSeconds.toFixed(2),
            rowsPerSecond: Math.round(ROWS / importSeconds),
            children: report.children,
            rejected: report.rejected,
            duplicates: report.duplicates,
            missingBirthDate: report.missingBirthDate,
            phases,
          },
          reimportSameFile: { seconds: +reimportSeconds.toFixed(2) },
          match: {
            groupsSeconds: +groupsSeconds.toFixed(2),
            firstPageSeconds: +pageSeconds.toFixed(2),
            districtPageAtOffset1000Seconds: +deepSeconds.toFixed(2),
            groups: groups.length,
            outOfSchool,
            listTotal: page.total,
            districtTotal: deep.total,
          },
          importPlusMatchSeconds: +(importSeconds + matchSeconds).toFixed(2),
          ratioToRawCopy: +((importSeconds + matchSeconds) / copySeconds).toFixed(1),
        },
        null,
        2,
      ),
    );
  } finally {
    await c.end().catch(() => undefined);
    await db.destroy().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
