import { onlyUuids } from '@smss/db';
import type { DataSource, EntityManager } from 'typeorm';
import type {
  Agreement,
  AgreementAction,
  AgreementChange,
  AgreementTerms,
  RegisteredOperation,
} from './agreement.types';

type AgreementRow = Omit<Agreement, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date };

const toAgreement = (r: AgreementRow): Agreement => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const SELECT = `
  SELECT id, partner_code AS "partnerCode", name_th AS "nameTh", name_en AS "nameEn",
         area_office_codes AS "areaOfficeCodes", school_codes AS "schoolCodes", include, purposes,
         to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo",
         status, revoked_reason AS "revokedReason", key_version AS "keyVersion", version,
         created_at AS "createdAt", updated_at AS "updatedAt"
    FROM partner_agreement`;

/** The terms' columns after the partner code, in the order both writes list them. */
const termsParams = (t: AgreementTerms): unknown[] => [
  t.nameTh,
  t.nameEn,
  t.areaOfficeCodes,
  t.schoolCodes,
  JSON.stringify(t.include),
  t.purposes,
  t.validFrom,
  t.validTo,
];

/** SQL of partner agreements, their registered operations and their history. */
export class AgreementRepository {
  constructor(private readonly db: DataSource) {}

  async list(options: { partnerCode?: string; includeRevoked: boolean }): Promise<Agreement[]> {
    const rows: AgreementRow[] = await this.db.query(
      `${SELECT} WHERE ($1::text IS NULL OR partner_code = $1) AND ($2 OR status = 'ACTIVE')
        ORDER BY created_at DESC, id`,
      [options.partnerCode ?? null, options.includeRevoked],
    );
    return rows.map(toAgreement);
  }

  async byId(id: string): Promise<Agreement | null> {
    if (!onlyUuids([id]).length) return null;
    const rows: AgreementRow[] = await this.db.query(`${SELECT} WHERE id = $1`, [id]);
    return rows[0] ? toAgreement(rows[0]) : null;
  }

  async byCode(
    partnerCode: string,
    manager: EntityManager = this.db.manager,
    lock = false,
  ): Promise<Agreement | null> {
    const rows: AgreementRow[] = await manager.query(
      `${SELECT} WHERE partner_code = $1${lock ? ' FOR UPDATE' : ''}`,
      [partnerCode],
    );
    return rows[0] ? toAgreement(rows[0]) : null;
  }

  async insert(manager: EntityManager, terms: AgreementTerms, createdBy: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO partner_agreement (partner_code, name_th, name_en, area_office_codes, school_codes, include,
                                      purposes, valid_from, valid_to, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (partner_code) DO NOTHING RETURNING id`,
      [terms.partnerCode, ...termsParams(terms), createdBy],
    );
    return rows[0]?.id ?? null;
  }

  async replaceTerms(manager: EntityManager, id: string, terms: AgreementTerms): Promise<void> {
    await manager.query(
      `UPDATE partner_agreement SET name_th = $2, name_en = $3, area_office_codes = $4, school_codes = $5,
              include = $6, purposes = $7, valid_from = $8, valid_to = $9, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id, ...termsParams(terms)],
    );
  }

  async revoke(manager: EntityManager, id: string, reason: string): Promise<void> {
    await manager.query(
      `UPDATE partner_agreement SET status = 'REVOKED', revoked_reason = $2, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id, reason],
    );
  }

  async rotateKey(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE partner_agreement SET key_version = key_version + 1, version = version + 1, updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  async bumpVersion(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE partner_agreement SET version = version + 1, updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** Register (or rename) an operation; true when it was new. */
  async upsertOperation(
    manager: EntityManager,
    agreementId: string,
    op: { name: string; sha256: string; document: string },
    by: string,
  ): Promise<boolean> {
    const rows: Array<{ inserted: boolean }> = await manager.query(
      `INSERT INTO partner_operation (agreement_id, sha256, name, document, registered_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (agreement_id, sha256) DO UPDATE SET name = EXCLUDED.name
       RETURNING (xmax = 0) AS inserted`,
      [agreementId, op.sha256, op.name, op.document, by],
    );
    return !!rows[0]?.inserted;
  }

  async removeOperation(manager: EntityManager, agreementId: string, sha256: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `DELETE FROM partner_operation WHERE agreement_id = $1 AND sha256 = $2 RETURNING sha256`,
      [agreementId, sha256],
    );
    return rows.length > 0;
  }

  /** Registered operations of many agreements (one statement for a loader). */
  async operationsOf(agreementIds: readonly string[]): Promise<Map<string, RegisteredOperation[]>> {
    const rows: Array<RegisteredOperation & { agreementId: string; at: Date }> = await this.db.query(
      `SELECT agreement_id AS "agreementId", name, sha256, document, registered_at AS at
         FROM partner_operation WHERE agreement_id = ANY($1::uuid[]) ORDER BY registered_at, sha256`,
      [agreementIds],
    );
    const out = new Map<string, RegisteredOperation[]>();
    for (const r of rows) {
      const list = out.get(r.agreementId) ?? [];
      list.push({ name: r.name, sha256: r.sha256, document: r.document, registeredAt: r.at.toISOString() });
      out.set(r.agreementId, list);
    }
    return out;
  }

  async recordChange(
    manager: EntityManager,
    agreementId: string,
    change: { action: AgreementAction; by: string; requestId: string; after: unknown },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO partner_agreement_change (agreement_id, action, changed_by, request_id, after)
       VALUES ($1, $2, $3, NULLIF($4, ''), $5)`,
      [agreementId, change.action, change.by, change.requestId, JSON.stringify(change.after)],
    );
  }

  async historyOf(agreementIds: readonly string[]): Promise<Map<string, AgreementChange[]>> {
    const rows: Array<{
      agreementId: string;
      action: AgreementChange['action'];
      by: string;
      at: Date;
      after: unknown;
      requestId: string | null;
    }> = await this.db.query(
      `SELECT agreement_id AS "agreementId", action, changed_by AS by, at, after, request_id AS "requestId"
           FROM partner_agreement_change WHERE agreement_id = ANY($1::uuid[]) ORDER BY id`,
      [agreementIds],
    );
    const out = new Map<string, AgreementChange[]>();
    for (const r of rows) {
      const list = out.get(r.agreementId) ?? [];
      list.push({
        action: r.action,
        by: r.by,
        at: r.at.toISOString(),
        after: JSON.stringify(r.after),
        requestId: r.requestId,
      });
      out.set(r.agreementId, list);
    }
    return out;
  }

  /** Which of these area office / school codes the directory replica does not know. */
  async unknownPlaces(
    areaOfficeCodes: string[],
    schoolCodes: string[],
  ): Promise<{ areas: string[]; schools: string[] }> {
    const [row]: Array<{ areas: string[]; schools: string[] }> = await this.db.query(
      `SELECT
         ARRAY(SELECT a FROM unnest($1::text[]) a
                WHERE NOT EXISTS (SELECT 1 FROM directory_school_replica d WHERE d.area_office_code = a)) AS areas,
         ARRAY(SELECT s FROM unnest($2::text[]) s
                WHERE NOT EXISTS (SELECT 1 FROM directory_school_replica d WHERE d.obec_code = s)) AS schools`,
      [areaOfficeCodes, schoolCodes],
    );
    return row ?? { areas: [], schools: [] };
  }
}
