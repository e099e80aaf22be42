import type { DataSource } from 'typeorm';
import { onlyUuids } from '@smss/db';

export interface StoredExport {
  id: string;
  requestedBy: string;
  fileName: string;
  contentType: string;
  byteSize: number;
  rowCount: number;
  expiresAt: string;
}

/** Generated reports, kept until their link expires. */
export class ExportRepository {
  constructor(private readonly db: DataSource) {}

  async store(
    f: { requestedBy: string; orgCode: string; fileName: string; contentType: string; content: Buffer; rowCount: number },
    ttlSeconds: number,
  ): Promise<StoredExport> {
    // Housekeeping on the way: expired files go.
    await this.db.query(`DELETE FROM indicator_export WHERE expires_at < now()`);
    const [row] = await this.db.query(
      `INSERT INTO indicator_export (requested_by, org_code, file_name, content_type, content, row_count, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))
       RETURNING id, expires_at AS "expiresAt"`,
      [f.requestedBy, f.orgCode, f.fileName, f.contentType, f.content, f.rowCount, ttlSeconds],
    );
    return {
      id: row.id,
      requestedBy: f.requestedBy,
      fileName: f.fileName,
      contentType: f.contentType,
      byteSize: f.content.length,
      rowCount: f.rowCount,
      expiresAt: row.expiresAt.toISOString(),
    };
  }

  /** The file, if it exists, has not expired and was requested by this subject (otherwise null: all look the same). */
  async fetch(id: string, subject: string): Promise<{ fileName: string; contentType: string; content: Buffer } | null> {
    if (!onlyUuids([id]).length) return null;
    const [row] = await this.db.query(
      `SELECT file_name AS "fileName", content_type AS "contentType", content FROM indicator_export
        WHERE id = $1 AND requested_by = $2 AND expires_at >= now()`,
      [id, subject],
    );
    return row ?? null;
  }
}
