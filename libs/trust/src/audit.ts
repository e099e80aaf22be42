import DataLoader from 'dataloader';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { MaybeViewer } from '@smss/auth';

/** Runs one SQL statement on the service's own database (a DataSource's `query`). */
export type SqlRunner = (sql: string, params: unknown[]) => Promise<unknown>;

export interface AuditEntry {
  recordType: string;
  /** The record's id; null for a lookup that found nothing (the lookup is audited all the same). */
  recordId: string | null;
  /** The field read (`nationalId`, `disadvantage.poverty`) or `lookup:<key>` for a search by a personal key. */
  field: string;
}

/**
 * The one personal-data audit. Every unmasked personal or sensitive value the trust layer releases is
 * recorded first: the reads of one tick of execution are written by ONE insert, one row per record with
 * its fields; the value is released only after the insert committed (fail closed: no audit row, no
 * data). Masked values are not audited. The request id is the gateway's own.
 */
export class PersonalDataAudit {
  private readonly loader: DataLoader<AuditEntry, true, string>;

  constructor(
    private readonly viewer: MaybeViewer,
    requestId: string,
    run: SqlRunner,
  ) {
    this.loader = new DataLoader<AuditEntry, true, string>(
      async (entries) => {
        if (!viewer.authenticated) throw new Error('personal data read without a viewer');
        const byRecord = new Map<string, { type: string; id: string | null; fields: Set<string> }>();
        for (const e of entries) {
          const key = `${e.recordType}\u0000${e.recordId ?? ''}`;
          const row = byRecord.get(key) ?? { type: e.recordType, id: e.recordId, fields: new Set<string>() };
          row.fields.add(e.field);
          byRecord.set(key, row);
        }
        const rows = [...byRecord.values()];
        await run(
          `INSERT INTO personal_data_access (request_id, subject, role, org_code, record_type, record_id, fields)
           SELECT $1, $2, $3, $4, u.record_type, u.record_id, string_to_array(u.fields, ',')
             FROM unnest($5::text[], $6::text[], $7::text[]) AS u(record_type, record_id, fields)`,
          [
            requestId || null,
            viewer.subject,
            viewer.role,
            viewer.orgCode,
            rows.map((r) => r.type),
            rows.map((r) => r.id),
            rows.map((r) => [...r.fields].sort().join(',')),
          ],
        );
        return entries.map(() => true as const);
      },
      { cacheKeyFn: (e) => `${e.recordType}\u0000${e.recordId ?? ''}\u0000${e.field}` },
    );
  }

  /** Resolves once the read is on record; rejects (and the value must not be released) if it cannot be. */
  record(entry: AuditEntry): Promise<true> {
    return this.loader.load(entry);
  }

  /** A search by a personal key (national ID, tax ID): audited whether or not it found a record. */
  lookup(recordType: string, key: string, recordId: string | null): Promise<true> {
    return this.record({ recordType, recordId, field: `lookup:${key}` });
  }

  get viewerSubject(): string | undefined {
    return this.viewer.authenticated ? this.viewer.subject : undefined;
  }
}

/**
 * The audit table, the same in every service's database. `bootService` runs this migration for every
 * subgraph (it is part of the trust layer, not of a service).
 */
export class CreatePersonalDataAccess1764547200000 implements MigrationInterface {
  name = 'CreatePersonalDataAccess1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS personal_data_access (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        request_id text,
        subject text NOT NULL,
        role text NOT NULL,
        org_code text NOT NULL,
        record_type text NOT NULL,
        record_id text,
        fields text[] NOT NULL
      )`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS personal_data_access_record ON personal_data_access (record_type, record_id, at)`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS personal_data_access_subject ON personal_data_access (subject, at)`);
    await q.query(
      `COMMENT ON TABLE personal_data_access IS 'Every unmasked read of personal or sensitive data (PDPA accountability): who, role, organisation, gateway request id, record, fields. บันทึกการเข้าถึงข้อมูลส่วนบุคคล'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS personal_data_access`);
  }
}

export const TRUST_MIGRATIONS = [CreatePersonalDataAccess1764547200000];
