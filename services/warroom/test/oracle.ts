import type { DataSource } from 'typeorm';
import type { DmcSnapshotPublishedPayload, EventEnvelope } from '@smss/events';
import { normOf } from '../src/modules/figures/figure-rules';

/**
 * The oracle: the figures recomputed from scratch from the events' payloads with plain SQL GROUP BYs
 * (latest directory record per school, highest version per source key), independent of the read model's
 * incremental totals. The payloads go into a table of their own in the test database.
 */
export async function loadOracle(db: DataSource, events: EventEnvelope[]): Promise<void> {
  await db.query(
    `CREATE TABLE IF NOT EXISTS oracle_event (seq int, subject text, occurred_at timestamptz, p jsonb)`,
  );
  await db.query(`TRUNCATE oracle_event`);
  await db.query(
    `INSERT INTO oracle_event SELECT * FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::jsonb[])`,
    [
      events.map((_, i) => i),
      events.map((e) => e.type),
      events.map((e) => e.occurredAt),
      events.map((e) => JSON.stringify(e.payload)),
    ],
  );
}

const PLACED = `
  dir AS (SELECT DISTINCT ON (p->>'id') p->>'id' AS school_id, p->>'obecCode' AS obec, p->>'provinceCode' AS province,
                 p->>'areaOfficeCode' AS area, p->>'districtCode' AS district, p->>'status' AS status
            FROM oracle_event WHERE subject = 'schools.school.upserted.v1'
           ORDER BY p->>'id', (p->>'version')::int DESC),
  scope AS (SELECT d.school_id, d.status, CASE $1
                 WHEN 'COUNTRY' THEN 'TH' WHEN 'REGION' THEN pr.region_code WHEN 'PROVINCE' THEN d.province
                 WHEN 'AREA_OFFICE' THEN d.area WHEN 'DISTRICT' THEN d.area || '-' || d.district ELSE d.obec END AS code
              FROM dir d JOIN province_region pr ON pr.province_code = d.province)`;

const PERIOD = `(p->>'academicYear') || '-' || CASE p->>'round' WHEN 'TERM1' THEN 1 WHEN 'TERM2' THEN 2 ELSE 3 END`;

export interface OracleFigures {
  schools: number;
  students:
    (Record<string, number> & { period: string; byGrade: Record<string, number>; bands: number[] }) | null;
  teachers: { required: number; present: number; shortage: number; schoolsShort: number } | null;
  allocations: { total: number; reporting: number } | null;
  spending: { fiscalYear: number; total: number; vouchers: number; reporting: number } | null;
  buildings: Record<string, number> | null;
  internet: { withInternet: number; withoutInternet: number; reporting: number } | null;
  letters: {
    received: number;
    acknowledged: number;
    unacknowledged: number;
    overdue: number;
    acknowledgedLate: number;
  } | null;
  indicators: {
    period: string;
    results: number;
    averageScore: string;
    byFramework: Record<string, [number, string]>;
  } | null;
  attendance: {
    period: string;
    asOfDate: string;
    reporting: number;
    schoolDays: number;
    studentDays: number;
    attended: number;
    absent: number;
    late: number;
    sickLeave: number;
    personalLeave: number;
  } | null;
  nutrition: {
    period: string;
    asOfDate: string | null;
    reporting: number;
    measured: number;
    assessedWeightForHeight: number;
    assessedHeightForAge: number;
    thin: number;
    short: number;
    overweight: number;
    obese: number;
  } | null;
}

/** The expected figures of every place of `level` (code → figures). */
export async function oracle(db: DataSource, level: string): Promise<Map<string, OracleFigures>> {
  const out = new Map<string, OracleFigures>();
  const at = (code: string): OracleFigures => {
    let f = out.get(code);
    if (!f)
      out.set(
        code,
        (f = {
          schools: 0,
          students: null,
          teachers: null,
          allocations: null,
          spending: null,
          buildings: null,
          internet: null,
          letters: null,
          indicators: null,
          attendance: null,
          nutrition: null,
        }),
      );
    return f;
  };
  const open: Array<{ code: string; n: number }> = await db.query(
    `WITH ${PLACED} SELECT code, count(*) FILTER (WHERE status = 'OPEN')::int AS n FROM scope GROUP BY code`,
    [level],
  );
  for (const o of open) at(o.code).schools = o.n;

  // Students: the latest version per school and round; the scope shows its latest round.
  const students: Array<Record<string, any>> = await db.query(
    `WITH ${PLACED},
     snap AS (SELECT DISTINCT ON (p->>'schoolId', ${PERIOD}) p->>'schoolId' AS school_id, ${PERIOD} AS period, p
                FROM oracle_event WHERE subject = 'students.dmc-snapshot.published.v1'
               ORDER BY p->>'schoolId', ${PERIOD}, (p->>'snapshotVersion')::int DESC),
     per_school AS (SELECT s.school_id, s.period,
                      coalesce(sum((g->>'male')::int), 0) AS male, coalesce(sum((g->>'female')::int), 0) AS female,
                      coalesce(sum((g->>'poor')::int), 0) AS poor, coalesce(sum((g->>'extremelyPoor')::int), 0) AS extremely_poor,
                      coalesce(sum((g->>'disabled')::int), 0) AS disabled, coalesce(sum((g->>'stateless')::int), 0) AS stateless,
                      coalesce(sum((g->>'classrooms')::int), 0) AS classrooms,
                      coalesce(jsonb_object_agg(g->>'gradeLevel', (g->>'male')::int + (g->>'female')::int)
                               FILTER (WHERE g IS NOT NULL), '{}') AS grades
                      FROM snap s LEFT JOIN LATERAL jsonb_array_elements(s.p->'grades') g ON true
                     GROUP BY s.school_id, s.period),
     latest AS (SELECT sc.code, max(ps.period) AS period FROM per_school ps JOIN scope sc USING (school_id) GROUP BY sc.code)
     SELECT sc.code, l.period, count(*)::int AS reporting,
            sum(ps.male + ps.female)::int AS total, sum(ps.male)::int AS male, sum(ps.female)::int AS female,
            sum(ps.poor)::int AS poor, sum(ps.extremely_poor)::int AS "extremelyPoor", sum(ps.disabled)::int AS disabled,
            sum(ps.stateless)::int AS stateless, sum(ps.classrooms)::int AS classrooms,
            array_agg(ps.male + ps.female) AS school_totals, jsonb_agg(ps.grades) AS grades
       FROM per_school ps JOIN scope sc USING (school_id) JOIN latest l ON l.code = sc.code AND l.period = ps.period
      GROUP BY sc.code, l.period`,
    [level],
  );
  for (const s of students) {
    const byGrade: Record<string, number> = {};
    for (const g of s.grades as Array<Record<string, number>>)
      for (const [k, v] of Object.entries(g)) if (v > 0) byGrade[k] = (byGrade[k] ?? 0) + v;
    const bands = [0, 0, 0, 0, 0, 0, 0];
    for (const n of s.school_totals as number[])
      bands[n > 120 ? 6 : Math.max(0, Math.ceil(n / 20) - 1)]! += 1;
    const { code, period, grades: _g, school_totals: _t, ...counts } = s;
    at(code).students = { ...counts, period, byGrade, bands } as never;
  }

  // Teachers: required from each school's latest snapshot (the staffing norm), present from each staff
  // member's latest posting (start date, then event time).
  const norms: Array<{ code: string; p: DmcSnapshotPublishedPayload }> = await db.query(
    `WITH ${PLACED},
     snap AS (SELECT DISTINCT ON (p->>'schoolId') p->>'schoolId' AS school_id, p FROM oracle_event
               WHERE subject = 'students.dmc-snapshot.published.v1'
               ORDER BY p->>'schoolId', ${PERIOD} DESC, (p->>'snapshotVersion')::int DESC)
     SELECT sc.code, sc.school_id, s.p FROM snap s JOIN scope sc USING (school_id)`,
    [level],
  );
  const present: Array<{ code: string; school_id: string; n: number }> = await db.query(
    `WITH ${PLACED},
     posting AS (SELECT DISTINCT ON (p->>'staffId') p->'posting'->>'schoolId' AS school_id, p->'posting'->>'positionType' AS position
                   FROM oracle_event WHERE subject = 'personnel.staff.assigned.v1'
                  ORDER BY p->>'staffId', p->>'startDate' DESC, occurred_at DESC)
     SELECT sc.code, sc.school_id, count(*)::int AS n FROM posting po JOIN scope sc USING (school_id)
      WHERE po.position IN ('TEACHER', 'ASSISTANT_TEACHER') GROUP BY sc.code, sc.school_id`,
    [level],
  );
  const perSchool = new Map<string, { code: string; required: number; present: number }>();
  for (const n of norms as Array<{ code: string; school_id: string; p: DmcSnapshotPublishedPayload }>)
    perSchool.set(n.school_id, { code: n.code, required: normOf(n.p).required, present: 0 });
  for (const p of present) {
    const s = perSchool.get(p.school_id) ?? { code: p.code, required: 0, present: 0 };
    s.present = p.n;
    perSchool.set(p.school_id, s);
  }
  for (const s of perSchool.values()) {
    const t = (at(s.code).teachers ??= { required: 0, present: 0, shortage: 0, schoolsShort: 0 });
    t.required += s.required;
    t.present += s.present;
    t.shortage += Math.max(s.required - s.present, 0);
    t.schoolsShort += s.required > s.present ? 1 : 0;
  }

  const allocations: Array<{ code: string; total: string; reporting: number }> = await db.query(
    `WITH ${PLACED},
     a AS (SELECT DISTINCT ON (p->>'schoolId', ${PERIOD}) p->>'schoolId' AS school_id, p FROM oracle_event
            WHERE subject = 'finance.allocation.computed.v1'
            ORDER BY p->>'schoolId', ${PERIOD}, (p->>'snapshotVersion')::int DESC)
     SELECT sc.code, sum(round((a.p->>'total')::numeric * 100))::text AS total, count(*)::int AS reporting
       FROM a JOIN scope sc USING (school_id) GROUP BY sc.code`,
    [level],
  );
  for (const a of allocations) at(a.code).allocations = { total: Number(a.total), reporting: a.reporting };

  // Spending: every entry once (vouchers +, refunds −), the place's latest fiscal year with any.
  const spending: Array<{ code: string; fy: number; total: string; vouchers: number; reporting: number }> =
    await db.query(
      `WITH ${PLACED},
       e AS (SELECT DISTINCT ON (p->>'entryId') p->>'schoolId' AS school_id, p FROM oracle_event
              WHERE subject = 'finance.spending.recorded.v1'),
       y AS (SELECT sc.code, (e.p->>'fiscalYear')::int AS fy, sum(round((e.p->>'amount')::numeric * 100))::text AS total,
                    (count(*) FILTER (WHERE e.p->>'kind' = 'VOUCHER'))::int AS vouchers,
                    count(DISTINCT e.school_id)::int AS reporting
               FROM e JOIN scope sc USING (school_id) GROUP BY sc.code, fy)
       SELECT DISTINCT ON (code) * FROM y ORDER BY code, fy DESC`,
      [level],
    );
  for (const x of spending)
    at(x.code).spending = {
      fiscalYear: x.fy,
      total: Number(x.total),
      vouchers: x.vouchers,
      reporting: x.reporting,
    };

  const buildings: Array<Record<string, any>> = await db.query(
    `WITH ${PLACED},
     b AS (SELECT DISTINCT ON (p->>'schoolId', p->>'fiscalYear') p->>'schoolId' AS school_id, p FROM oracle_event
            WHERE subject = 'assets.building-survey.closed.v1'
            ORDER BY p->>'schoolId', p->>'fiscalYear', p->>'closedAt' DESC)
     SELECT sc.code, sum((p->>'buildings')::int)::int AS buildings, sum((p->'byCondition'->>'good')::int)::int AS good,
            sum((p->'byCondition'->>'needsRepair')::int)::int AS "needsRepair",
            sum((p->'byCondition'->>'dilapidated')::int)::int AS dilapidated,
            sum((p->'byCondition'->>'unsafe')::int)::int AS unsafe, sum((p->>'classrooms')::int)::int AS classrooms
       FROM b JOIN scope sc USING (school_id) GROUP BY sc.code`,
    [level],
  );
  for (const { code, ...b } of buildings) at(code).buildings = b;

  const internet: Array<{ code: string; with: number; without: number; reporting: number }> = await db.query(
    `WITH ${PLACED},
     i AS (SELECT DISTINCT ON (p->>'schoolId') p->>'schoolId' AS school_id, p FROM oracle_event
            WHERE subject = 'assets.infrastructure.reported.v1' ORDER BY p->>'schoolId', (p->>'version')::int DESC)
     SELECT sc.code, count(*) FILTER (WHERE (p->>'internetConnected')::boolean)::int AS with,
            count(*) FILTER (WHERE NOT (p->>'internetConnected')::boolean)::int AS without, count(*)::int AS reporting
       FROM i JOIN scope sc USING (school_id) GROUP BY sc.code`,
    [level],
  );
  for (const i of internet)
    at(i.code).internet = { withInternet: i.with, withoutInternet: i.without, reporting: i.reporting };

  const letters: Array<{
    code: string;
    received: number;
    acknowledged: number;
    unacknowledged: number;
    overdue: number;
    late: number;
  }> = await db.query(
    `WITH ${PLACED},
       d AS (SELECT p->>'deliveryId' AS delivery, p->>'recipientOrgCode' AS obec, p->>'dueAt' AS due_at
               FROM oracle_event WHERE subject = 'correspondence.letter.dispatched.v1'),
       a AS (SELECT p->>'deliveryId' AS delivery, bool_or((p->>'late')::boolean) AS late
               FROM oracle_event WHERE subject = 'correspondence.letter.acknowledged.v1' GROUP BY 1)
       SELECT sc.code, count(*)::int AS received, count(a.delivery)::int AS acknowledged,
              count(*) FILTER (WHERE a.delivery IS NULL)::int AS unacknowledged,
              count(*) FILTER (WHERE a.delivery IS NULL
                AND (d.due_at::timestamptz AT TIME ZONE 'Asia/Bangkok')::date < (now() AT TIME ZONE 'Asia/Bangkok')::date)::int AS overdue,
              count(*) FILTER (WHERE a.late)::int AS late
         FROM d JOIN dir ON dir.obec = d.obec JOIN scope sc ON sc.school_id = dir.school_id
         LEFT JOIN a ON a.delivery = d.delivery
        GROUP BY sc.code`,
    [level],
  );
  for (const l of letters)
    at(l.code).letters = {
      received: l.received,
      acknowledged: l.acknowledged,
      unacknowledged: l.unacknowledged,
      overdue: l.overdue,
      acknowledgedLate: l.late,
    };

  const indicators: Array<{
    code: string;
    period: string;
    framework: string;
    results: number;
    average: string;
  }> = await db.query(
    `WITH ${PLACED},
     res AS (SELECT DISTINCT ON (p->>'resultId') p FROM oracle_event
              WHERE subject = 'indicators.result.approved.v1' AND p->>'orgLevel' = 'SCHOOL'
              ORDER BY p->>'resultId', (p->>'version')::int DESC),
     scoped AS (SELECT sc.code, (res.p->>'fiscalYear') || '-' || lpad(res.p->>'roundMonth', 2, '0') AS period,
                       res.p->>'framework' AS framework, (res.p->>'score')::numeric AS score
                  FROM res JOIN dir ON dir.obec = res.p->>'schoolCode' JOIN scope sc ON sc.school_id = dir.school_id),
     latest AS (SELECT code, max(period) AS period FROM scoped GROUP BY code)
     SELECT s.code, s.period, coalesce(s.framework, '*') AS framework, count(*)::int AS results,
            round(avg(s.score), 5)::text AS average
       FROM scoped s JOIN latest l ON l.code = s.code AND l.period = s.period
      GROUP BY GROUPING SETS ((s.code, s.period), (s.code, s.period, s.framework))`,
    [level],
  );
  for (const i of indicators) {
    const f = at(i.code);
    f.indicators ??= { period: i.period, results: 0, averageScore: '', byFramework: {} };
    if (i.framework === '*') {
      f.indicators.results = i.results;
      f.indicators.averageScore = i.average;
    } else f.indicators.byFramework[i.framework] = [i.results, i.average];
  }

  // Attendance: the highest revision per school and day; the period is the academic year (B.E., starting
  // 16 May) and semester (1: 16 May – 31 October) of the day; the scope shows its latest period.
  const attendance: Array<NonNullable<OracleFigures['attendance']> & { code: string }> = await db.query(
    `WITH ${PLACED},
     day AS (SELECT DISTINCT ON (p->>'schoolId', p->>'date') p->>'schoolId' AS school_id, (p->>'date')::date AS d, p
               FROM oracle_event WHERE subject = 'students.attendance.daily.v1'
              ORDER BY p->>'schoolId', p->>'date', (p->>'revision')::int DESC),
     dated AS (SELECT day.*, (extract(year FROM d)::int + 543 - CASE WHEN to_char(d, 'MM-DD') >= '05-16' THEN 0 ELSE 1 END)
                       || '-' || CASE WHEN to_char(d, 'MM-DD') BETWEEN '05-16' AND '10-31' THEN '1' ELSE '2' END AS period
                 FROM day),
     scoped AS (SELECT sc.code, dated.* FROM dated JOIN scope sc USING (school_id)),
     latest AS (SELECT code, max(period) AS period FROM scoped GROUP BY code)
     SELECT s.code, s.period, to_char(max(s.d), 'YYYY-MM-DD') AS "asOfDate",
            count(DISTINCT s.school_id)::int AS reporting, count(*)::int AS "schoolDays",
            sum((p->>'enrolled')::int - (p->>'unmarked')::int)::int AS "studentDays",
            sum((p->>'present')::int + (p->>'late')::int)::int AS attended,
            sum((p->>'absent')::int)::int AS absent, sum((p->>'late')::int)::int AS late,
            sum((p->>'sickLeave')::int)::int AS "sickLeave", sum((p->>'personalLeave')::int)::int AS "personalLeave"
       FROM scoped s JOIN latest l ON l.code = s.code AND l.period = s.period
      GROUP BY s.code, s.period`,
    [level],
  );
  for (const { code, ...a } of attendance) at(code).attendance = a;

  // Nutrition: the highest revision per school, academic year and term; the scope shows its latest period.
  const nutrition: Array<NonNullable<OracleFigures['nutrition']> & { code: string }> = await db.query(
    `WITH ${PLACED},
     nut AS (SELECT DISTINCT ON (p->>'schoolId', p->>'academicYear', p->>'term') p->>'schoolId' AS school_id,
                    (p->>'academicYear') || '-' || (p->>'term') AS period, p
               FROM oracle_event WHERE subject = 'students.nutrition.summarised.v1'
              ORDER BY p->>'schoolId', p->>'academicYear', p->>'term', (p->>'revision')::bigint DESC),
     scoped AS (SELECT sc.code, nut.* FROM nut JOIN scope sc USING (school_id)),
     latest AS (SELECT code, max(period) AS period FROM scoped GROUP BY code)
     SELECT s.code, s.period, max(p->>'lastMeasuredOn') AS "asOfDate", count(*)::int AS reporting,
            sum((p->>'measured')::int)::int AS measured,
            sum((p->>'assessedWeightForHeight')::int)::int AS "assessedWeightForHeight",
            sum((p->>'assessedHeightForAge')::int)::int AS "assessedHeightForAge",
            sum((p->>'thin')::int)::int AS thin, sum((p->>'short')::int)::int AS short,
            sum((p->>'overweight')::int)::int AS overweight, sum((p->>'obese')::int)::int AS obese
       FROM scoped s JOIN latest l ON l.code = s.code AND l.period = s.period
      GROUP BY s.code, s.period`,
    [level],
  );
  for (const { code, ...n } of nutrition) at(code).nutrition = n;
  return out;
}
