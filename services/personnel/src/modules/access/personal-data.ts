import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { canReadPii, type MaybeViewer } from '@smss/auth';

export type PersonalRecordType = 'StaffMember' | 'LeaveRequest' | 'TeachingLicence';

interface ReadKey {
  recordType: PersonalRecordType;
  recordId: string;
  staffId: string;
  field: string;
}

/**
 * The per-request gate for personal fields (national ID, names, birth date, contacts, salary,
 * licence numbers, leave reasons). Without pii:read the caller gets the masked value. With it,
 * the value is released only after the read is recorded: every field read in one request is
 * written by ONE insert (one row per record, listing its fields), and a failed audit write fails
 * the read (fail closed).
 */
export class PersonalDataGate {
  readonly unmasked: boolean;
  private readonly audit: DataLoader<string, true>;

  constructor(
    private readonly viewer: MaybeViewer,
    dataSource: DataSource,
    requestId: string,
  ) {
    this.unmasked = canReadPii(viewer);
    this.audit = new DataLoader<string, true>(async (keys) => {
      if (!viewer.authenticated) throw new Error('audit without a viewer');
      const byRecord = new Map<string, { key: ReadKey; fields: string[] }>();
      for (const k of keys) {
        const key = JSON.parse(k) as ReadKey;
        const id = `${key.recordType}|${key.recordId}`;
        const entry = byRecord.get(id) ?? { key, fields: [] };
        entry.fields.push(key.field);
        byRecord.set(id, entry);
      }
      const rows = [...byRecord.values()];
      await dataSource.query(
        `INSERT INTO personal_data_read (viewer_subject, viewer_role, viewer_org, record_type, record_id, staff_id, fields, request_id)
         SELECT $1, $2, $3, u.record_type, u.record_id, u.staff_id, string_to_array(u.fields, ','), $4
           FROM unnest($5::text[], $6::uuid[], $7::uuid[], $8::text[]) AS u(record_type, record_id, staff_id, fields)`,
        [
          viewer.subject,
          viewer.role,
          viewer.orgCode,
          requestId || null,
          rows.map((r) => r.key.recordType),
          rows.map((r) => r.key.recordId),
          rows.map((r) => r.key.staffId),
          rows.map((r) => r.fields.sort().join(',')),
        ],
      );
      return keys.map(() => true as const);
    });
  }

  /** The value itself (after auditing the read) with pii:read, else `masked`. */
  async reveal<T>(
    record: { type: PersonalRecordType; id: string; staffId: string },
    field: string,
    value: T,
    masked: T,
  ): Promise<T> {
    if (!this.unmasked) return masked;
    if (value == null) return value;
    await this.audit.load(
      JSON.stringify({ recordType: record.type, recordId: record.id, staffId: record.staffId, field }),
    );
    return value;
  }
}
