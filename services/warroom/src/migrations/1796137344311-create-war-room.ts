import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PROVINCES } from '../modules/places/place-names';

/**
 * The war room's read model, fed only by events:
 * - `school_figure`: one row per school per figure (group, period, figure name, integer value) with the
 *   school's region, province, area office and district codes as the directory last placed it (null:
 *   not placed yet, left out of the totals until its directory event arrives);
 * - `level_figure`: the totals per COUNTRY / REGION / PROVINCE / AREA_OFFICE / DISTRICT, kept current by the
 *   consumer in the same transaction as `school_figure` (deltas: new rows added, replaced rows subtracted);
 * - `figure_period`: what a (group, period) is — its round, fiscal year, as-of date, last update;
 * - `source_version`: the highest version applied per school and source key (corrections replace, late
 *   and replayed events are ignored);
 * - `school_norm`, `staff_posting`: the state the teacher figures are computed from; `letter_delivery`: the
 *   letters circulated to schools (dispatch and acknowledgement merged, in either order);
 *   `indicator_result`: approved school-level indicator results (highest version per result).
 * Codes are compared as bytes (COLLATE "C") so prefix ranges use the indexes.
 */
export class CreateWarRoom1796137344311 implements MigrationInterface {
  name = 'CreateWarRoom1796137344311';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE province_region (
        province_code text COLLATE "C" PRIMARY KEY,
        region_code text COLLATE "C" NOT NULL
      )`);
    await q.query(
      `INSERT INTO province_region (province_code, region_code) SELECT * FROM unnest($1::text[], $2::text[])`,
      [PROVINCES.map((p) => p.code), PROVINCES.map((p) => p.regionCode)],
    );
    await q.query(`
      CREATE TABLE school_figure (
        school_id uuid NOT NULL,
        grp text COLLATE "C" NOT NULL,
        period text COLLATE "C" NOT NULL,
        figure text COLLATE "C" NOT NULL,
        value bigint NOT NULL,
        region_code text COLLATE "C",
        province_code text COLLATE "C",
        area_office_code text COLLATE "C",
        district_code text COLLATE "C",
        PRIMARY KEY (school_id, grp, period, figure)
      )`);
    await q.query(
      `CREATE INDEX school_figure_district ON school_figure (area_office_code, district_code) WHERE grp = 'directory'`,
    );
    await q.query(`
      CREATE TABLE level_figure (
        level text COLLATE "C" NOT NULL,
        code text COLLATE "C" NOT NULL,
        grp text COLLATE "C" NOT NULL,
        period text COLLATE "C" NOT NULL,
        figure text COLLATE "C" NOT NULL,
        value bigint NOT NULL,
        PRIMARY KEY (level, code, grp, period, figure)
      )`);
    await q.query(`
      CREATE TABLE figure_period (
        grp text COLLATE "C" NOT NULL,
        period text COLLATE "C" NOT NULL,
        kind text NOT NULL,
        academic_year int,
        round text,
        fiscal_year int,
        round_month int,
        as_of_date date,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (grp, period)
      )`);
    await q.query(`
      CREATE TABLE source_version (
        school_id uuid NOT NULL,
        source text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        version bigint NOT NULL,
        PRIMARY KEY (school_id, source, key)
      )`);
    await q.query(`
      CREATE TABLE school_norm (
        school_id uuid PRIMARY KEY,
        period text COLLATE "C" NOT NULL,
        version int NOT NULL,
        students int NOT NULL,
        required int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE staff_posting (
        staff_id uuid PRIMARY KEY,
        school_id uuid,
        teaching boolean NOT NULL,
        start_date date NOT NULL,
        occurred_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX staff_posting_school ON staff_posting (school_id) WHERE teaching`);
    // Letters to schools: dispatch and acknowledgement may arrive in either order.
    await q.query(`
      CREATE TABLE letter_delivery (
        delivery_id uuid PRIMARY KEY,
        school_code text COLLATE "C" NOT NULL,
        dispatched boolean NOT NULL DEFAULT false,
        due_on date,
        acknowledged boolean NOT NULL DEFAULT false,
        late boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX letter_delivery_school ON letter_delivery (school_code)`);
    // Approved school-level indicator results: the highest version per result.
    await q.query(`
      CREATE TABLE indicator_result (
        result_id uuid PRIMARY KEY,
        school_code text COLLATE "C" NOT NULL,
        period text COLLATE "C" NOT NULL,
        framework text NOT NULL,
        score_units bigint NOT NULL,
        version int NOT NULL
      )`);
    await q.query(`CREATE INDEX indicator_result_school ON indicator_result (school_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'indicator_result',
      'letter_delivery',
      'staff_posting',
      'school_norm',
      'source_version',
      'figure_period',
      'level_figure',
      'school_figure',
      'province_region',
    ])
      await q.query(`DROP TABLE ${t}`);
  }
}
