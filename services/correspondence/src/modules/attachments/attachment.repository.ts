import { onlyUuids, returnedRows } from '@smss/db';
import type { DataSource, EntityManager } from 'typeorm';

export interface Attachment {
  id: string;
  ownerOrg: string;
  letterId: string | null;
  fileName: string;
  contentType: string;
  byteSize: number;
  sha256: string;
  uploadedAt: string;
}

const SELECT = `SELECT id, owner_org AS "ownerOrg", letter_id AS "letterId", file_name AS "fileName",
                       content_type AS "contentType", byte_size AS "byteSize", sha256, uploaded_at AS "uploadedAt"
                  FROM attachment`;
type Row = Omit<Attachment, 'uploadedAt'> & { uploadedAt: Date };
const toAttachment = (r: Row): Attachment => ({ ...r, uploadedAt: r.uploadedAt.toISOString() });

export class AttachmentRepository {
  constructor(private readonly db: DataSource) {}

  async byIds(ids: readonly string[]): Promise<Attachment[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    return ((await this.db.query(`${SELECT} WHERE id = ANY($1::uuid[])`, [valid])) as Row[]).map(
      toAttachment,
    );
  }

  async ofLetters(letterIds: readonly string[]): Promise<Attachment[]> {
    const valid = onlyUuids(letterIds);
    if (!valid.length) return [];
    return (
      (await this.db.query(`${SELECT} WHERE letter_id = ANY($1::uuid[]) ORDER BY uploaded_at, id`, [
        valid,
      ])) as Row[]
    ).map(toAttachment);
  }

  async insert(
    manager: EntityManager,
    a: Omit<Attachment, 'id' | 'uploadedAt' | 'letterId'> & { uploadedBy: string },
  ): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO attachment (owner_org, file_name, content_type, byte_size, sha256, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [a.ownerOrg, a.fileName, a.contentType, a.byteSize, a.sha256, a.uploadedBy],
    );
    return row.id;
  }

  /** Link uploads of `ownerOrg` not yet on a letter; returns how many were linked. */
  async link(
    manager: EntityManager,
    letterId: string,
    ownerOrg: string,
    ids: readonly string[],
  ): Promise<number> {
    const valid = onlyUuids(ids);
    if (!valid.length) return 0;
    const result = await manager.query(
      `UPDATE attachment SET letter_id = $1 WHERE id = ANY($2::uuid[]) AND owner_org = $3 AND letter_id IS NULL RETURNING id`,
      [letterId, valid, ownerOrg],
    );
    return returnedRows(result).length;
  }
}
