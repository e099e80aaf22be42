import { returnedRows } from '@smss/db';
import type { DataSource, EntityManager } from 'typeorm';

export interface CorrespondenceUnit {
  orgCode: string;
  nameTh: string;
  letterCode: string;
}

export interface SecretRegistrar {
  orgCode: string;
  subject: string;
  designatedAt: string;
}

/** Organisations' correspondence settings and their secret-document registrars. */
export class UnitRepository {
  constructor(private readonly db: DataSource) {}

  async byCodes(
    codes: readonly string[],
    manager: EntityManager = this.db.manager,
  ): Promise<CorrespondenceUnit[]> {
    if (!codes.length) return [];
    return manager.query(
      `SELECT org_code AS "orgCode", name_th AS "nameTh", letter_code AS "letterCode"
         FROM correspondence_unit WHERE org_code = ANY($1::text[])`,
      [codes],
    );
  }

  async upsert(manager: EntityManager, unit: CorrespondenceUnit, by: string): Promise<void> {
    await manager.query(
      `INSERT INTO correspondence_unit (org_code, name_th, letter_code, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (org_code) DO UPDATE SET name_th = EXCLUDED.name_th, letter_code = EXCLUDED.letter_code,
         updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [unit.orgCode, unit.nameTh, unit.letterCode, by],
    );
  }

  async registrars(
    orgCodes: readonly string[],
    manager: EntityManager = this.db.manager,
  ): Promise<SecretRegistrar[]> {
    if (!orgCodes.length) return [];
    const rows: Array<{ orgCode: string; subject: string; designatedAt: Date }> = await manager.query(
      `SELECT org_code AS "orgCode", subject, designated_at AS "designatedAt" FROM secret_registrar
        WHERE org_code = ANY($1::text[]) ORDER BY org_code, designated_at, subject`,
      [orgCodes],
    );
    return rows.map((r) => ({ ...r, designatedAt: r.designatedAt.toISOString() }));
  }

  async designate(manager: EntityManager, orgCode: string, subject: string, by: string): Promise<void> {
    await manager.query(
      `INSERT INTO secret_registrar (org_code, subject, designated_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [orgCode, subject, by],
    );
  }

  async revoke(manager: EntityManager, orgCode: string, subject: string): Promise<boolean> {
    const result = await manager.query(
      `DELETE FROM secret_registrar WHERE org_code = $1 AND subject = $2 RETURNING 1 AS gone`,
      [orgCode, subject],
    );
    return returnedRows(result).length > 0;
  }
}
