import type { DataSource } from 'typeorm';
import type { ApolloServerPlugin } from '@apollo/server';
import type { MaybeViewer } from '@smss/auth';

/**
 * Collects, per request, which personal fields of which students were read, and writes them to
 * `pii_access_log` (who, role, organisation, request, student, fields, masked or not) before the
 * response leaves — one INSERT per request.
 */
export class PiiAuditLog {
  private readonly reads = new Map<string, Set<string>>();

  record(studentId: string, field: string): void {
    let fields = this.reads.get(studentId);
    if (!fields) this.reads.set(studentId, (fields = new Set()));
    fields.add(field);
  }

  async flush(db: DataSource, viewer: MaybeViewer, requestId: string, unmasked: boolean): Promise<void> {
    if (!this.reads.size || !viewer.authenticated) return;
    const entries = [...this.reads.entries()];
    this.reads.clear();
    await db.query(
      `INSERT INTO pii_access_log (subject, role, org_code, request_id, student_id, fields, unmasked)
       SELECT $1, $2, $3, $4, u.student_id, string_to_array(u.fields, ','), $5
         FROM unnest($6::uuid[], $7::text[]) AS u(student_id, fields)`,
      [
        viewer.subject,
        viewer.role,
        viewer.orgCode,
        requestId,
        unmasked,
        entries.map((e) => e[0]),
        entries.map((e) => [...e[1]].join(',')),
      ],
    );
  }
}

export interface AuditedContext {
  audit: PiiAuditLog;
  viewer: MaybeViewer;
  requestId: string;
  dataSource: DataSource;
  unmasked: boolean;
}

/** Flushes the request's audit entries before the response is sent. */
export const piiAuditPlugin = <C extends AuditedContext>(): ApolloServerPlugin<C> => ({
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue }) {
        await contextValue.audit.flush(
          contextValue.dataSource,
          contextValue.viewer,
          contextValue.requestId,
          contextValue.unmasked,
        );
      },
    };
  },
});
