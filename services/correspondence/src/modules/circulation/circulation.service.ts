import { requireViewer, type MaybeViewer, type Viewer } from '@smss/auth';
import { forbidden, inputProblems } from '@smss/core';
import { enqueueEvent, LetterAcknowledged } from '@smss/events';
import { hiddenRecord } from '@smss/trust';
import type { EntityManager } from 'typeorm';
import { actingOrg, isClerkOf } from '../access/organisations';
import type { LetterDeps } from '../letters/letter.service';
import { LetterService } from '../letters/letter.service';
import { parseAcknowledge, parseEndorse, parseForward, parseReceive } from '../letters/letter.rules';
import type { Letter } from '../letters/letter.types';
import { registerYearOf } from '../registers/numbering';
import { dispatch } from './dispatch';
import type { Delivery } from './delivery.types';
import { resolveRecipients } from './recipients';

/**
 * What recipients do with a circulated letter: register it (ลงรับ), acknowledge it (AMSS++
 * book_sendto_answer), forward it, endorse it (เกษียนหนังสือ). Each is one transaction on the locked
 * delivery row. A delivery the viewer may not see answers like an unknown one (NOT_FOUND); one it may
 * see but not act on is FORBIDDEN; a secret letter is handled only by those cleared for it.
 */
export class CirculationService {
  private readonly letters: LetterService;

  constructor(private readonly d: LetterDeps) {
    this.letters = new LetterService(d);
  }

  /** The locked delivery, if the viewer may see it (the trust layer's rule: to or from its reach). */
  private async openDelivery(manager: EntityManager, viewer: Viewer, id: string): Promise<Delivery> {
    const delivery = await this.d.deliveries.lock(manager, id);
    if (!delivery) throw hiddenRecord();
    if (!(await this.d.deliveries.visibleIds(viewer, [id], manager)).has(id)) throw hiddenRecord();
    return delivery;
  }

  /** The viewer acts for the recipient organisation, and is cleared when the letter is secret. */
  private async assertRecipientClerk(viewer: Viewer, delivery: Delivery): Promise<void> {
    if (!isClerkOf(viewer, delivery.recipientOrg))
      throw forbidden(
        'Only the staff of the organisation it was sent to may do this',
        'เฉพาะเจ้าหน้าที่ของหน่วยงานผู้รับเท่านั้นที่ดำเนินการนี้ได้',
      );
    await this.assertCleared(viewer, delivery);
  }

  private async assertCleared(viewer: Viewer, delivery: Delivery): Promise<void> {
    if (delivery.secrecy === 'NORMAL') return;
    if (!(await this.d.letters.clearedIds(viewer, [delivery.letterId])).has(delivery.letterId))
      throw forbidden(
        'A secret letter is handled only by the people named on it and the secret-document registrar',
        'หนังสือลับดำเนินการได้เฉพาะผู้ที่ระบุชื่อและนายทะเบียนเอกสารลับเท่านั้น',
      );
  }

  /** Register in the recipient's receive register once (a second call keeps the first number). */
  private async registerReceipt(
    manager: EntityManager,
    viewer: Viewer,
    delivery: Delivery,
    now: Date,
    extra: { action?: string | null; remarks?: string | null } = {},
  ): Promise<void> {
    if (delivery.receiveRegisterNumber != null) return;
    await this.d.registers.register(manager, {
      orgCode: delivery.recipientOrg,
      kind: 'RECEIVE',
      year: registerYearOf(now),
      letterId: delivery.letterId,
      deliveryId: delivery.id,
      at: now,
      by: viewer.subject,
      action: extra.action,
      remarks: extra.remarks,
    });
    await this.d.deliveries.markReceived(manager, delivery.id, now);
  }

  private async letterIn(manager: EntityManager, id: string): Promise<Letter> {
    return (await this.d.letters.byIds([id], manager))[0]!;
  }

  /** receiveLetter: a circulated one (deliveryId) or one that came on paper (paper). */
  async receive(viewerOrAnon: MaybeViewer, input: unknown): Promise<Letter> {
    const viewer = requireViewer(viewerOrAnon);
    const v = parseReceive(input);
    if (v.paper) return this.letters.receivePaper(viewer, v.paper, { action: v.action, remarks: v.remarks });
    const now = this.d.clock();
    return this.d.db.transaction(async (manager) => {
      const delivery = await this.openDelivery(manager, viewer, v.deliveryId!);
      await this.assertRecipientClerk(viewer, delivery);
      await this.registerReceipt(manager, viewer, delivery, now, v);
      return this.letterIn(manager, delivery.letterId);
    });
  }

  /** acknowledgeLetter: registers it first when it was not; a second acknowledgement changes nothing. */
  async acknowledge(viewerOrAnon: MaybeViewer, input: unknown, requestId: string): Promise<Letter> {
    const viewer = requireViewer(viewerOrAnon);
    const v = parseAcknowledge(input);
    const now = this.d.clock();
    return this.d.db.transaction(async (manager) => {
      const delivery = await this.openDelivery(manager, viewer, v.deliveryId);
      await this.assertRecipientClerk(viewer, delivery);
      if (!delivery.acknowledgedAt) {
        await this.registerReceipt(manager, viewer, delivery, now);
        await this.d.deliveries.markAcknowledged(manager, delivery.id, now, viewer.subject, v.note);
        await enqueueEvent(
          manager,
          LetterAcknowledged,
          delivery.letterId,
          {
            letterId: delivery.letterId,
            deliveryId: delivery.id,
            recipientOrgCode: delivery.recipientOrg,
            recipientAreaOfficeCode: delivery.recipientArea,
            acknowledgedAt: now.toISOString(),
            late: !!delivery.dueAt && Date.parse(delivery.dueAt) < now.getTime(),
          },
          requestId ? { correlationId: requestId, occurredAt: now } : { occurredAt: now },
        );
      }
      return this.letterIn(manager, delivery.letterId);
    });
  }

  /** forwardLetter: an organisation passes a letter it received on (an area office to its schools). */
  async forward(viewerOrAnon: MaybeViewer, input: unknown, requestId: string): Promise<Letter> {
    const viewer = requireViewer(viewerOrAnon);
    const v = parseForward(input);
    const now = this.d.clock();
    if (v.dueAt && Date.parse(v.dueAt) <= now.getTime())
      throw inputProblems([
        { field: 'dueAt', messageEn: 'must be in the future', messageTh: 'กำหนดเวลาต้องอยู่ในอนาคต' },
      ]);
    return this.d.db.transaction(async (manager) => {
      const delivery = await this.openDelivery(manager, viewer, v.deliveryId);
      await this.assertRecipientClerk(viewer, delivery);
      const secret = delivery.secrecy !== 'NORMAL';
      const recipients = await resolveRecipients(
        this.d.placements,
        delivery.recipientOrg,
        v.recipients,
        { secret },
        manager,
      );
      if (!recipients.length)
        throw inputProblems([
          { field: 'recipients', messageEn: 'no recipient', messageTh: 'ต้องระบุผู้รับอย่างน้อยหนึ่งหน่วยงาน' },
        ]);
      if (secret) {
        const have = new Set(
          (
            await this.d.units.registrars(
              recipients.map((r) => r.orgCode),
              manager,
            )
          ).map((r) => r.orgCode),
        );
        const missing = recipients.filter((r) => !have.has(r.orgCode)).map((r) => r.orgCode);
        if (missing.length)
          throw inputProblems([
            {
              field: 'recipients',
              messageEn: `no secret-document registrar at ${missing.join(', ')}`,
              messageTh: `ยังไม่มีนายทะเบียนเอกสารลับที่ ${missing.join(', ')}`,
            },
          ]);
      }
      await this.registerReceipt(manager, viewer, delivery, now);
      await dispatch(this.d, manager, {
        letterId: delivery.letterId,
        senderOrg: delivery.recipientOrg,
        recipients,
        urgency: delivery.urgency,
        secrecy: delivery.secrecy,
        dueAt: v.dueAt ?? delivery.dueAt,
        at: now,
        parentId: delivery.id,
        correlationId: requestId || undefined,
      });
      return this.letterIn(manager, delivery.letterId);
    });
  }

  /**
   * endorseLetter: the assignee of the open step writes their comment and closes it; with no open step
   * the organisation's clerk starts the route with a note. `routeTo` opens the next step (a secret letter
   * only to a named person, who is then cleared for it).
   */
  async endorse(viewerOrAnon: MaybeViewer, input: unknown): Promise<Letter> {
    const viewer = requireViewer(viewerOrAnon);
    const v = parseEndorse(input);
    const now = this.d.clock();
    return this.d.db.transaction(async (manager) => {
      const delivery = await this.openDelivery(manager, viewer, v.deliveryId);
      if (actingOrg(viewer) !== delivery.recipientOrg && viewer.level !== 'OBEC')
        throw forbidden(
          'Only the recipient organisation endorses its copy',
          'เฉพาะหน่วยงานผู้รับเท่านั้นที่เกษียนหนังสือฉบับนี้ได้',
        );
      await this.assertCleared(viewer, delivery);
      const { open, last } = await this.d.deliveries.openStep(manager, delivery.id);
      if (open) {
        const mine = open.assignedTo
          ? open.assignedTo === viewer.subject
          : open.assignedRole === viewer.role && actingOrg(viewer) === delivery.recipientOrg;
        if (!mine) throw forbidden('This step is assigned to someone else', 'ขั้นการเกษียนนี้มอบหมายให้ผู้อื่น');
        await this.d.deliveries.closeStep(manager, open.id, v.comment, viewer.subject, now);
      } else {
        if (!isClerkOf(viewer, delivery.recipientOrg))
          throw forbidden(
            'Only the staff of the organisation start an endorsement',
            'เฉพาะเจ้าหน้าที่ของหน่วยงานเท่านั้นที่เริ่มการเกษียนหนังสือได้',
          );
        await this.registerReceipt(manager, viewer, delivery, now);
        await this.d.deliveries.addStep(manager, {
          deliveryId: delivery.id,
          step: last + 1,
          role: viewer.role,
          subject: viewer.subject,
          status: 'DONE',
          comment: v.comment,
          by: viewer.subject,
          at: now,
        });
      }
      if (v.routeTo) {
        if (delivery.secrecy !== 'NORMAL' && !v.routeTo.subject)
          throw inputProblems([
            {
              field: 'routeTo',
              messageEn: 'a secret letter is routed to a named person',
              messageTh: 'หนังสือลับต้องส่งเกษียนถึงผู้ใช้ที่ระบุชื่อ',
            },
          ]);
        const step = (await this.d.deliveries.openStep(manager, delivery.id)).last + 1;
        await this.d.deliveries.addStep(manager, {
          deliveryId: delivery.id,
          step,
          role: v.routeTo.role ?? null,
          subject: v.routeTo.subject ?? null,
          status: 'PENDING',
          by: viewer.subject,
          at: now,
        });
        if (v.routeTo.subject && delivery.secrecy !== 'NORMAL')
          await this.d.letters.addNamedPersons(manager, delivery.letterId, [v.routeTo.subject]);
      }
      return this.letterIn(manager, delivery.letterId);
    });
  }
}
