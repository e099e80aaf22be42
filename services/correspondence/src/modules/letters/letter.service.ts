import { requireViewer, type MaybeViewer, type Viewer } from '@smss/auth';
import { conflict, inputProblems, notFound } from '@smss/core';
import { toConnection, toPage, type Connection, type PageArgs } from '@smss/service-kit';
import { isoDateInput, todayInBangkok } from '@smss/thai';
import type { DataSource, EntityManager } from 'typeorm';
import { assertClerkOf, assertOrgCode, OBEC, orgLevelOf, ownOrg } from '../access/organisations';
import type { AttachmentRepository } from '../attachments/attachment.repository';
import { dispatch } from '../circulation/dispatch';
import type { Recipient } from '../circulation/delivery.types';
import type { DeliveryRepository } from '../circulation/delivery.repository';
import { resolveRecipients } from '../circulation/recipients';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import type { NotificationRepository } from '../notifications/notification.repository';
import { documentNumberOf, outgoingRegisterOf, registerYearOf } from '../registers/numbering';
import type { RegisterRepository } from '../registers/register.repository';
import { DEFAULT_RETENTION } from '../retention/retention.rules';
import type { UnitRepository } from '../units/unit.repository';
import type { LetterRepository } from './letter.repository';
import { parsePaperLetter, parseSendLetter, THAI_MESSAGES, type PaperLetter } from './letter.rules';
import type { Letter, LetterFilter } from './letter.types';

export interface LetterDeps {
  db: DataSource;
  letters: LetterRepository;
  registers: RegisterRepository;
  deliveries: DeliveryRepository;
  units: UnitRepository;
  placements: SchoolPlacementRepository;
  attachments: AttachmentRepository;
  notifications: NotificationRepository;
  clock: () => Date;
}

const OBEC_NAME = 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน';

/** Names of organisations as printed on documents: the unit's own name, the school's, or a default. */
export async function orgNames(deps: Pick<LetterDeps, 'units' | 'placements'>, codes: readonly string[]) {
  const units = new Map((await deps.units.byCodes(codes)).map((u) => [u.orgCode, u.nameTh]));
  const schools = new Map((await deps.placements.byCodes(codes)).map((s) => [s.schoolCode, s.nameTh]));
  return new Map(
    codes.map((c) => [
      c,
      units.get(c) ?? schools.get(c) ?? (c === OBEC ? OBEC_NAME : `สำนักงานเขตพื้นที่การศึกษา ${c}`),
    ]),
  );
}

/** Issuing and recording letters: validation and authorisation here, SQL in the repositories, one transaction per write. */
export class LetterService {
  constructor(private readonly d: LetterDeps) {}

  private today(): string {
    return todayInBangkok(this.d.clock());
  }

  private async retention(code: string | null | undefined): Promise<string> {
    const chosen = code ?? DEFAULT_RETENTION;
    if (!(await this.d.letters.retentionRule(chosen)))
      throw inputProblems([
        {
          field: 'retentionClass',
          messageEn: `unknown retention class ${chosen}`,
          messageTh: THAI_MESSAGES.retentionClass!,
        },
      ]);
    return chosen;
  }

  /** Secret letters go only to organisations with a secret-document registrar to receive them. */
  private async assertRegistrarsAt(recipients: readonly Recipient[]): Promise<void> {
    const codes = recipients.map((r) => r.orgCode);
    const have = new Set((await this.d.units.registrars(codes)).map((r) => r.orgCode));
    const missing = codes.filter((c) => !have.has(c));
    if (missing.length)
      throw conflict(
        `A secret letter needs a secret-document registrar at every recipient; none at ${missing.join(', ')}`,
        `หนังสือลับต้องมีนายทะเบียนเอกสารลับที่หน่วยงานผู้รับทุกแห่ง ยังไม่มีที่ ${missing.join(', ')}`,
        { organisations: missing },
      );
  }

  /**
   * sendLetter: number the letter in the sender's register and circulate it, in one transaction (the
   * letter, its register entry, every delivery, its events and notifications commit together). ลับที่สุด
   * goes on paper only: it is numbered and registered, but nothing of it travels electronically.
   */
  async send(viewerOrAnon: MaybeViewer, input: unknown, requestId: string): Promise<Letter> {
    const viewer = requireViewer(viewerOrAnon);
    const now = this.d.clock();
    const v = parseSendLetter(input, this.today(), now);
    const senderOrg = ownOrg(viewer);
    assertClerkOf(viewer, senderOrg);
    const [unit] = await this.d.units.byCodes([senderOrg]);
    if (!unit)
      throw conflict(
        `Set the letter code of ${senderOrg} first (configureCorrespondenceUnit)`,
        `ยังไม่ได้กำหนดรหัสตัวพยัญชนะและเลขประจำของหน่วยงาน ${senderOrg} (configureCorrespondenceUnit)`,
      );
    const retentionClass = await this.retention(v.retentionClass);
    const secret = v.secrecy !== 'NORMAL';
    if (
      v.secrecy === 'TOP_SECRET' &&
      (v.recipients?.orgCodes?.length ||
        v.recipients?.allAreaOffices ||
        v.recipients?.allSchools ||
        v.recipients?.schoolsOfAreaOffices?.length)
    )
      throw inputProblems([
        {
          field: 'recipients',
          messageEn:
            'a TOP_SECRET letter is never sent electronically (Correspondence Regulation as amended B.E. 2564): record it and send it on paper',
          messageTh: 'หนังสือลับที่สุดห้ามส่งทางระบบสารบรรณอิเล็กทรอนิกส์ ให้ลงทะเบียนและส่งเป็นเอกสารเท่านั้น',
        },
      ]);
    const recipients = await resolveRecipients(this.d.placements, senderOrg, v.recipients, { secret });
    if (secret && recipients.length) await this.assertRegistrarsAt(recipients);
    const names = await orgNames(this.d, [senderOrg, ...recipients.slice(0, 3).map((r) => r.orgCode)]);
    const toText =
      v.toText ??
      (recipients.length === 0
        ? null
        : recipients.length <= 3
          ? recipients.map((r) => names.get(r.orgCode)).join(', ')
          : `หน่วยงานผู้รับ ${recipients.length.toLocaleString('th-TH')} แห่ง`);
    if (!toText)
      throw inputProblems([
        {
          field: 'toText',
          messageEn: 'give toText or recipients',
          messageTh: 'ต้องระบุ "เรียน/ถึง" หรือผู้รับในระบบ',
        },
      ]);
    const register = outgoingRegisterOf(v);
    const year = registerYearOf(now);
    return this.d.db.transaction(async (manager) => {
      const id = await this.d.letters.insert(manager, {
        holderOrg: senderOrg,
        external: false,
        kind: v.kind,
        form: v.form ?? null,
        documentNumber: null,
        letterDate: v.letterDate,
        subject: v.subject,
        fromText: v.fromText ?? names.get(senderOrg)!,
        toText,
        reference: v.reference,
        enclosures: v.enclosures,
        body: v.body,
        signedBy: v.signedBy,
        signerPosition: v.signerPosition,
        urgency: v.urgency,
        dueAt: v.dueAt ?? null,
        secrecy: v.secrecy,
        channel: v.secrecy === 'TOP_SECRET' || !recipients.length ? 'PAPER' : 'ELECTRONIC',
        circular: v.circular,
        retentionClass,
        createdBy: viewer.subject,
        createdAt: now,
      });
      const entry = await this.d.registers.register(manager, {
        orgCode: senderOrg,
        kind: register,
        year,
        letterId: id,
        at: now,
        by: viewer.subject,
      });
      await this.d.letters.setDocumentNumber(
        manager,
        id,
        documentNumberOf(register, unit.letterCode, entry.number, year),
      );
      if (secret)
        await this.d.letters.addNamedPersons(manager, id, [viewer.subject, ...(v.namedRecipients ?? [])]);
      if (v.attachmentIds?.length) {
        const linked = await this.d.attachments.link(manager, id, senderOrg, v.attachmentIds);
        if (linked !== new Set(v.attachmentIds).size)
          throw inputProblems([
            {
              field: 'attachmentIds',
              messageEn: 'an attachment is unknown, another organisation’s, or already on a letter',
              messageTh: 'ไม่พบไฟล์แนบ หรือไฟล์แนบเป็นของหน่วยงานอื่น หรือถูกใช้กับหนังสือฉบับอื่นแล้ว',
            },
          ]);
      }
      if (recipients.length)
        await dispatch(this.d, manager, {
          letterId: id,
          senderOrg,
          recipients,
          urgency: v.urgency,
          secrecy: v.secrecy,
          dueAt: v.dueAt ?? null,
          at: now,
          correlationId: requestId || undefined,
        });
      return (await this.d.letters.byIds([id], manager))[0]!;
    });
  }

  /**
   * A letter that arrived on paper: recorded as the receiving organisation's, with a paper delivery to it
   * and its receive-register entry.
   */
  async receivePaper(
    viewer: Viewer,
    paperInput: unknown,
    extra: { action: string | null; remarks: string | null },
  ): Promise<Letter> {
    const now = this.d.clock();
    const p: PaperLetter = parsePaperLetter(paperInput, this.today(), now);
    const org = ownOrg(viewer);
    assertClerkOf(viewer, org);
    const retentionClass = await this.retention(p.retentionClass);
    const placement = orgLevelOf(org) === 'SCHOOL' ? (await this.d.placements.byCodes([org]))[0] : undefined;
    return this.d.db.transaction(async (manager: EntityManager) => {
      const id = await this.d.letters.insert(manager, {
        holderOrg: org,
        external: true,
        kind: p.kind,
        form: p.form ?? null,
        documentNumber: p.documentNumber,
        letterDate: p.letterDate,
        subject: p.subject,
        fromText: p.fromText,
        toText: p.toText,
        reference: null,
        enclosures: null,
        body: null,
        signedBy: null,
        signerPosition: null,
        urgency: p.urgency,
        dueAt: p.dueAt ?? null,
        secrecy: p.secrecy,
        channel: 'PAPER',
        circular: false,
        retentionClass,
        createdBy: viewer.subject,
        createdAt: now,
      });
      if (p.secrecy !== 'NORMAL')
        await this.d.letters.addNamedPersons(manager, id, [viewer.subject, ...(p.namedRecipients ?? [])]);
      const [delivery] = await this.d.deliveries.insertMany(
        manager,
        id,
        org,
        [
          {
            orgCode: org,
            schoolId: placement?.schoolId ?? null,
            areaCode: orgLevelOf(org) === 'AREA' ? org : (placement?.areaOfficeCode ?? null),
          },
        ],
        { channel: 'PAPER', sentAt: now, dueAt: p.dueAt ?? null, parentId: null },
      );
      await this.d.registers.register(manager, {
        orgCode: org,
        kind: 'RECEIVE',
        year: registerYearOf(now),
        letterId: id,
        deliveryId: delivery!.id,
        at: now,
        by: viewer.subject,
        action: extra.action,
        remarks: extra.remarks,
      });
      await this.d.deliveries.markReceived(manager, delivery!.id, now);
      return (await this.d.letters.byIds([id], manager))[0]!;
    });
  }

  /** What the viewer may see (filtered in SQL), newest first or best match first; the trust layer checks each again. */
  async page(
    viewer: MaybeViewer,
    filter: LetterFilter | null | undefined,
    args: PageArgs,
  ): Promise<Connection<Letter>> {
    const page = toPage(args);
    const f = filter ?? {};
    if (f.holderOrgCode) assertOrgCode(f.holderOrgCode, 'filter.holderOrgCode');
    if (f.search != null && f.search.trim().length < 2)
      throw inputProblems([
        {
          field: 'filter.search',
          messageEn: 'needs at least 2 characters',
          messageTh: 'คำค้นต้องยาวอย่างน้อย 2 ตัวอักษร',
        },
      ]);
    // A real C.E. calendar date (not only its shape: "0000-00-00" or 2026-02-30 would reach the database).
    for (const k of ['from', 'to'] as const)
      if (f[k] && !isoDateInput.safeParse(f[k]).success)
        throw inputProblems([
          {
            field: `filter.${k}`,
            messageEn: 'must be a real C.E. date, YYYY-MM-DD (2026-06-15)',
            messageTh: 'วันที่ต้องเป็นวันที่ที่มีอยู่จริงแบบ ค.ศ. ในรูปแบบ YYYY-MM-DD (2026-06-15)',
          },
        ]);
    const { rows, total } = await this.d.letters.page(viewer, { ...f, search: f.search?.trim() }, page);
    return toConnection(rows, page, total);
  }

  async byId(id: string): Promise<Letter | null> {
    return (await this.d.letters.byIds([id]))[0] ?? null;
  }

  notFound(id: string) {
    return notFound('Letter', 'หนังสือ', id);
  }
}
