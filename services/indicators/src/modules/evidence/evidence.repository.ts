import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { onlyUuids } from '@smss/db';
import type { Organisation, OrgLevel } from '../access/organisation';

/** An evidence file's description (its bytes stay in the database until downloaded). */
export interface EvidenceRecord {
  id: string;
  orgLevel: OrgLevel;
  orgCode: string;
  areaOfficeCode: string | null;
  schoolCode: string | null;
  fileName: string;
  contentType: string;
  byteSize: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

const SELECT = `SELECT id, org_level AS "orgLevel", org_code AS "orgCode", area_office_code AS "areaOfficeCode",
                       school_code AS "schoolCode", file_name AS "fileName", content_type AS "contentType",
                       byte_size AS "byteSize", sha256, uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"
                  FROM evidence_file`;

const toEvidence = (r: Omit<EvidenceRecord, 'uploadedAt'> & { uploadedAt: Date }): EvidenceRecord => ({
  ...r,
  uploadedAt: r.uploadedAt.toISOString(),
});

export class EvidenceRepository {
  constructor(private readonly db: DataSource) {}

  async byIds(ids: readonly string[], manager: EntityManager = this.db.manager): Promise<EvidenceRecord[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    const rows = await manager.query(`${SELECT} WHERE id = ANY($1::uuid[])`, [valid]);
    return rows.map(toEvidence);
  }

  async insert(
    org: Organisation,
    file: { fileName: string; contentType: string; content: Buffer },
    by: string,
  ): Promise<EvidenceRecord> {
    const sha256 = createHash('sha256').update(file.content).digest('hex');
    const [row] = await this.db.query(
      `INSERT INTO evidence_file (org_level, org_code, area_office_code, school_code, file_name, content_type,
                                  byte_size, sha256, content, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        org.level,
        org.code,
        org.areaOfficeCode,
        org.schoolCode,
        file.fileName,
        file.contentType,
        file.content.length,
        sha256,
        file.content,
        by,
      ],
    );
    return (await this.byIds([row.id]))[0]!;
  }

  async content(id: string): Promise<{ record: EvidenceRecord; content: Buffer } | null> {
    if (!onlyUuids([id]).length) return null;
    const [row] = await this.db.query(
      `${SELECT.replace('FROM evidence_file', ', content FROM evidence_file')} WHERE id = $1`,
      [id],
    );
    if (!row) return null;
    const { content, ...rest } = row;
    return { record: toEvidence(rest), content };
  }
}
