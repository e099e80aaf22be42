import { requireViewer, type MaybeViewer } from '@smss/auth';
import { conflict, inputProblems, parseInput } from '@smss/core';
import { hiddenRecord } from '@smss/trust';
import { todayInBangkok } from '@smss/thai';
import { z } from 'zod';
import type { DataSource } from 'typeorm';
import { assertClerkOf, assertHeadOf, assertOrgCode, ownOrg } from '../access/organisations';
import { registerYearOf } from '../registers/numbering';
import type { RegisterRepository } from '../registers/register.repository';
import type { DestructionList, DestructionRepository } from './destruction.repository';
import { destructionListDueOn, MIN_COMMITTEE_MEMBERS, RETENTION_RULES } from './retention.rules';

const THAI = {
  year: 'ปีปฏิทินต้องเป็นปี พ.ศ. เช่น 2569',
  orgCode: 'รหัสหน่วยงานไม่ถูกต้อง',
  committee: `คณะกรรมการต้องมีประธาน 1 คน และกรรมการรวมอย่างน้อย ${MIN_COMMITTEE_MEMBERS} คน ชื่อและตำแหน่งยาว 1–200 ตัวอักษร`,
  approvedOn: 'วันที่อนุมัติต้องอยู่ในรูปแบบ YYYY-MM-DD และไม่เป็นวันในอนาคต',
  id: 'รหัสบัญชีไม่ถูกต้อง',
};
const prepareSchema = z.object({
  orgCode: z
    .string()
    .regex(/^(OBEC|\d{4}|\d{10})$/)
    .nullish(),
  year: z.number().int().min(2400).max(2700),
});
const approveSchema = z.object({
  id: z.uuid(),
  committee: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(200),
        position: z.string().trim().min(1).max(200),
        role: z.enum(['CHAIR', 'MEMBER', 'SECRETARY']),
      }),
    )
    .min(MIN_COMMITTEE_MEMBERS)
    .max(20)
    .refine((c) => c.filter((m) => m.role === 'CHAIR').length === 1, 'exactly one chair'),
  approvedOn: z.iso.date().nullish(),
});

/**
 * Retention and destruction (ระเบียบฯ หมวด 3): the rules as data; once a calendar year has ended, the
 * organisation's register entries whose retention ended by then go on that year's destruction list (due
 * 60 days later); the head records the committee's review and approves it. The paper itself is destroyed
 * outside the system; the approved list is the record of it.
 */
export class RetentionService {
  constructor(
    private readonly db: DataSource,
    private readonly lists: DestructionRepository,
    private readonly registers: RegisterRepository,
    private readonly clock: () => Date,
  ) {}

  rules() {
    return RETENTION_RULES;
  }

  async prepare(viewerOrAnon: MaybeViewer, input: unknown): Promise<DestructionList> {
    const viewer = requireViewer(viewerOrAnon);
    const v = parseInput(prepareSchema, input, THAI);
    const orgCode = v.orgCode ?? ownOrg(viewer);
    assertOrgCode(orgCode);
    assertClerkOf(viewer, orgCode);
    if (v.year >= registerYearOf(this.clock()))
      throw inputProblems([
        {
          field: 'year',
          messageEn: 'the calendar year has not ended yet',
          messageTh: 'ปีปฏิทินนี้ยังไม่สิ้นสุด จึงยังจัดทำบัญชีหนังสือขอทำลายไม่ได้',
        },
      ]);
    const id = await this.db.transaction(async (m) => {
      if (await this.lists.exists(m, orgCode, v.year))
        throw conflict(
          `The destruction list of ${orgCode} for ${v.year} exists already`,
          `มีบัญชีหนังสือขอทำลายของหน่วยงาน ${orgCode} ปี ${v.year} แล้ว`,
        );
      const listId = await this.lists.insert(m, {
        orgCode,
        year: v.year,
        dueOn: destructionListDueOn(v.year),
        by: viewer.subject,
      });
      await this.registers.assignToList(m, listId, await this.registers.expiredUnlisted(m, orgCode, v.year));
      return listId;
    });
    return (await this.lists.byIds([id]))[0]!;
  }

  async approve(viewerOrAnon: MaybeViewer, input: unknown): Promise<DestructionList> {
    const viewer = requireViewer(viewerOrAnon);
    const v = parseInput(approveSchema, input, THAI);
    const approvedOn = v.approvedOn ?? todayInBangkok(this.clock());
    if (approvedOn > todayInBangkok(this.clock()))
      throw inputProblems([
        { field: 'approvedOn', messageEn: 'must not be in the future', messageTh: THAI.approvedOn },
      ]);
    await this.db.transaction(async (m) => {
      const list = await this.lists.lock(m, v.id);
      // Out of reach or unknown: the same answer.
      if (!list || !(viewer.level === 'OBEC' || viewer.orgCode === list.orgCode)) throw hiddenRecord();
      assertHeadOf(viewer, list.orgCode);
      if (list.status !== 'DRAFT')
        throw conflict('The destruction list is approved already', 'บัญชีหนังสือขอทำลายนี้ได้รับอนุมัติแล้ว');
      await this.lists.approve(m, v.id, v.committee, approvedOn, viewer.subject);
    });
    return (await this.lists.byIds([v.id]))[0]!;
  }

  async byId(id: string): Promise<DestructionList | null> {
    return (await this.lists.byIds([id]))[0] ?? null;
  }
}
