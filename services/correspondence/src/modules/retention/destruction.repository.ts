import { onlyUuids } from '@smss/db';
import type { DataSource, EntityManager } from 'typeorm';

export interface CommitteeMember {
  name: string;
  position: string;
  role: 'CHAIR' | 'MEMBER' | 'SECRETARY';
}

export interface DestructionList {
  id: string;
  orgCode: string;
  year: number;
  dueOn: string;
  status: 'DRAFT' | 'APPROVED';
  itemCount: number;
  committee: CommitteeMember[];
  approvedOn: string | null;
}

const SELECT = `
  SELECT l.id, l.org_code AS "orgCode", l.year, to_char(l.due_on, 'YYYY-MM-DD') AS "dueOn", l.status, l.committee,
         to_char(l.approved_on, 'YYYY-MM-DD') AS "approvedOn",
         (SELECT count(*)::int FROM register_entry e WHERE e.destruction_list_id = l.id) AS "itemCount"
    FROM destruction_list l`;

export class DestructionRepository {
  constructor(private readonly db: DataSource) {}

  async byIds(ids: readonly string[], manager: EntityManager = this.db.manager): Promise<DestructionList[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    return manager.query(`${SELECT} WHERE l.id = ANY($1::uuid[])`, [valid]);
  }

  async exists(manager: EntityManager, orgCode: string, year: number): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM destruction_list WHERE org_code = $1 AND year = $2`, [
      orgCode,
      year,
    ]);
    return rows.length > 0;
  }

  async insert(
    manager: EntityManager,
    l: { orgCode: string; year: number; dueOn: string; by: string },
  ): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO destruction_list (org_code, year, due_on, status, created_by) VALUES ($1, $2, $3, 'DRAFT', $4) RETURNING id`,
      [l.orgCode, l.year, l.dueOn, l.by],
    );
    return row.id;
  }

  async lock(manager: EntityManager, id: string): Promise<DestructionList | null> {
    if (!onlyUuids([id]).length) return null;
    await manager.query(`SELECT 1 FROM destruction_list WHERE id = $1 FOR UPDATE`, [id]);
    return (await this.byIds([id], manager))[0] ?? null;
  }

  async approve(
    manager: EntityManager,
    id: string,
    committee: CommitteeMember[],
    approvedOn: string,
    by: string,
  ) {
    await manager.query(
      `UPDATE destruction_list SET status = 'APPROVED', committee = $2, approved_on = $3, approved_by = $4 WHERE id = $1`,
      [id, JSON.stringify(committee), approvedOn, by],
    );
  }
}
