import { columnLiterals } from '@smss/db';
import type { EventEnvelope } from '@smss/events';
import type { EntityManager } from 'typeorm';

/** A figure group of one school for one period, replaced as a whole when its source changes. */
export interface FigureKey {
  schoolId: string;
  grp: string;
  period: string;
}

export interface FigureRow extends FigureKey {
  figure: string;
  value: number;
}

export interface PeriodFacts {
  grp: string;
  period: string;
  kind: 'DMC_ROUND' | 'FISCAL_YEAR' | 'INDICATOR_ROUND' | 'SEMESTER' | 'TERM' | 'CURRENT';
  academicYear?: number | null;
  round?: string | null;
  fiscalYear?: number | null;
  roundMonth?: number | null;
  /** Attendance: semester 1 or 2 of `academicYear`; nutrition: term 1 or 2. */
  semester?: number | null;
  asOfDate?: string | null;
}

/** Every level a school's rows add to, with the code of its place there (DISTRICT: area-district). */
const LEVEL_CODES = `(VALUES ('COUNTRY', 'TH'), ('REGION', x.region_code), ('PROVINCE', x.province_code),
   ('AREA_OFFICE', x.area_office_code), ('DISTRICT', x.area_office_code || '-' || x.district_code)) AS l(level, code)`;

/** Add the grouped values of `x` (a CTE of school_figure rows) to the totals, in key order (lock order). */
const addToTotals = (sign: '+' | '-') => `
  INSERT INTO level_figure (level, code, grp, period, figure, value)
  SELECT l.level, l.code, x.grp, x.period, x.figure, ${sign}sum(x.value)
    FROM x CROSS JOIN LATERAL ${LEVEL_CODES}
   WHERE x.district_code IS NOT NULL AND x.region_code IS NOT NULL
   GROUP BY l.level, l.code, x.grp, x.period, x.figure
   ORDER BY l.level, l.code, x.grp, x.period, x.figure
  ON CONFLICT (level, code, grp, period, figure) DO UPDATE SET value = level_figure.value + EXCLUDED.value`;

/**
 * The one write path of the read model. Replaces the figure groups named by `keys` with `rows` and keeps
 * the totals of every level current in the caller's transaction, set-based: one statement subtracts the
 * replaced rows from the totals of the places they were counted in, one inserts the new rows (placed where
 * the directory replica puts the school now) and adds them. A school the directory has not placed yet
 * keeps its rows out of the totals until `replaceSchools` places it.
 */
export async function replaceFigures(
  manager: EntityManager,
  keys: FigureKey[],
  rows: FigureRow[],
): Promise<void> {
  if (keys.length) {
    const k = columnLiterals(keys, {
      schoolId: (x) => x.schoolId,
      grp: (x) => x.grp,
      period: (x) => x.period,
    });
    await manager.query(
      `WITH k AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) AS k(school_id, grp, period)),
       x AS (DELETE FROM school_figure f USING k
              WHERE f.school_id = k.school_id AND f.grp = k.grp AND f.period = k.period
          RETURNING f.*)
       ${addToTotals('-')}`,
      [k.schoolId, k.grp, k.period],
    );
  }
  if (rows.length) {
    // One array literal per column (`columnLiterals`): a national batch binds ~80,000 elements.
    const c = columnLiterals(rows, {
      schoolId: (r) => r.schoolId,
      grp: (r) => r.grp,
      period: (r) => r.period,
      figure: (r) => r.figure,
      value: (r) => r.value,
    });
    await manager.query(
      `WITH u AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bigint[])
                    AS u(school_id, grp, period, figure, value)),
       x AS (INSERT INTO school_figure
               (school_id, grp, period, figure, value, region_code, province_code, area_office_code, district_code)
             SELECT u.school_id, u.grp, u.period, u.figure, u.value, pr.region_code, r.province_code,
                    r.area_office_code, r.district_code
               FROM u LEFT JOIN directory_school_replica r ON r.school_id = u.school_id
                      LEFT JOIN province_region pr ON pr.province_code = r.province_code
          RETURNING *)
       ${addToTotals('+')}`,
      [c.schoolId, c.grp, c.period, c.figure, c.value],
    );
  }
}

/**
 * Schools whose rows are counted elsewhere than the directory replica places them now (moved, or placed for
 * the first time): their rows are taken out of the old totals and counted again at their new place.
 */
export async function replaceSchools(manager: EntityManager, schoolIds: string[]): Promise<void> {
  if (!schoolIds.length) return;
  const moved: Array<{ school_id: string }> = await manager.query(
    `SELECT DISTINCT f.school_id FROM school_figure f
       JOIN directory_school_replica r ON r.school_id = f.school_id
       LEFT JOIN province_region pr ON pr.province_code = r.province_code
      WHERE f.school_id = ANY($1::uuid[])
        AND (f.district_code IS DISTINCT FROM r.district_code OR f.area_office_code IS DISTINCT FROM r.area_office_code
             OR f.province_code IS DISTINCT FROM r.province_code OR f.region_code IS DISTINCT FROM pr.region_code)`,
    [schoolIds],
  );
  if (!moved.length) return;
  const rows: Array<{ school_id: string; grp: string; period: string; figure: string; value: string }> =
    await manager.query(
      `SELECT school_id, grp, period, figure, value FROM school_figure WHERE school_id = ANY($1::uuid[])`,
      [moved.map((m) => m.school_id)],
    );
  const figureRows = rows.map((r) => ({
    schoolId: r.school_id,
    grp: r.grp,
    period: r.period,
    figure: r.figure,
    value: Number(r.value),
  }));
  await replaceFigures(manager, uniqueKeys(figureRows), figureRows);
}

export function uniqueKeys(rows: FigureKey[]): FigureKey[] {
  const seen = new Map<string, FigureKey>();
  for (const r of rows)
    seen.set(`${r.schoolId}|${r.grp}|${r.period}`, { schoolId: r.schoolId, grp: r.grp, period: r.period });
  return [...seen.values()];
}

/**
 * Keep only the events that are newer than what was applied for their (school, source, key): returns the
 * keys applied now. Input: at most one entry per (school, key) (the caller keeps each batch's highest).
 */
export async function claimVersions(
  manager: EntityManager,
  source: string,
  entries: Array<{ schoolId: string; key: string; version: number }>,
): Promise<Set<string>> {
  if (!entries.length) return new Set();
  const applied: Array<{ school_id: string; key: string }> = await manager.query(
    `INSERT INTO source_version (school_id, source, key, version)
     SELECT u.school_id, $1, u.key, u.version FROM unnest($2::uuid[], $3::text[], $4::bigint[]) AS u(school_id, key, version)
     ORDER BY 1, 3
     ON CONFLICT (school_id, source, key) DO UPDATE SET version = EXCLUDED.version
       WHERE source_version.version < EXCLUDED.version
     RETURNING school_id, key`,
    [source, entries.map((e) => e.schoolId), entries.map((e) => e.key), entries.map((e) => e.version)],
  );
  return new Set(applied.map((a) => `${a.school_id}|${a.key}`));
}

/** The latest event per key, by a version; ties keep the later one in stream order. */
export function latestBy<P, V extends string | number>(
  events: Array<EventEnvelope<P>>,
  key: (p: P) => string,
  version: (e: EventEnvelope<P>) => V,
): Array<EventEnvelope<P>> {
  const latest = new Map<string, EventEnvelope<P>>();
  for (const e of events) {
    const k = key(e.payload);
    const seen = latest.get(k);
    if (!seen || version(seen) <= version(e)) latest.set(k, e);
  }
  return [...latest.values()];
}

/**
 * The one way a consumer claims fresh figures of versioned, school-addressed events: locks the events'
 * schools (`lockSchools`), keeps the latest event per (school, `keyOf`) by `versionOf`, claims those
 * versions in `source_version` (`claimVersions`) and returns the payloads that are newer than what was
 * applied — in the order their keys first appear in the batch.
 */
export async function freshPayloads<P extends { schoolId: string }>(
  manager: EntityManager,
  claim: {
    source: string;
    events: Array<EventEnvelope<P>>;
    keyOf: (p: P) => string;
    versionOf: (e: EventEnvelope<P>) => number;
  },
): Promise<P[]> {
  const { source, events, keyOf, versionOf } = claim;
  await lockSchools(
    manager,
    events.map((e) => e.payload.schoolId),
  );
  const latest = latestBy(events, (p) => `${p.schoolId}|${keyOf(p)}`, versionOf);
  const applied = await claimVersions(
    manager,
    source,
    latest.map((e) => ({ schoolId: e.payload.schoolId, key: keyOf(e.payload), version: versionOf(e) })),
  );
  return latest.map((e) => e.payload).filter((p) => applied.has(`${p.schoolId}|${keyOf(p)}`));
}

/** Record what the periods are and when they were last updated (latest as-of date wins for CURRENT ones). */
export async function touchPeriods(
  manager: EntityManager,
  periods: PeriodFacts[],
  at: string,
): Promise<void> {
  const unique = new Map<string, PeriodFacts>();
  for (const p of periods) {
    const seen = unique.get(`${p.grp}|${p.period}`);
    if (!seen || (p.asOfDate ?? '') > (seen.asOfDate ?? '')) unique.set(`${p.grp}|${p.period}`, p);
  }
  const list = [...unique.values()].sort((a, b) => (a.grp + a.period < b.grp + b.period ? -1 : 1));
  if (!list.length) return;
  await manager.query(
    `INSERT INTO figure_period (grp, period, kind, academic_year, round, fiscal_year, round_month, as_of_date, semester, updated_at)
     SELECT *, $9::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::int[], $8::date[], $10::int[])
     ON CONFLICT (grp, period) DO UPDATE SET
       updated_at = greatest(figure_period.updated_at, EXCLUDED.updated_at),
       as_of_date = greatest(figure_period.as_of_date, EXCLUDED.as_of_date)`,
    [
      list.map((p) => p.grp),
      list.map((p) => p.period),
      list.map((p) => p.kind),
      list.map((p) => p.academicYear ?? null),
      list.map((p) => p.round ?? null),
      list.map((p) => p.fiscalYear ?? null),
      list.map((p) => p.roundMonth ?? null),
      list.map((p) => p.asOfDate ?? null),
      at,
      list.map((p) => p.semester ?? null),
    ],
  );
}

/**
 * Serialise the consumers (one per stream, running concurrently) per school for the rest of the
 * transaction. Without it a snapshot could be written unplaced while the directory consumer, not seeing
 * it yet, places the school — and the rows would stay out of the totals; or the students and personnel
 * consumers could each recompute a school's teacher figures from the other's uncommitted state. Locks are
 * taken in one order (by key) to keep deadlocks out.
 */
export async function lockSchools(manager: EntityManager, schoolKeys: Iterable<string>): Promise<void> {
  // Keys: school ids, and OBEC codes where a source addresses schools by code (letters).
  const ids = [...new Set(schoolKeys)];
  if (!ids.length) return;
  await manager.query(
    `SELECT pg_advisory_xact_lock(k) FROM (
       SELECT DISTINCT hashtextextended(id, 7150) AS k FROM unnest($1::text[]) AS id ORDER BY 1) AS keys`,
    [ids],
  );
}
