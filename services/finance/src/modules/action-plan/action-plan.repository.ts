import type { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '@smss/db';
import { splitKeys } from '../subsidy/subsidy.repository';

export interface StrategyRow {
  id: string;
  schoolId: string;
  fiscalYear: number;
  code: string;
  nameTh: string;
}

export interface EvaluationColumns {
  evaluationOutcome: string | null;
  evaluationResult: string | null;
  evaluationObstacles: string | null;
  evaluatedBy: string | null;
  evaluatedAt: Date | null;
}

export interface ProjectRow extends EvaluationColumns {
  id: string;
  strategyId: string;
  schoolId: string;
  fiscalYear: number;
  code: string | null;
  nameTh: string;
  owner: string;
  startDate: string;
  endDate: string;
  moneySourceCode: string;
  requestedBudget: string;
  approvedBudget: string | null;
  approvedBy: string | null;
  version: number;
}

export interface ActivityRow extends EvaluationColumns {
  id: string;
  projectId: string;
  schoolId: string;
  nameTh: string;
  owner: string | null;
  startDate: string | null;
  endDate: string | null;
  requestedBudget: string;
  approvedBudget: string | null;
}

const EVALUATION = `evaluation_outcome AS "evaluationOutcome", evaluation_result AS "evaluationResult",
  evaluation_obstacles AS "evaluationObstacles", evaluated_by AS "evaluatedBy", evaluated_at AS "evaluatedAt"`;

const STRATEGY_COLUMNS = `id, school_id AS "schoolId", fiscal_year AS "fiscalYear", code, name_th AS "nameTh"`;

const PROJECT_COLUMNS = `id, strategy_id AS "strategyId", school_id AS "schoolId", fiscal_year AS "fiscalYear", code,
  name_th AS "nameTh", owner, to_char(start_date, 'YYYY-MM-DD') AS "startDate", to_char(end_date, 'YYYY-MM-DD') AS "endDate",
  money_source_code AS "moneySourceCode", requested_budget AS "requestedBudget", approved_budget AS "approvedBudget",
  approved_by AS "approvedBy", version, ${EVALUATION}`;

const ACTIVITY_COLUMNS = `id, project_id AS "projectId", school_id AS "schoolId", name_th AS "nameTh", owner,
  to_char(start_date, 'YYYY-MM-DD') AS "startDate", to_char(end_date, 'YYYY-MM-DD') AS "endDate",
  requested_budget AS "requestedBudget", approved_budget AS "approvedBudget", ${EVALUATION}`;

const uuids = (keys: readonly string[]) => keys.filter((k) => /^[0-9a-f-]{36}$/i.test(k));

/** All SQL of the action plan (strategies → projects → activities). */
export class ActionPlanRepository {
  constructor(private readonly db: DataSource) {}

  private q(manager?: EntityManager) {
    return manager ?? this.db.manager;
  }

  /** Keys "schoolId|fiscalYear". */
  async strategiesBySchoolYear(keys: readonly string[]): Promise<StrategyRow[]> {
    const { ids, years } = splitKeys(keys);
    return this.db.query(
      `SELECT ${STRATEGY_COLUMNS} FROM strategy
        WHERE (school_id, fiscal_year) IN (SELECT * FROM unnest($1::uuid[], $2::int[]))
        ORDER BY code`,
      [ids, years],
    );
  }

  async strategiesByIds(ids: readonly string[], manager?: EntityManager): Promise<StrategyRow[]> {
    return this.q(manager).query(`SELECT ${STRATEGY_COLUMNS} FROM strategy WHERE id = ANY($1::uuid[])`, [
      uuids(ids),
    ]);
  }

  async insertStrategy(
    manager: EntityManager,
    s: Omit<StrategyRow, 'id'>,
    actor: string,
  ): Promise<StrategyRow | null> {
    const rows: StrategyRow[] = await manager.query(
      `INSERT INTO strategy (school_id, fiscal_year, code, name_th, created_by) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (school_id, fiscal_year, code) DO NOTHING RETURNING ${STRATEGY_COLUMNS}`,
      [s.schoolId, s.fiscalYear, s.code, s.nameTh, actor],
    );
    return rows[0] ?? null;
  }

  async projectsByIds(ids: readonly string[], manager?: EntityManager, lock = false): Promise<ProjectRow[]> {
    return this.q(manager).query(
      `SELECT ${PROJECT_COLUMNS} FROM project WHERE id = ANY($1::uuid[]) ORDER BY id ${lock ? 'FOR UPDATE' : ''}`,
      [uuids(ids)],
    );
  }

  async projectsByStrategies(strategyIds: readonly string[]): Promise<ProjectRow[]> {
    return this.db.query(
      `SELECT ${PROJECT_COLUMNS} FROM project WHERE strategy_id = ANY($1::uuid[]) ORDER BY code NULLS LAST, created_at`,
      [uuids(strategyIds)],
    );
  }

  async projectsBySchoolYear(schoolId: string, fiscalYear: number): Promise<ProjectRow[]> {
    return this.db.query(
      `SELECT ${PROJECT_COLUMNS} FROM project WHERE school_id = $1 AND fiscal_year = $2 ORDER BY code NULLS LAST, created_at`,
      [schoolId, fiscalYear],
    );
  }

  async insertProject(
    manager: EntityManager,
    p: {
      strategyId: string;
      schoolId: string;
      fiscalYear: number;
      code: string | null;
      nameTh: string;
      owner: string;
      startDate: string;
      endDate: string;
      moneySourceCode: string;
      requestedBudget: string;
    },
    actor: string,
  ): Promise<ProjectRow> {
    const [row] = await manager.query(
      `INSERT INTO project (strategy_id, school_id, fiscal_year, code, name_th, owner, start_date, end_date,
                            money_source_code, requested_budget, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING ${PROJECT_COLUMNS}`,
      [
        p.strategyId,
        p.schoolId,
        p.fiscalYear,
        p.code,
        p.nameTh,
        p.owner,
        p.startDate,
        p.endDate,
        p.moneySourceCode,
        p.requestedBudget,
        actor,
      ],
    );
    return row;
  }

  async updateProject(
    manager: EntityManager,
    next: Pick<ProjectRow, 'id' | 'nameTh' | 'owner' | 'startDate' | 'endDate' | 'requestedBudget'>,
  ): Promise<ProjectRow> {
    const rows = returnedRows<ProjectRow>(
      await manager.query(
        `UPDATE project SET name_th = $2, owner = $3, start_date = $4, end_date = $5, requested_budget = $6,
                version = version + 1
          WHERE id = $1 RETURNING ${PROJECT_COLUMNS}`,
        [next.id, next.nameTh, next.owner, next.startDate, next.endDate, next.requestedBudget],
      ),
    );
    return rows[0]!;
  }

  async approveBudget(
    manager: EntityManager,
    id: string,
    amount: string,
    actor: string,
  ): Promise<ProjectRow> {
    const rows = returnedRows<ProjectRow>(
      await manager.query(
        `UPDATE project SET approved_budget = $2, approved_by = $3, approved_at = now(), version = version + 1
          WHERE id = $1 RETURNING ${PROJECT_COLUMNS}`,
        [id, amount, actor],
      ),
    );
    return rows[0]!;
  }

  async evaluate(
    manager: EntityManager,
    table: 'project' | 'activity',
    id: string,
    e: { outcome: string; result: string; obstacles: string | null },
    actor: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${table === 'project' ? 'project' : 'activity'} SET evaluation_outcome = $2, evaluation_result = $3,
              evaluation_obstacles = $4, evaluated_by = $5, evaluated_at = now()
              ${table === 'project' ? ', version = version + 1' : ''}
        WHERE id = $1`,
      [id, e.outcome, e.result, e.obstacles, actor],
    );
  }

  async activitiesByProjects(projectIds: readonly string[]): Promise<ActivityRow[]> {
    return this.db.query(
      `SELECT ${ACTIVITY_COLUMNS} FROM activity WHERE project_id = ANY($1::uuid[]) ORDER BY created_at`,
      [uuids(projectIds)],
    );
  }

  async activitiesByIds(ids: readonly string[], manager?: EntityManager): Promise<ActivityRow[]> {
    return this.q(manager).query(`SELECT ${ACTIVITY_COLUMNS} FROM activity WHERE id = ANY($1::uuid[])`, [
      uuids(ids),
    ]);
  }

  async approvedActivitiesTotal(manager: EntityManager, projectId: string): Promise<string> {
    const [row] = await manager.query(
      `SELECT coalesce(sum(approved_budget), 0)::text AS total FROM activity WHERE project_id = $1`,
      [projectId],
    );
    return row.total;
  }

  async insertActivity(
    manager: EntityManager,
    a: Omit<ActivityRow, 'id' | keyof EvaluationColumns>,
    actor: string,
  ): Promise<ActivityRow> {
    const [row] = await manager.query(
      `INSERT INTO activity (project_id, school_id, name_th, owner, start_date, end_date, requested_budget,
                             approved_budget, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING ${ACTIVITY_COLUMNS}`,
      [
        a.projectId,
        a.schoolId,
        a.nameTh,
        a.owner,
        a.startDate,
        a.endDate,
        a.requestedBudget,
        a.approvedBudget,
        actor,
      ],
    );
    return row;
  }
}
