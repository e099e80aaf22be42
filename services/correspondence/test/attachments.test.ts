import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gatewayHeaders } from '@smss/testing';
import { codeOf, M, ok, startCorrespondence, type CorrespondenceHarness, type TestSchool } from './support';

let h: CorrespondenceHarness;
let school: TestSchool;
let other: TestSchool;
const pdf = (text: string) =>
  Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`, 'latin1');
const UPLOAD = `mutation($i: UploadAttachmentInput!) { uploadAttachment(input: $i) { id fileName contentType byteSize sha256 } }`;

beforeAll(async () => {
  h = await startCorrespondence({ maxAttachmentBytes: 64 * 1024 });
  school = await h.addSchool('9901');
  other = await h.addSchool('9902');
  await h.configure('9901', '9902', school.obecCode, other.obecCode);
});
afterAll(() => h?.stop());

/** The route the gateway forwards `POST /upload/correspondence` to. */
async function uploadRoute(token: string, fileName: string, body: Buffer) {
  const url = h.service.url.replace(
    /\/graphql$/,
    `/upload/correspondence?fileName=${encodeURIComponent(fileName)}`,
  );
  const headers = {
    ...(await gatewayHeaders('correspondence', { token })),
    'content-type': 'application/pdf',
  };
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as any };
}

const filesIn = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) =>
    statSync(path.join(dir, f)).isDirectory() ? filesIn(path.join(dir, f)) : [path.join(dir, f)],
  );

describe('attachments', () => {
  it('stores a PDF outside the database under its SHA-256 and gives it back intact on the letter', async () => {
    const staff = await h.as('school-staff', school.obecCode);
    const bytes = pdf('หนังสือแนบ');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const viaRoute = await uploadRoute(staff, 'แนบ 1.pdf', bytes);
    expect(viaRoute).toMatchObject({
      status: 200,
      body: { fileName: 'แนบ 1.pdf', byteSize: bytes.length, sha256: sha },
    });
    const viaGraphQL = ok(
      await h.q(
        UPLOAD,
        { i: { fileName: 'แนบ 2.pdf', contentBase64: pdf('second').toString('base64') } },
        staff,
      ),
    ).uploadAttachment;
    const sent = ok(
      await h.q(
        M.send,
        {
          i: {
            kind: 'EXTERNAL',
            subject: 'ส่งเอกสารประกอบ',
            recipients: { orgCodes: ['9901'] },
            attachmentIds: [viaRoute.body.id, viaGraphQL.id],
          },
        },
        staff,
      ),
    ).sendLetter;
    const files = ok(
      await h.q(
        `query($id: ID!) { letter(id: $id) { attachments { fileName sha256 byteSize contentBase64 } } }`,
        { id: sent.id },
        await h.as('area-officer', '9901'),
      ),
    ).letter.attachments;
    expect(files.map((f: any) => f.fileName).sort()).toEqual(['แนบ 1.pdf', 'แนบ 2.pdf']);
    const first = files.find((f: any) => f.fileName === 'แนบ 1.pdf');
    expect(Buffer.from(first.contentBase64, 'base64').equals(bytes)).toBe(true);
    // The row holds no content; the file sits in the attachment directory, named by its hash.
    const columns = await h.service.dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'attachment'`,
    );
    expect(columns.map((c: any) => c.column_name)).not.toContain('content');
    expect(filesIn(h.attachmentDir).map((f) => path.basename(f))).toContain(sha);
    // Another organisation neither sees the letter nor its attachments.
    const outside = await h.q(
      `query($id: ID!) { letter(id: $id) { attachments { contentBase64 } } }`,
      { id: sent.id },
      await h.as('area-officer', '9902'),
    );
    expect(outside.data.letter).toBeNull();
  });

  it('refuses what is not a PDF, a file over the limit, a name without .pdf, and someone else’s upload', async () => {
    const staff = await h.as('school-staff', school.obecCode);
    const notPdf = await uploadRoute(staff, 'a.pdf', Buffer.from('GIF89a...'));
    expect(notPdf.status).toBe(400);
    expect(notPdf.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(notPdf.body.errors[0].extensions.messageTh).toMatch(/ไม่ใช่ PDF/);
    const big = await h.q(
      UPLOAD,
      {
        i: {
          fileName: 'big.pdf',
          contentBase64: Buffer.concat([pdf('x'), Buffer.alloc(70 * 1024)]).toString('base64'),
        },
      },
      staff,
    );
    expect(big.errors?.[0]?.extensions?.messageTh).toMatch(/ขนาดเกิน/);
    expect(
      codeOf(
        await h.q(UPLOAD, { i: { fileName: 'a.exe', contentBase64: pdf('x').toString('base64') } }, staff),
      ),
    ).toBe('BAD_USER_INPUT');
    const mine = ok(
      await h.q(
        UPLOAD,
        { i: { fileName: 'mine.pdf', contentBase64: pdf('mine').toString('base64') } },
        staff,
      ),
    ).uploadAttachment;
    const thief = await h.q(
      M.send,
      { i: { kind: 'EXTERNAL', subject: 'ขโมยไฟล์', toText: 'x', attachmentIds: [mine.id] } },
      await h.as('school-staff', other.obecCode),
    );
    expect(codeOf(thief)).toBe('BAD_USER_INPUT');
    expect((await uploadRoute(await h.as('obec-analyst', 'OBEC'), 'a.pdf', pdf('x'))).status).toBe(403);
  });

  it('refuses to serve a file whose bytes no longer match their SHA-256', async () => {
    const staff = await h.as('school-staff', school.obecCode);
    const up = ok(
      await h.q(
        UPLOAD,
        { i: { fileName: 'damaged.pdf', contentBase64: pdf('to be damaged').toString('base64') } },
        staff,
      ),
    ).uploadAttachment;
    const sent = ok(
      await h.q(
        M.send,
        { i: { kind: 'EXTERNAL', subject: 'ไฟล์เสียหาย', toText: 'x', attachmentIds: [up.id] } },
        staff,
      ),
    ).sendLetter;
    const file = filesIn(h.attachmentDir).find((f) => path.basename(f) === up.sha256)!;
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from('tampered')]));
    const res = await h.q(
      `query($id: ID!) { letter(id: $id) { attachments { contentBase64 } } }`,
      { id: sent.id },
      staff,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(res)).not.toContain('tampered');
  });
});
