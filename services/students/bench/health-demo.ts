/**
 * The demo health step (`seedDemoHealth`, set-based SQL) at province scale (a benchmark, not a test).
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx services/students/bench/health-demo.ts
 *
 * BENCH_ROWS (default 90,000) active students of province 16 in six area offices, born 2008–2021; measures
 * two terms for the whole province, then for area office 1601 alone on a fresh copy of the term tables.
 */
import { Client } from 'pg';
import { createDataSource } from '@smss/db';
import { migrations } from '../src/migrations';
import { seedDemoHealth } from '../src/modules/health/health.demo';

const ROWS = Number(process.env.BENCH_ROWS || 90_000);
const server = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const AREAS = ['1601', '1602', '1603', '1650', '1604', '1605'];

async function main() {
  const dbName = `bench_health_${Date.now()}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE template0 ENCODING 'UTF8'`);
  const url = new URL(server);
  url.pathname = `/${dbName}`;
  const db = createDataSource({ url: url.toString(), migrations, applicationName: 'smss-health-bench' });
  try {
    await db.initialize();
    await db.runMigrations();
    await db.query(
      `WITH kids AS (
         INSERT INTO student (national_id, prefix, first_name_th, last_name_th, birth_date, gender)
         SELECT lpad((7000000000000 + g)::text, 13, '0'), 'เด็กชาย', 'ทดสอบ', 'สุขภาพ',
                date '2008-01-01' + (g * 13) % 5000, CASE WHEN g % 2 = 0 THEN 'MALE' ELSE 'FEMALE' END
           FROM generate_series(1, $1::int) g
         RETURNING id, national_id)
       INSERT INTO enrollment (student_id, school_id, school_code, area_office_code, province_code, academic_year, grade_level, classroom, started_on)
       SELECT id, gen_random_uuid(), '1016010001', ($2::text[])[1 + (national_id::bigint % 6)], '16', 2569, 'P3', '1', '2026-05-16'
         FROM kids`,
      [ROWS, AREAS],
    );
    await db.query(`ANALYZE student; ANALYZE enrollment`);
    console.error(`seeded ${ROWS} students`);
    const options = { academicYear: 2569, provinceCode: '16', term1On: '2026-06-10', term2On: '2026-11-16' };
    let t = performance.now();
    const province = await seedDemoHealth(db, options);
    const provinceSeconds = (performance.now() - t) / 1000;
    await db.query(`DELETE FROM health_measurement`);
    t = performance.now();
    const area = await seedDemoHealth(db, { ...options, areaOfficeCode: '1601' });
    const areaSeconds = (performance.now() - t) / 1000;
    console.log(
      JSON.stringify(
        {
          students: ROWS,
          province: { ...province, seconds: +provinceSeconds.toFixed(2) },
          area1601: { ...area, seconds: +areaSeconds.toFixed(2) },
        },
        null,
        2,
      ),
    );
  } finally {
    await db.destroy().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
