import { z } from 'zod';
import type { MaybeViewer } from '@smss/auth';
import { notFound, parseInput } from '@smss/core';
import { seesOrganisation } from '../../trust';
import { ORG_CODE } from '../access/organisation';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import { assertCanReport } from '../results/result.rules';
import type { EvidenceRecord, EvidenceRepository } from './evidence.repository';
import { decodeBase64, evidenceKind } from './evidence.rules';

const uploadSchema = z.object({
  orgCode: z.string().regex(ORG_CODE),
  fileName: z.string().min(1).max(200),
});

/** Evidence files: uploaded by the organisation's reporters, read by whoever may see its results. */
export class EvidenceService {
  constructor(
    private readonly repo: EvidenceRepository,
    private readonly placements: SchoolPlacementRepository,
  ) {}

  async uploadBase64(viewer: MaybeViewer, input: { orgCode?: unknown; fileName?: unknown; contentBase64?: unknown }) {
    const content = typeof input.contentBase64 === 'string' ? decodeBase64(input.contentBase64) : Buffer.alloc(0);
    return this.upload(viewer, { orgCode: input.orgCode, fileName: input.fileName, content });
  }

  async upload(
    viewer: MaybeViewer,
    input: { orgCode: unknown; fileName: unknown; content: Buffer },
  ): Promise<EvidenceRecord> {
    const v = parseInput(uploadSchema, { orgCode: input.orgCode, fileName: input.fileName }, {
      orgCode: 'รหัสหน่วยงานต้องเป็น OBEC รหัสเขตพื้นที่ 4 หลัก หรือรหัสโรงเรียน 10 หลัก',
      fileName: 'ชื่อไฟล์ต้องยาว 1–200 ตัวอักษร',
    });
    const [org] = await this.placements.organisations([v.orgCode]);
    if (!org) throw notFound('Organisation', 'หน่วยงาน', v.orgCode);
    const uploader = assertCanReport(viewer, org);
    const kind = evidenceKind(v.fileName, input.content);
    return this.repo.insert(org, { ...kind, content: input.content }, uploader.subject);
  }

  /** The file, for a viewer who may see its organisation's results; unknown and out of scope look the same. */
  async download(viewer: MaybeViewer, id: string): Promise<{ record: EvidenceRecord; content: Buffer }> {
    const file = await this.repo.content(id);
    if (!file || !seesOrganisation(viewer, 'EvidenceFile', { level: file.record.orgLevel, ...file.record }))
      throw notFound('Evidence file', 'ไฟล์หลักฐาน', id);
    return file;
  }
}
