import type { DataSource, EntityManager } from 'typeorm';
import type { ChangeEntityType, ChangeRecord, ChangeScope, NewChange } from './change.types';

/** One lock for every writer of `change_log`: positions are then taken in commit order. */
const CHANGE_LOG_LOCK = 7_201_911;

/** SQL of the change feed. */
export class ChangeRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Append source events (inside the consumer's transaction). The transaction lock serialises writers, so
   * a position is only visible once every smaller one is: a reader resuming at a cursor never skips a row.
   * A replayed event (same id) is not appended twice.
   */
  async append(manager: EntityManager, changes: readonly NewChange[]): Promise<number> {
    if (!changes.length) return 0;
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [CHANGE_LOG_LOCK]);
    const rows: unknown[] = await manager.query(
      `INSERT INTO change_log (event_id, entity_type, entity_id, change, school_code, area_office_code, occurred_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
       ON CONFLICT (event_id) DO NOTHING RETURNING position`,
      [
        changes.map((c) => c.eventId),
        changes.map((c) => c.entityType),
        changes.map((c) => c.entityId),
        changes.map((c) => c.change),
        changes.map((c) => c.schoolCode),
        changes.map((c) => c.areaOfficeCode),
        changes.map((c) => c.occurredAt),
      ],
    );
    return rows.length;
  }

  /**
   * Up to `first` rows after `since` that `scope` may read, of `types`, in position order; and the head
   * position at the time of reading (so a page with nothing visible still moves the cursor on).
   */
  async after(
    scope: ChangeScope,
    options: { since: string; types: ChangeEntityType[]; first: number },
  ): Promise<{ rows: ChangeRecord[]; head: string }> {
    if (scope.kind === 'NONE') return { rows: [], head: await this.head() };
    const types =
      scope.kind === 'PLACES' ? options.types.filter((t) => scope.types.includes(t)) : options.types;
    const params: unknown[] = [options.since, types, options.first];
    let where = '';
    if (scope.kind === 'PLACES') {
      params.push(scope.areaOfficeCodes, scope.schoolCodes);
      where = `AND (area_office_code = ANY($4::text[]) OR school_code = ANY($5::text[]))`;
    }
    // The head is read first: a row committed after it is not on this page but gets a higher position.
    const head = await this.head();
    params.push(head);
    const rows: ChangeRecord[] = await this.db.query(
      `SELECT position::text AS position, entity_type AS "entityType", entity_id AS "entityId", change,
              school_code AS "schoolCode", area_office_code AS "areaOfficeCode",
              to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt"
         FROM change_log
        WHERE position > $1::bigint AND position <= $${params.length}::bigint AND entity_type = ANY($2::text[]) ${where}
        ORDER BY change_log.position LIMIT $3`,
      params,
    );
    return { rows, head };
  }

  /** The highest position recorded so far ("0" for an empty feed). */
  async head(manager: EntityManager = this.db.manager): Promise<string> {
    const [row]: Array<{ head: string }> = await manager.query(
      `SELECT coalesce(max(position), 0)::text AS head FROM change_log`,
    );
    return row?.head ?? '0';
  }
}
