import type { MaybeViewer } from '@smss/auth';
import { onlyUuids } from '@smss/db';
import type { DataSource, EntityManager } from 'typeorm';
import { orgScopeSql, Params } from '../access/sql-scope';
import type { RegisterKind } from './numbering';
import type { RegisterEntry } from './register.types';

interface EntryRow extends Omit<RegisterEntry, 'registeredAt'> {
  registeredAt: Date;
}
const toEntry = (r: EntryRow): RegisterEntry => ({ ...r, registeredAt: r.registeredAt.toISOString() });

const SELECT = `
  SELECT e.id, e.org_code AS "orgCode", e.kind, e.year, e.number, e.registered_at AS "registeredAt",
         e.letter_id AS "letterId", e.delivery_id AS "deliveryId", l.document_number AS "documentNumber",
         to_char(l.letter_date, 'YYYY-MM-DD') AS "letterDate", l.secrecy, l.urgency, l.from_text AS "fromText",
         l.to_text AS "toText", l.subject, e.action, e.remarks, l.retention_code AS "retentionClass",
         rr.years AS "retentionYears", e.destruction_list_id AS "destructionListId"
    FROM register_entry e
    JOIN letter l ON l.id = e.letter_id
    JOIN retention_rule rr ON rr.code = l.retention_code`;

/**
 * Registers: numbers are taken from a counter row in the caller's transaction. The row lock orders
 * concurrent writers of one register (they queue; none gets the same number) and a rollback returns the
 * number with everything else, so the register stays gapless; the unique key is the last wall.
 */
export class RegisterRepository {
  constructor(private readonly db: DataSource) {}

  async nextNumber(
    manager: EntityManager,
    orgCode: string,
    kind: RegisterKind,
    year: number,
  ): Promise<number> {
    const [row]: Array<{ n: number }> = await manager.query(
      `INSERT INTO register_counter (org_code, kind, year, last_number) VALUES ($1, $2, $3, 1)
       ON CONFLICT (org_code, kind, year) DO UPDATE SET last_number = register_counter.last_number + 1
       RETURNING last_number AS n`,
      [orgCode, kind, year],
    );
    return row!.n;
  }

  /** Take the next number of a register and write the entry, in the caller's transaction. */
  async register(
    manager: EntityManager,
    e: {
      orgCode: string;
      kind: RegisterKind;
      year: number;
      letterId: string;
      deliveryId?: string | null;
      at: Date;
      by: string;
      action?: string | null;
      remarks?: string | null;
    },
  ): Promise<{ id: string; number: number }> {
    const number = await this.nextNumber(manager, e.orgCode, e.kind, e.year);
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO register_entry (org_code, kind, year, number, registered_at, letter_id, delivery_id, action, remarks, registered_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`,
      [
        e.orgCode,
        e.kind,
        e.year,
        number,
        e.at,
        e.letterId,
        e.deliveryId ?? null,
        e.action ?? null,
        e.remarks ?? null,
        e.by,
      ],
    );
    return { id: row!.id, number };
  }

  async byIds(ids: readonly string[]): Promise<RegisterEntry[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    const rows: EntryRow[] = await this.db.query(`${SELECT} WHERE e.id = ANY($1::uuid[])`, [valid]);
    return rows.map(toEntry);
  }

  /** Entries of these letters in registers the viewer may see. */
  async ofLetters(viewer: MaybeViewer, letterIds: readonly string[]): Promise<RegisterEntry[]> {
    const valid = onlyUuids(letterIds);
    if (!valid.length) return [];
    const p = new Params([valid]);
    const rows: EntryRow[] = await this.db.query(
      `${SELECT} WHERE e.letter_id = ANY($1::uuid[]) AND ${orgScopeSql(viewer, p, 'e.org_code')} ORDER BY e.registered_at, e.id`,
      p.values,
    );
    return rows.map(toEntry);
  }

  /** One register of one year, in number order (`all`: no page, for exports). */
  async page(
    viewer: MaybeViewer,
    q: { orgCode: string; kind: RegisterKind; year: number } | { destructionListId: string },
    page: { limit: number; offset: number } | 'all',
  ): Promise<{ rows: RegisterEntry[]; total: number }> {
    const p = new Params();
    const where = [orgScopeSql(viewer, p, 'e.org_code')];
    if ('destructionListId' in q) where.push(`e.destruction_list_id = ${p.add(q.destructionListId)}::uuid`);
    else
      where.push(
        `e.org_code = ${p.add(q.orgCode)}`,
        `e.kind = ${p.add(q.kind)}`,
        `e.year = ${p.add(q.year)}`,
      );
    const filter = where.join(' AND ');
    const whereValues = [...p.values];
    const paging = page === 'all' ? '' : `LIMIT ${p.add(page.limit)} OFFSET ${p.add(page.offset)}`;
    const [rows, [total]] = await Promise.all([
      this.db.query(
        `${SELECT} WHERE ${filter} ORDER BY e.year, e.kind, e.number ${paging}`,
        p.values,
      ) as Promise<EntryRow[]>,
      this.db.query(
        `SELECT count(*)::int AS n FROM register_entry e WHERE ${filter}`,
        whereValues,
      ) as Promise<Array<{ n: number }>>,
    ]);
    return { rows: rows.map(toEntry), total: total?.n ?? 0 };
  }

  /** For each letter: its number in the given organisation's registers (send first, then receive). */
  async numbersFor(orgCode: string, letterIds: readonly string[]): Promise<Map<string, number>> {
    const valid = onlyUuids(letterIds);
    if (!valid.length) return new Map();
    const rows: Array<{ letterId: string; number: number }> = await this.db.query(
      `SELECT DISTINCT ON (letter_id) letter_id AS "letterId", number FROM register_entry
        WHERE org_code = $1 AND letter_id = ANY($2::uuid[]) ORDER BY letter_id, (kind = 'RECEIVE'), registered_at`,
      [orgCode, valid],
    );
    return new Map(rows.map((r) => [r.letterId, r.number]));
  }

  /** Entries of an organisation whose retention ends by the end of `year` and that no list holds yet. */
  async expiredUnlisted(manager: EntityManager, orgCode: string, year: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT e.id FROM register_entry e JOIN letter l ON l.id = e.letter_id JOIN retention_rule rr ON rr.code = l.retention_code
        WHERE e.org_code = $1 AND rr.years IS NOT NULL AND e.year + rr.years <= $2 AND e.destruction_list_id IS NULL
        ORDER BY e.year, e.kind, e.number`,
      [orgCode, year],
    );
    return rows.map((r) => r.id);
  }

  async assignToList(manager: EntityManager, listId: string, entryIds: readonly string[]): Promise<void> {
    await manager.query(`UPDATE register_entry SET destruction_list_id = $1 WHERE id = ANY($2::uuid[])`, [
      listId,
      entryIds,
    ]);
  }
}
