import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { MaybeViewer } from '@smss/auth';

export interface PiiRead {
  recordType: string;
  recordId: string;
  fields: string[];
}

/**
 * Every read of personal data (a person payee's name and tax ID) writes an audit row: who, role,
 * organisation, which record, which fields, when. Reads within one request are written with one
 * INSERT; the resolver waits for it, so no personal data leaves without its audit row.
 */
export function createPiiAudit(db: DataSource, viewer: MaybeViewer, requestId: string) {
  const loader = new DataLoader<PiiRead, true, string>(
    async (reads) => {
      if (!viewer.authenticated) return reads.map(() => true as const);
      await db.query(
        `INSERT INTO pii_access_log (viewer_subject, viewer_role, viewer_org, record_type, record_id, fields, request_id)
         SELECT $1, $2, $3, u.record_type, u.record_id, string_to_array(u.fields, ','), $4
           FROM unnest($5::text[], $6::text[], $7::text[]) AS u(record_type, record_id, fields)`,
        [
          viewer.subject,
          viewer.role,
          viewer.orgCode,
          requestId || null,
          reads.map((r) => r.recordType),
          reads.map((r) => r.recordId),
          reads.map((r) => r.fields.join(',')),
        ],
      );
      return reads.map(() => true as const);
    },
    { cacheKeyFn: (r) => `${r.recordType}:${r.recordId}:${r.fields.join(',')}` },
  );
  return { record: (read: PiiRead) => loader.load(read) };
}

export type PiiAudit = ReturnType<typeof createPiiAudit>;
