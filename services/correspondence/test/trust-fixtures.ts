import { orgLevelOfRole, type Role, type Viewer } from '@smss/auth';
import { M, ok, type CorrespondenceHarness, type TestSchool } from './support';

/** One school's records of every correspondence type, all held by the school, with synthetic personal values. */
export interface World {
  school: TestSchool;
  area: string;
  sentLetterId: string;
  receivedLetterId: string;
  overdueLetterId: string;
  deliveryId: string;
  entryId: string;
  listId: string;
  /** Raw personal values that must never leave masked-out or out of scope. */
  raw: string[];
}

export const asViewer = (role: Role, orgCode: string, subject: string): Viewer => ({
  authenticated: true,
  subject,
  role,
  level: orgLevelOfRole[role],
  orgCode,
  scopes: ['pii:read'],
});

const pdf = Buffer.from('%PDF-1.4\n% world\n%%EOF\n', 'latin1');

/**
 * A school with: a letter it sent (signed, with an attachment), a letter that came on paper (registered,
 * acknowledged, endorsed through a route to a named director), an overdue one, a secret-document registrar
 * and an approved destruction list of last year with its committee.
 */
export async function buildWorld(h: CorrespondenceHarness, tag: string, area: string): Promise<World> {
  const school = await h.addSchool(area);
  await h.configure(area, school.obecCode);
  const clerk = `clerk.${tag}@smss.test`;
  const director = `director.${tag}@smss.test`;
  const registrar = `registrar.${tag}@smss.test`;
  const staff = await h.as('school-staff', school.obecCode, clerk);
  const head = await h.as('school-director', school.obecCode, director);
  const raw = [
    `นายผู้ลงนาม${tag}`,
    clerk,
    director,
    registrar,
    `กรรมการประธาน${tag}`,
    `กรรมการหนึ่ง${tag}`,
    `กรรมการสอง${tag}`,
  ];
  const attachment = ok(
    await h.q(
      `mutation($i: UploadAttachmentInput!) { uploadAttachment(input: $i) { id } }`,
      { i: { fileName: `แนบ${tag}.pdf`, contentBase64: pdf.toString('base64') } },
      staff,
    ),
  ).uploadAttachment.id;
  const sent = ok(
    await h.q(
      M.send,
      {
        i: {
          kind: 'EXTERNAL',
          subject: `หนังสือส่ง${tag}`,
          toText: 'นายอำเภอ',
          signedBy: raw[0],
          signerPosition: 'ผู้อำนวยการ',
          attachmentIds: [attachment],
        },
      },
      staff,
    ),
  ).sendLetter;
  const paper = (subject: string, dueAt?: string) =>
    h.q(
      M.receive,
      {
        i: {
          paper: {
            kind: 'EXTERNAL',
            letterDate: '2026-11-01',
            fromText: 'อำเภอเมือง',
            toText: 'ผู้อำนวยการ',
            subject,
            dueAt,
          },
          action: 'เสนอ ผอ.',
        },
      },
      staff,
    );
  const received = ok(await paper(`หนังสือรับ${tag}`)).receiveLetter;
  const overdue = ok(
    await paper(`หนังสือค้าง${tag}`, new Date(h.clock.now.getTime() - 86_400_000).toISOString()),
  ).receiveLetter;
  const [delivery] = await h.service.dataSource.query(`SELECT id FROM delivery WHERE letter_id = $1`, [
    received.id,
  ]);
  ok(await h.q(M.acknowledge, { i: { deliveryId: delivery.id, note: 'รับทราบ' } }, staff));
  ok(
    await h.q(
      M.endorse,
      { i: { deliveryId: delivery.id, comment: 'เรียน ผอ.', routeTo: { subject: director } } },
      staff,
    ),
  );
  ok(await h.q(M.endorse, { i: { deliveryId: delivery.id, comment: 'ทราบ' } }, head));
  ok(await h.q(M.designate, { i: { orgCode: school.obecCode, subject: registrar } }, head));
  const [entry] = await h.service.dataSource.query(`SELECT id FROM register_entry WHERE letter_id = $1`, [
    sent.id,
  ]);
  const lastYear = new Date(h.clock.now.getTime() + 7 * 3600_000).getUTCFullYear() + 543 - 1;
  const list = ok(
    await h.q(
      `mutation($y: Int!) { prepareDestructionList(input: { year: $y }) { id } }`,
      { y: lastYear },
      staff,
    ),
  ).prepareDestructionList;
  ok(
    await h.q(
      `mutation($i: ApproveDestructionListInput!) { approveDestructionList(input: $i) { id } }`,
      {
        i: {
          id: list.id,
          committee: [
            { name: raw[4], position: 'รองผู้อำนวยการ', role: 'CHAIR' },
            { name: raw[5], position: 'ครู', role: 'MEMBER' },
            { name: raw[6], position: 'ครู', role: 'SECRETARY' },
          ],
        },
      },
      head,
    ),
  );
  return {
    school,
    area,
    sentLetterId: sent.id,
    receivedLetterId: received.id,
    overdueLetterId: overdue.id,
    deliveryId: delivery.id,
    entryId: entry.id,
    listId: list.id,
    raw,
  };
}
