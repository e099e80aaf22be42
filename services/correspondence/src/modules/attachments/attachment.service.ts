import { requireViewer, type MaybeViewer } from '@smss/auth';
import { inputProblems } from '@smss/core';
import type { DataSource } from 'typeorm';
import { assertClerkOf, assertOrgCode, ownOrg } from '../access/organisations';
import type { Attachment, AttachmentRepository } from './attachment.repository';
import type { BlobStore } from './blob-store';

/** Default largest attachment: 10 MB (the gateway's upload route takes up to 20 MB). */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * PDF attachments: checked (a real PDF header, a size limit, a .pdf name), stored outside the database in
 * the blob store under their SHA-256, recorded as a row of the uploading organisation until sendLetter
 * links them to its letter.
 */
export class AttachmentService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: AttachmentRepository,
    private readonly store: BlobStore,
    private readonly maxBytes = DEFAULT_MAX_ATTACHMENT_BYTES,
  ) {}

  async upload(
    viewerOrAnon: MaybeViewer,
    input: { orgCode?: string | null; fileName: string; content: Buffer },
  ): Promise<Attachment> {
    const viewer = requireViewer(viewerOrAnon);
    const orgCode = input.orgCode ?? ownOrg(viewer);
    assertOrgCode(orgCode);
    assertClerkOf(viewer, orgCode);
    const fileName = input.fileName.trim();
    const problems = [];
    // The shared input guard already refuses control characters; no path separators here.
    if (!/^[^/\\]{1,196}\.pdf$/i.test(fileName))
      problems.push({
        field: 'fileName',
        messageEn: 'must be a file name ending in .pdf (at most 200 characters)',
        messageTh: 'ชื่อไฟล์ต้องลงท้ายด้วย .pdf และยาวไม่เกิน 200 ตัวอักษร',
      });
    if (!input.content.length)
      problems.push({ field: 'content', messageEn: 'the file is empty', messageTh: 'ไฟล์ว่างเปล่า' });
    else if (input.content.length > this.maxBytes)
      problems.push({
        field: 'content',
        messageEn: `the file is larger than ${this.maxBytes} bytes`,
        messageTh: `ไฟล์มีขนาดเกิน ${(this.maxBytes / 1024 / 1024).toLocaleString('th-TH')} MB`,
      });
    else if (input.content.subarray(0, 5).toString('latin1') !== '%PDF-')
      problems.push({ field: 'content', messageEn: 'not a PDF file', messageTh: 'ไฟล์ไม่ใช่ PDF' });
    if (problems.length) throw inputProblems(problems);
    const sha256 = await this.store.put(input.content);
    const id = await this.db.transaction((m) =>
      this.repo.insert(m, {
        ownerOrg: orgCode,
        fileName,
        contentType: 'application/pdf',
        byteSize: input.content.length,
        sha256,
        uploadedBy: viewer.subject,
      }),
    );
    return (await this.repo.byIds([id]))[0]!;
  }

  /** The bytes, checked against the recorded SHA-256. */
  async content(a: Attachment): Promise<Buffer> {
    return this.store.get(a.sha256);
  }
}
