import type { DataSource, EntityManager } from 'typeorm';
import { onlyUuids } from '@smss/db';
import type { Organisation } from '../access/organisation';
import { toQuantityString } from '../scoring/scalars';
import { scoreOf, toScoreString, weightedScoreOf, type ScoringCriteria } from '../scoring/score';
import type { ResultHistoryEntry, ResultRecord, ResultStatusCode, ResultWrite } from './result.types';

interface ResultRow extends Omit<ResultRecord, 'submittedAt' | 'decidedAt' | 'updatedAt'> {
  submittedAt: Date | null;
  decidedAt: Date | null;
  updatedAt: Date;
}

const SELECT = `
  SELECT r.id, r.indicator_id AS "indicatorId", r.round_id AS "roundId", rr.fiscal_year AS "fiscalYear",
         rr.month AS "roundMonth", i.framework, i.code AS "indicatorCode", r.org_level AS "orgLevel",
         r.org_code AS "orgCode", r.area_office_code AS "areaOfficeCode", r.school_code AS "schoolCode", r.status,
         r.value::text AS value, r.value_source AS "valueSource", r.steps_done AS "stepsDone", r.achieved,
         r.score::text AS score, r.weighted_score::text AS "weightedScore", r.narrative,
         r.project_ids::text[] AS "projectIds", r.reporter_name AS "reporterName", r.reporter_phone AS "reporterPhone",
         r.return_comment AS "returnComment", r.submitted_by AS "submittedBy", r.submitted_at AS "submittedAt",
         r.decided_by AS "decidedBy", r.decided_at AS "decidedAt", r.version, r.created_by AS "createdBy",
         r.updated_at AS "updatedAt"
    FROM indicator_result r
    JOIN indicator i ON i.id = r.indicator_id
    JOIN reporting_round rr ON rr.id = r.round_id`;

/** The one mapper: numbers leave as canonical decimal strings, times as ISO-8601. */
const toResult = (r: ResultRow): ResultRecord => ({
  ...r,
  value: r.value === null ? null : toQuantityString(r.value),
  score: r.score === null ? null : toScoreString(r.score),
  weightedScore: r.weightedScore === null ? null : toScoreString(r.weightedScore),
  submittedAt: r.submittedAt?.toISOString() ?? null,
  decidedAt: r.decidedAt?.toISOString() ?? null,
  updatedAt: r.updatedAt.toISOString(),
});

/** SQL for results; every lookup takes many keys, so a loader turns N parents into one statement. */
export class ResultRepository {
  constructor(private readonly db: DataSource) {}

  async byIds(ids: readonly string[], manager: EntityManager = this.db.manager): Promise<ResultRecord[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    const rows: ResultRow[] = await manager.query(`${SELECT} WHERE r.id = ANY($1::uuid[])`, [valid]);
    return rows.map(toResult);
  }

  async lockById(manager: EntityManager, id: string): Promise<ResultRecord | null> {
    if (!onlyUuids([id]).length) return null;
    const rows: ResultRow[] = await manager.query(`${SELECT} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
    return rows[0] ? toResult(rows[0]) : null;
  }

  async lockByKey(
    manager: EntityManager,
    key: { indicatorId: string; roundId: string; orgCode: string },
  ): Promise<ResultRecord | null> {
    const rows: ResultRow[] = await manager.query(
      `${SELECT} WHERE r.indicator_id = $1 AND r.round_id = $2 AND r.org_code = $3 FOR UPDATE OF r`,
      [key.indicatorId, key.roundId, key.orgCode],
    );
    return rows[0] ? toResult(rows[0]) : null;
  }

  /** The results of some organisations in one round of one framework, in indicator order. */
  async ofOrganisations(
    roundId: string,
    framework: string,
    orgCodes: readonly string[],
  ): Promise<ResultRecord[]> {
    if (!orgCodes.length) return [];
    const rows: ResultRow[] = await this.db.query(
      `${SELECT} WHERE r.round_id = $1 AND i.framework = $2 AND r.org_code = ANY($3::text[])
       ORDER BY r.org_code, i.sort_key, r.id`,
      [roundId, framework, orgCodes],
    );
    return rows.map(toResult);
  }

  /** A page of one organisation's results in one round and framework, with the count. */
  async page(
    filter: { roundId: string; framework: string; orgCode: string },
    page: { limit: number; offset: number },
  ): Promise<{ rows: ResultRecord[]; total: number }> {
    const where = `WHERE r.round_id = $1 AND i.framework = $2 AND r.org_code = $3`;
    const params = [filter.roundId, filter.framework, filter.orgCode];
    const [rows, [count]] = await Promise.all([
      this.db.query(`${SELECT} ${where} ORDER BY i.sort_key, r.id LIMIT $4 OFFSET $5`, [
        ...params,
        page.limit,
        page.offset,
      ]) as Promise<ResultRow[]>,
      this.db.query(
        `SELECT count(*)::int AS total FROM indicator_result r JOIN indicator i ON i.id = r.indicator_id ${where}`,
        params,
      ) as Promise<Array<{ total: number }>>,
    ]);
    return { rows: rows.map(toResult), total: count?.total ?? 0 };
  }

  /** Per organisation, how many results of a round and framework are in each state. */
  async statusCounts(
    roundId: string,
    framework: string,
    orgCodes: readonly string[] | null,
  ): Promise<Map<string, { counts: Record<ResultStatusCode, number>; updatedAt: string | null }>> {
    const rows: Array<{ org: string; status: ResultStatusCode; n: number; updatedAt: Date }> = await this.db.query(
      `SELECT r.org_code AS org, r.status, count(*)::int AS n, max(r.updated_at) AS "updatedAt"
         FROM indicator_result r JOIN indicator i ON i.id = r.indicator_id
        WHERE r.round_id = $1 AND i.framework = $2 AND ($3::text[] IS NULL OR r.org_code = ANY($3::text[]))
        GROUP BY r.org_code, r.status`,
      [roundId, framework, orgCodes],
    );
    const out = new Map<string, { counts: Record<ResultStatusCode, number>; updatedAt: string | null }>();
    for (const row of rows) {
      const entry = out.get(row.org) ?? {
        counts: { DRAFT: 0, SUBMITTED: 0, RETURNED: 0, APPROVED: 0 },
        updatedAt: null,
      };
      entry.counts[row.status] = row.n;
      const at = row.updatedAt.toISOString();
      if (!entry.updatedAt || at > entry.updatedAt) entry.updatedAt = at;
      out.set(row.org, entry);
    }
    return out;
  }

  /**
   * Total weighted score of approved results per area office in a round and framework, ranked (ties share
   * a rank, the next rank skips: 1, 2, 2, 4).
   */
  async areaRanking(
    roundId: string,
    framework: string,
  ): Promise<Array<{ orgCode: string; total: string; rank: number; rankedAmong: number }>> {
    const rows: Array<{ orgCode: string; total: string; rank: string; among: string }> = await this.db.query(
      `WITH totals AS (
         SELECT r.org_code, sum(r.weighted_score) AS total
           FROM indicator_result r JOIN indicator i ON i.id = r.indicator_id
          WHERE r.round_id = $1 AND i.framework = $2 AND r.org_level = 'AREA_OFFICE' AND r.status = 'APPROVED'
          GROUP BY r.org_code)
       SELECT org_code AS "orgCode", total::text AS total, rank() OVER (ORDER BY total DESC) AS rank,
              count(*) OVER () AS among
         FROM totals ORDER BY total DESC, org_code`,
      [roundId, framework],
    );
    return rows.map((r) => ({
      orgCode: r.orgCode,
      total: toScoreString(r.total),
      rank: Number(r.rank),
      rankedAmong: Number(r.among),
    }));
  }

  async insert(
    manager: EntityManager,
    key: { indicatorId: string; roundId: string; org: Organisation },
    status: ResultStatusCode,
    w: ResultWrite,
    by: string,
  ): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO indicator_result (indicator_id, round_id, org_level, org_code, area_office_code, school_code, status,
                                     value, value_source, steps_done, achieved, score, weighted_score, narrative,
                                     project_ids, reporter_name, reporter_phone, submitted_by, submitted_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::int[], $11, $12, $13, $14, $15::uuid[], $16, $17,
               CASE WHEN $7 = 'SUBMITTED' THEN $18 END, CASE WHEN $7 = 'SUBMITTED' THEN now() END, $18)
       RETURNING id`,
      [
        key.indicatorId,
        key.roundId,
        key.org.level,
        key.org.code,
        key.org.areaOfficeCode,
        key.org.schoolCode,
        status,
        w.value,
        w.valueSource,
        w.stepsDone,
        w.achieved,
        w.score,
        w.weightedScore,
        w.narrative,
        w.projectIds,
        w.reporterName,
        w.reporterPhone,
        by,
      ],
    );
    return row.id;
  }

  async update(manager: EntityManager, id: string, status: ResultStatusCode, w: ResultWrite, by: string): Promise<void> {
    await manager.query(
      `UPDATE indicator_result
          SET status = $2, value = $3, value_source = $4, steps_done = $5::int[], achieved = $6, score = $7,
              weighted_score = $8, narrative = $9, project_ids = $10::uuid[], reporter_name = $11, reporter_phone = $12,
              submitted_by = CASE WHEN $2 = 'SUBMITTED' THEN $13 ELSE submitted_by END,
              submitted_at = CASE WHEN $2 = 'SUBMITTED' THEN now() ELSE submitted_at END,
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [
        id,
        status,
        w.value,
        w.valueSource,
        w.stepsDone,
        w.achieved,
        w.score,
        w.weightedScore,
        w.narrative,
        w.projectIds,
        w.reporterName,
        w.reporterPhone,
        by,
      ],
    );
  }

  async decide(
    manager: EntityManager,
    id: string,
    status: 'APPROVED' | 'RETURNED',
    by: string,
    comment: string | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE indicator_result SET status = $2, decided_by = $3, decided_at = now(), return_comment = $4,
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id, status, by, comment],
    );
  }

  async setEvidence(manager: EntityManager, resultId: string, fileIds: readonly string[]): Promise<void> {
    await manager.query(`DELETE FROM indicator_result_evidence WHERE result_id = $1`, [resultId]);
    if (fileIds.length)
      await manager.query(
        `INSERT INTO indicator_result_evidence (result_id, file_id, position)
         SELECT $1, u.id, u.n FROM unnest($2::uuid[]) WITH ORDINALITY AS u(id, n)`,
        [resultId, fileIds],
      );
  }

  async addHistory(
    manager: EntityManager,
    resultId: string,
    status: ResultStatusCode,
    by: string,
    comment: string | null = null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO indicator_result_history (result_id, status, changed_by, comment) VALUES ($1, $2, $3, $4)`,
      [resultId, status, by, comment],
    );
  }

  async historyOf(resultIds: readonly string[]): Promise<ResultHistoryEntry[]> {
    if (!resultIds.length) return [];
    const rows: Array<Omit<ResultHistoryEntry, 'at'> & { at: Date }> = await this.db.query(
      `SELECT result_id AS "resultId", status, changed_by AS by, changed_at AS at, comment
         FROM indicator_result_history WHERE result_id = ANY($1::uuid[]) ORDER BY id`,
      [resultIds],
    );
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }

  async evidenceIdsOf(resultIds: readonly string[]): Promise<Array<{ resultId: string; fileId: string }>> {
    if (!resultIds.length) return [];
    return this.db.query(
      `SELECT result_id AS "resultId", file_id AS "fileId" FROM indicator_result_evidence
        WHERE result_id = ANY($1::uuid[]) ORDER BY result_id, position`,
      [resultIds],
    );
  }

  /**
   * Score again every result of these indicators from their current criteria and weight (after a
   * catalogue change): computed here with the one scoring module, written with one UPDATE per 5,000
   * results, only where a figure changed. Returns the number of results looked at.
   */
  async rescore(manager: EntityManager, indicatorIds: readonly string[]): Promise<number> {
    if (!indicatorIds.length) return 0;
    const rows: Array<{
      id: string;
      value: string | null;
      stepsDone: number[];
      achieved: boolean | null;
      method: ScoringCriteria['method'];
      direction: ScoringCriteria['direction'];
      thresholds: string[];
      steps: string[];
      weight: string;
    }> = await manager.query(
      `SELECT r.id, r.value::text AS value, r.steps_done AS "stepsDone", r.achieved, i.method, i.direction,
              i.thresholds::text[] AS thresholds, i.steps, i.weight::text AS weight
         FROM indicator_result r JOIN indicator i ON i.id = r.indicator_id
        WHERE r.indicator_id = ANY($1::uuid[])`,
      [indicatorIds],
    );
    const criteria = new Map<string, ScoringCriteria>();
    const ids: string[] = [];
    const scores: Array<string | null> = [];
    const weighted: Array<string | null> = [];
    for (const r of rows) {
      const key = `${r.method}|${r.direction}|${r.thresholds.join(',')}|${r.steps.length}`;
      let c = criteria.get(key);
      if (!c) {
        c = { method: r.method, direction: r.direction, thresholds: r.thresholds, steps: r.steps };
        criteria.set(key, c);
      }
      const score = scoreOf(c, r);
      ids.push(r.id);
      scores.push(score);
      weighted.push(weightedScoreOf(score, r.weight));
    }
    for (let i = 0; i < ids.length; i += 5000) {
      await manager.query(
        `UPDATE indicator_result r SET score = u.score, weighted_score = u.weighted
           FROM unnest($1::uuid[], $2::numeric[], $3::numeric[]) AS u(id, score, weighted)
          WHERE r.id = u.id
            AND (r.score IS DISTINCT FROM u.score OR r.weighted_score IS DISTINCT FROM u.weighted)`,
        [ids.slice(i, i + 5000), scores.slice(i, i + 5000), weighted.slice(i, i + 5000)],
      );
    }
    return ids.length;
  }
}
