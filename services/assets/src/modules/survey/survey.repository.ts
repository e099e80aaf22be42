import type { VisibilityFilter } from '@smss/auth';
import { onlyUuids, returnedRows } from '@smss/db';
import type { DataSource, EntityManager } from 'typeorm';
import { childPages, Where, type Sql } from '../common/sql';
import type { SurveyLine, SurveyRound, SurveyStatus } from './survey.rules';

export interface BuildingSurvey {
  id: string;
  roundId: string;
  fiscalYear: number;
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  provinceCode: string;
  status: SurveyStatus;
  frozen: boolean;
  accepted: boolean;
  lines: SurveyLine[];
  submittedAt: string;
  reviewedAt: string | null;
  reviewNote: string | null;
  version: number;
}

const ROUND_SELECT = `SELECT r.id, r.fiscal_year AS "fiscalYear", to_char(r.opens_on, 'YYYY-MM-DD') AS "opensOn",
         to_char(r.closes_on, 'YYYY-MM-DD') AS "closesOn", r.closed_at AS "closedAt" FROM building_survey_round r`;
const toRound = (r: SurveyRound & { closedAt: Date | null }): SurveyRound => ({
  ...r,
  closedAt: r.closedAt ? new Date(r.closedAt).toISOString() : null,
});

const SURVEY_SELECT = `
  SELECT s.id, s.round_id AS "roundId", r.fiscal_year AS "fiscalYear", s.school_id AS "schoolId",
         d.obec_code AS "schoolCode", d.area_office_code AS "areaOfficeCode", d.province_code AS "provinceCode",
         s.status, s.frozen, s.accepted, s.lines, s.submitted_at AS "submittedAt", s.reviewed_at AS "reviewedAt",
         s.review_note AS "reviewNote", s.version`;
const SURVEY_FROM = `
    FROM building_survey s
    JOIN building_survey_round r ON r.id = s.round_id
    JOIN directory_school_replica d ON d.school_id = s.school_id`;
type SurveyRow = Omit<BuildingSurvey, 'submittedAt' | 'reviewedAt'> & {
  submittedAt: Date;
  reviewedAt: Date | null;
};
const toSurvey = (s: SurveyRow): BuildingSurvey => ({
  ...s,
  submittedAt: s.submittedAt.toISOString(),
  reviewedAt: s.reviewedAt ? s.reviewedAt.toISOString() : null,
});

export class SurveyRepository {
  constructor(private readonly db: DataSource) {}

  async rounds(fiscalYear?: number | null): Promise<SurveyRound[]> {
    const rows = await this.db.query(
      `${ROUND_SELECT} ${fiscalYear ? 'WHERE r.fiscal_year = $1' : ''} ORDER BY r.fiscal_year DESC LIMIT 30`,
      fiscalYear ? [fiscalYear] : [],
    );
    return rows.map(toRound);
  }

  async roundsByIds(ids: readonly string[]): Promise<SurveyRound[]> {
    const rows = await this.db.query(`${ROUND_SELECT} WHERE r.id = ANY($1::uuid[])`, [onlyUuids(ids)]);
    return rows.map(toRound);
  }

  async roundOfYear(
    manager: Sql,
    fiscalYear: number,
    lock: 'SHARE' | 'UPDATE' | null = null,
  ): Promise<SurveyRound | null> {
    const rows = await manager.query(
      `${ROUND_SELECT} WHERE r.fiscal_year = $1${lock ? ` FOR ${lock}` : ''}`,
      [fiscalYear],
    );
    return rows[0] ? toRound(rows[0]) : null;
  }

  async upsertRound(
    manager: EntityManager,
    fiscalYear: number,
    opensOn: string,
    closesOn: string,
    by: string,
  ) {
    await manager.query(
      `INSERT INTO building_survey_round (fiscal_year, opens_on, closes_on, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (fiscal_year) DO UPDATE SET opens_on = EXCLUDED.opens_on, closes_on = EXCLUDED.closes_on`,
      [fiscalYear, opensOn, closesOn, by],
    );
  }

  async byIds(ids: readonly string[], manager: Sql = this.db): Promise<BuildingSurvey[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    return (await manager.query(`${SURVEY_SELECT} ${SURVEY_FROM} WHERE s.id = ANY($1::uuid[])`, [valid])).map(
      toSurvey,
    );
  }

  /** Surveys by `schoolId|fiscalYear` keys. */
  async bySchoolYears(keys: readonly string[]): Promise<BuildingSurvey[]> {
    const pairs = keys
      .map((k) => k.split('|'))
      .filter(([id, fy]) => onlyUuids([id!]).length && /^\d{4}$/.test(fy!));
    if (!pairs.length) return [];
    const rows = await this.db.query(
      `${SURVEY_SELECT} ${SURVEY_FROM}
        JOIN unnest($1::uuid[], $2::int[]) AS k(school_id, fiscal_year) ON k.school_id = s.school_id AND k.fiscal_year = r.fiscal_year`,
      [pairs.map((p) => p[0]), pairs.map((p) => Number(p[1]))],
    );
    return rows.map(toSurvey);
  }

  async lockOf(manager: EntityManager, roundId: string, schoolId: string): Promise<BuildingSurvey | null> {
    const rows = await manager.query(
      `${SURVEY_SELECT} ${SURVEY_FROM} WHERE s.round_id = $1 AND s.school_id = $2 FOR UPDATE OF s`,
      [roundId, schoolId],
    );
    return rows[0] ? toSurvey(rows[0]) : null;
  }

  async lockById(manager: EntityManager, id: string): Promise<BuildingSurvey | null> {
    const rows = await manager.query(`${SURVEY_SELECT} ${SURVEY_FROM} WHERE s.id = $1 FOR UPDATE OF s`, [id]);
    return rows[0] ? toSurvey(rows[0]) : null;
  }

  /** A (re)submission: the lines replace the previous copy; any earlier review is cleared. */
  async submit(
    manager: EntityManager,
    roundId: string,
    schoolId: string,
    lines: SurveyLine[],
    by: string,
  ): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO building_survey (round_id, school_id, status, lines, submitted_at, submitted_by)
       VALUES ($1, $2, 'SUBMITTED', $3::jsonb, now(), $4)
       ON CONFLICT (round_id, school_id) DO UPDATE SET status = 'SUBMITTED', lines = EXCLUDED.lines,
              submitted_at = now(), submitted_by = EXCLUDED.submitted_by, reviewed_at = NULL, reviewed_by = NULL,
              review_note = NULL, accepted = false, version = building_survey.version + 1
       RETURNING id`,
      [roundId, schoolId, JSON.stringify(lines), by],
    );
    return row.id;
  }

  async review(
    manager: EntityManager,
    id: string,
    accept: boolean,
    note: string | null,
    by: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE building_survey SET status = $2, accepted = $3, review_note = $4, reviewed_at = now(), reviewed_by = $5,
              version = version + 1 WHERE id = $1`,
      [id, accept ? 'ACCEPTED' : 'RETURNED', accept, note, by],
    );
  }

  /** Close a round: every survey frozen; submitted and accepted ones become CLOSED (returned). */
  async close(manager: EntityManager, roundId: string): Promise<BuildingSurvey[]> {
    await manager.query(`UPDATE building_survey_round SET closed_at = now() WHERE id = $1`, [roundId]);
    const closed = returnedRows<{ id: string }>(
      await manager.query(
        `UPDATE building_survey SET frozen = true, version = version + 1,
                status = CASE WHEN status IN ('SUBMITTED', 'ACCEPTED') THEN 'CLOSED' ELSE status END
          WHERE round_id = $1 RETURNING id, status`,
        [roundId],
      ),
    ).filter((r) => (r as unknown as { status: string }).status === 'CLOSED');
    const out: BuildingSurvey[] = [];
    for (let i = 0; i < closed.length; i += 5000)
      out.push(
        ...(await this.byIds(
          closed.slice(i, i + 5000).map((r) => r.id),
          manager,
        )),
      );
    return out;
  }

  /** BuildingSurveyRound.surveys for many rounds (the filter key is a status or ``). */
  roundPages(scope: VisibilityFilter) {
    return childPages<SurveyRow, BuildingSurvey>(this.db, {
      select: SURVEY_SELECT,
      from: SURVEY_FROM,
      parentColumn: 's.round_id',
      orderBy: 'd.obec_code, s.id',
      where: (status) => {
        const w = new Where(2).scope(scope);
        if (status) w.add('s.status = ?', status);
        return { sql: w.toString().replace(/^WHERE /, ''), params: w.params };
      },
      map: toSurvey,
    });
  }
}
