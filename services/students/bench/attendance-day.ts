/**
 * Attendance write throughput against plain PostgreSQL in the same run (a benchmark, not a test).
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres NATS_URL=nats://127.0.0.1:4222 \
 *     npx tsx services/students/bench/attendance-day.ts        (or: npm run bench:attendance -w @smss/students)
 *
 * 1. A school's day: 1,000 students in one `recordAttendance` mutation through the subgraph (HTTP, the
 *    gateway assertion, the trust layer, validation, the calendar, the roll, history, upsert, the daily
 *    event), BENCH_RUNS times (default 12, each a different school day), median ms; against the baseline
 *    measured in the same run: one multi-row INSERT of the same 1,000 rows straight into `attendance_mark`
 *    (another period, so both write fresh rows into the same indexed table).
 * 2. A national day: BENCH_NATIONAL_MARKS marks (default 650,000; 6,500,000 is the country) through the
 *    batch path (`loadAttendanceDay`: COPY into staging + one placing INSERT … SELECT + upsert + one event
 *    per school) against raw COPY of the same file into a plain table of text columns. When fewer than
 *    6.5 M rows are measured the 6.5 M figure is extrapolated linearly and printed as such.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { gql, tokenFor } from '@smss/testing';
import { loadAttendanceDay } from '../src/modules/attendance/attendance.batch';
import { startStudents } from '../test/support';

const RUNS = Math.max(10, Number(process.env.BENCH_RUNS || 12));
const SCHOOL_STUDENTS = 1000;
const NATIONAL_MARKS = Number(process.env.BENCH_NATIONAL_MARKS || 650_000);
const COUNTRY = 6_500_000;
const STATUSES = [
  'PRESENT',
  'PRESENT',
  'PRESENT',
  'PRESENT',
  'PRESENT',
  'PRESENT',
  'LATE',
  'ABSENT',
  'SICK_LEAVE',
  'PERSONAL_LEAVE',
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Weekdays from 2 November 2026 on (term 2 of 2569 in the seeded calendar; no holiday until 5 December). */
function schoolDays(n: number): string[] {
  const out: string[] = [];
  for (let d = new Date(Date.UTC(2026, 10, 2)); out.length < n; d.setUTCDate(d.getUTCDate() + 1))
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  return out;
}

/** Students with an active enrolment, written straight in SQL (registration is not what is measured). */
async function enrol(
  c: Client,
  schools: Array<{ id: string; code: string; area: string }> | { replicaPrefix: string },
  count: number,
  idBase: number,
): Promise<void> {
  await c.query(
    `INSERT INTO student (id, national_id, prefix, first_name_th, last_name_th, birth_date, gender)
     SELECT gen_random_uuid(), lpad(($2::bigint + g)::text, 13, '0'), 'เด็กชาย', 'ทดสอบ', 'สมมติ', '2016-01-01', 'MALE'
       FROM generate_series(1, $1) g`,
    [count, idBase],
  );
  const where = Array.isArray(schools)
    ? `r.school_id = ANY('{${schools.map((s) => s.id).join(',')}}'::uuid[])`
    : `r.obec_code LIKE '${schools.replicaPrefix}%'`;
  // Students round-robin over the schools: the school's ordinal is computed on the student's side only,
  // so the join hashes (a join on an expression of both sides is a nested loop over millions of rows).
  const [{ n }] = (await c.query(`SELECT count(*)::int AS n FROM directory_school_replica r WHERE ${where}`))
    .rows;
  await c.query(
    `WITH sch AS (SELECT r.*, row_number() OVER (ORDER BY r.obec_code) AS ord FROM directory_school_replica r WHERE ${where}),
          st AS (SELECT id, 1 + (row_number() OVER (ORDER BY national_id) - 1) % $3 AS ord,
                        row_number() OVER (ORDER BY national_id) AS k
                   FROM student
                  WHERE national_id BETWEEN lpad(($1::bigint + 1)::text, 13, '0') AND lpad(($1::bigint + $2)::text, 13, '0'))
     INSERT INTO enrollment (student_id, school_id, school_code, area_office_code, province_code, academic_year,
                             grade_level, classroom, status, started_on)
     SELECT st.id, sch.school_id, sch.obec_code, sch.area_office_code, sch.province_code, 2569, 'P3',
            (1 + st.k % 3)::text, 'ACTIVE', '2026-05-16'
       FROM st JOIN sch ON sch.ord = st.ord`,
    [idBase, count, n],
  );
  console.error(`enrolled ${count} students in ${n} schools`);
}

async function schoolDay(h: Awaited<ReturnType<typeof startStudents>>, c: Client) {
  const school = { id: h.schools.a.id, code: h.schools.a.obecCode, area: h.schools.a.areaOfficeCode };
  await enrol(c, [school], SCHOOL_STUDENTS, 1_000_000_000);
  await c.query('ANALYZE');
  const ids: string[] = (
    await c.query(`SELECT student_id::text AS id FROM enrollment WHERE school_id = $1 ORDER BY student_id`, [
      school.id,
    ])
  ).rows.map((r) => r.id);
  const [{ enrollmentId }] = (
    await c.query(`SELECT id AS "enrollmentId" FROM enrollment WHERE school_id = $1 LIMIT 1`, [school.id])
  ).rows;
  const token = await tokenFor('school-staff', school.code);
  const mutation = `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { recorded corrected unchanged } }`;
  const days = schoolDays(RUNS + 1);
  const marks = ids.map((studentId, i) => ({ studentId, status: STATUSES[i % STATUSES.length]! }));
  // Warm-up (plans, connections, JIT of the resolvers): not counted.
  await gql(h.service.url, mutation, { i: { schoolCode: school.code, date: days[RUNS], marks } }, { token });
  const viaSubgraph: number[] = [];
  const baseline: number[] = [];
  for (const date of days.slice(0, RUNS)) {
    // Baseline: the same 1,000 rows in one multi-row INSERT (period 9: fresh keys in the same table).
    const values: unknown[] = [];
    const tuples = marks.map((m, i) => {
      values.push(m.studentId, m.status);
      return `($1, $2, $3, $4, 9, $${5 + i * 2}, $${SCHOOL_STUDENTS * 2 + 5}, 'P3', '1', $${6 + i * 2}, 'bench')`;
    });
    let t = performance.now();
    await c.query(
      `INSERT INTO attendance_mark (school_id, school_code, area_office_code, attended_on, period, student_id, enrollment_id,
                                    grade_level, classroom, status, recorded_by) VALUES ${tuples.join(',')}`,
      [school.id, school.code, school.area, date, ...values, enrollmentId],
    );
    baseline.push(performance.now() - t);
    t = performance.now();
    const res = await gql(
      h.service.url,
      mutation,
      { i: { schoolCode: school.code, date, marks } },
      { token },
    );
    viaSubgraph.push(performance.now() - t);
    if (res.errors || res.data.recordAttendance.recorded !== SCHOOL_STUDENTS)
      throw new Error(JSON.stringify(res));
  }
  return { viaSubgraph: median(viaSubgraph), baseline: median(baseline), runs: RUNS };
}

async function nationalDay(c: Client, dir: string) {
  const schools = Math.max(1, Math.round((29_000 * NATIONAL_MARKS) / COUNTRY));
  const areas = Math.min(245, schools);
  await c.query(
    `INSERT INTO directory_school_replica (school_id, obec_code, name_th, area_office_code, province_code, district_code,
                                           status, school_type, levels, version, updated_at)
     SELECT gen_random_uuid(), '8' || lpad(g::text, 9, '0'), 'โรงเรียน' || g, '8' || lpad((g % $2)::text, 3, '0'), '80', '8001',
            'OPEN', 'PRIMARY', '{PRIMARY}', 1, now()
       FROM generate_series(0, $1 - 1) g`,
    [schools, areas],
  );
  let t = performance.now();
  await enrol(c, { replicaPrefix: '8' }, NATIONAL_MARKS, 2_000_000_000);
  const enrolSeconds = (performance.now() - t) / 1000;
  await c.query('ANALYZE');
  // The file the area offices' systems send: school code, student id, status (~95 % present).
  const file = path.join(dir, 'national-day.csv');
  await pipeline(
    c.query(
      copyTo(`COPY (SELECT e.school_code, e.student_id,
                           CASE WHEN abs(hashtext(e.student_id::text)) % 100 < 94 THEN 'PRESENT'
                                WHEN abs(hashtext(e.student_id::text)) % 100 < 96 THEN 'LATE'
                                WHEN abs(hashtext(e.student_id::text)) % 100 < 98 THEN 'ABSENT' ELSE 'SICK_LEAVE' END
                      FROM enrollment e WHERE e.school_code LIKE '8%') TO STDOUT WITH (FORMAT csv)`),
    ),
    createWriteStream(file),
  );
  const fileMiB = statSync(file).size / 2 ** 20;
  await c.query(`CREATE TABLE copy_baseline (school_code text, student_id text, status text)`);
  t = performance.now();
  await pipeline(
    createReadStream(file),
    c.query(copyFrom(`COPY copy_baseline FROM STDIN WITH (FORMAT csv)`)),
  );
  const copySeconds = (performance.now() - t) / 1000;
  await c.query(`DROP TABLE copy_baseline`);
  const report = await loadAttendanceDay(c, '2026-11-20', createReadStream(file), 'bench');
  if (report.recorded !== NATIONAL_MARKS) throw new Error(`recorded ${report.recorded} of ${NATIONAL_MARKS}`);
  return { schools, marks: NATIONAL_MARKS, fileMiB, enrolSeconds, copySeconds, report };
}

async function main() {
  const h = await startStudents();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'smss-attendance-bench-'));
  const c = new Client({ connectionString: h.db.url });
  await c.connect();
  try {
    const day = await schoolDay(h, c);
    const national = await nationalDay(c, dir);
    const scale = COUNTRY / national.marks;
    const r = national.report;
    const rows: Array<[string, string, string, string]> = [
      [
        'school day, 1,000 marks',
        `recordAttendance via the subgraph: ${day.viaSubgraph.toFixed(1)} ms (median of ${day.runs})`,
        `multi-row INSERT: ${day.baseline.toFixed(1)} ms`,
        `${(day.viaSubgraph / day.baseline).toFixed(1)}× the baseline`,
      ],
      [
        `national day, ${national.marks.toLocaleString('en')} marks (measured)`,
        `batch path: ${r.seconds.total.toFixed(1)} s (COPY ${r.seconds.copy.toFixed(1)}, place ${r.seconds.place.toFixed(1)}, history ${r.seconds.history.toFixed(1)}, upsert ${r.seconds.upsert.toFixed(1)}, ${r.events} events ${r.seconds.events.toFixed(1)})`,
        `raw COPY: ${national.copySeconds.toFixed(1)} s`,
        `${(r.seconds.total / national.copySeconds).toFixed(1)}× raw COPY; ${Math.round(national.marks / r.seconds.total).toLocaleString('en')} marks/s`,
      ],
    ];
    if (scale > 1)
      rows.push([
        `national day, 6,500,000 marks (extrapolated ×${scale.toFixed(0)}, linear)`,
        `batch path: ~${(r.seconds.total * scale).toFixed(0)} s`,
        `raw COPY: ~${(national.copySeconds * scale).toFixed(0)} s`,
        'not measured',
      ]);
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length), 8));
    const line = (cells: string[]) => `| ${cells.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
    console.log(line(['case', 'measured', 'baseline (same run)', 'ratio']));
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const row of rows) console.log(line(row));
    console.log(
      JSON.stringify({
        loadAverage: os.loadavg().map((l) => +l.toFixed(1)),
        cpus: os.cpus().length,
        national: {
          schools: national.schools,
          fileMiB: +national.fileMiB.toFixed(1),
          enrolSeconds: +national.enrolSeconds.toFixed(1),
          refused: r.refused,
        },
      }),
    );
  } finally {
    await c.end();
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
