import type { VisibilityFilter } from '@smss/auth';
import { onlyUuids } from '@smss/db';
import { replicaVisibilitySql } from '@smss/events';
import type { DataSource, EntityManager } from 'typeorm';
import type { New__Record__, __Record__ } from './__record_kebab__.types';

interface __Record__Row {
  id: string;
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  title: string;
  responsiblePerson: string;
  recordedOn: string;
  version: number;
  createdAt: Date;
}

/** The one mapper: which columns leave the service, and in what shape. */
const to__Record__ = (row: __Record__Row): __Record__ => ({
  id: row.id,
  schoolId: row.schoolId,
  schoolCode: row.schoolCode,
  areaOfficeCode: row.areaOfficeCode,
  title: row.title,
  responsiblePerson: row.responsiblePerson,
  recordedOn: row.recordedOn,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
});

// Every read joins the directory replica: the owner (school and area office codes) comes with the row.
const SELECT = `
  SELECT r.id, r.school_id AS "schoolId", d.obec_code AS "schoolCode", d.area_office_code AS "areaOfficeCode",
         r.title, r.responsible_person AS "responsiblePerson", to_char(r.recorded_on, 'YYYY-MM-DD') AS "recordedOn",
         r.version, r.created_at AS "createdAt"
    FROM __record_snake__ r
    JOIN directory_school_replica d ON d.school_id = r.school_id`;

/** SQL for __record_snake__; every lookup takes many keys, so a loader turns N parents into one statement. */
export class __Record__Repository {
  constructor(private readonly db: DataSource) {}

  async byIds(ids: readonly string[]): Promise<__Record__[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    const rows: __Record__Row[] = await this.db.query(`${SELECT} WHERE r.id = ANY($1::uuid[])`, [valid]);
    return rows.map(to__Record__);
  }

  /** A page of what `scope` may see, newest first, optionally of one school, with the total count. */
  async page(
    scope: VisibilityFilter,
    options: { schoolId?: string | null; limit: number; offset: number },
  ): Promise<{ rows: __Record__[]; total: number }> {
    if (scope.kind === 'NONE') return { rows: [], total: 0 };
    const where = replicaVisibilitySql(scope, 2);
    const filter = `WHERE ($1::uuid IS NULL OR r.school_id = $1) AND ${where.sql}`;
    const params = [options.schoolId ?? null, ...where.params];
    const n = params.length;
    const [rows, [count]] = await Promise.all([
      this.db.query(`${SELECT} ${filter} ORDER BY r.created_at DESC, r.id LIMIT $${n + 1} OFFSET $${n + 2}`, [
        ...params,
        options.limit,
        options.offset,
      ]) as Promise<__Record__Row[]>,
      this.db.query(
        `SELECT count(*)::int AS total FROM __record_snake__ r JOIN directory_school_replica d ON d.school_id = r.school_id ${filter}`,
        params,
      ) as Promise<Array<{ total: number }>>,
    ]);
    return { rows: rows.map(to__Record__), total: count?.total ?? 0 };
  }

  /** Insert inside the caller's transaction (the service writes the outbox event in the same one). */
  async insert(manager: EntityManager, record: New__Record__): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO __record_snake__ (school_id, title, responsible_person, recorded_on, created_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [record.schoolId, record.title, record.responsiblePerson, record.recordedOn, record.createdBy],
    );
    return row!.id;
  }

  async byIdIn(manager: EntityManager, id: string): Promise<__Record__ | null> {
    const rows: __Record__Row[] = await manager.query(`${SELECT} WHERE r.id = $1`, [id]);
    return rows[0] ? to__Record__(rows[0]) : null;
  }
}
