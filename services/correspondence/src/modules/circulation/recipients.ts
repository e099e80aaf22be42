import { forbidden } from '@smss/core';
import { inputProblems } from '@smss/core';
import type { EntityManager } from 'typeorm';
import { OBEC, orgLevelOf } from '../access/organisations';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import type { RecipientsInput } from '../letters/letter.rules';
import type { Recipient } from './delivery.types';

/** At most this many recipients for a secret letter: it goes to named organisations, never to everyone. */
export const MAX_SECRET_RECIPIENTS = 50;

/**
 * Who a letter goes to, resolved against the directory replica: explicit organisations, every area office
 * (OBEC only), every school in the sender's reach (OBEC: nationally; an area office: its own), the schools
 * of chosen area offices. The sender itself is left out; duplicates count once.
 */
export async function resolveRecipients(
  placements: SchoolPlacementRepository,
  senderOrg: string,
  input: RecipientsInput | null | undefined,
  options: { secret: boolean },
  manager?: EntityManager,
): Promise<Recipient[]> {
  if (!input) return [];
  const sender = orgLevelOf(senderOrg);
  const broad = input.allAreaOffices || input.allSchools || (input.schoolsOfAreaOffices?.length ?? 0) > 0;
  if (options.secret && broad)
    throw inputProblems([
      {
        field: 'recipients',
        messageEn: 'a secret letter goes to named organisations, not to every area office or school',
        messageTh: 'หนังสือลับต้องส่งถึงหน่วยงานที่ระบุเท่านั้น ส่งถึงทุกเขตหรือทุกโรงเรียนไม่ได้',
      },
    ]);
  if (input.allAreaOffices && sender !== 'OBEC')
    throw forbidden('Only OBEC circulates to every area office', 'เฉพาะ สพฐ. เท่านั้นที่เวียนหนังสือถึงทุกเขตพื้นที่ได้');
  if (input.allSchools && sender === 'SCHOOL')
    throw forbidden('A school does not circulate to every school', 'โรงเรียนเวียนหนังสือถึงทุกโรงเรียนไม่ได้');
  const areasAsked = input.schoolsOfAreaOffices ?? [];
  if (sender === 'SCHOOL' && areasAsked.length)
    throw forbidden(
      'A school does not circulate to the schools of an area',
      'โรงเรียนเวียนหนังสือถึงโรงเรียนทั้งเขตไม่ได้',
    );
  if (sender === 'AREA' && areasAsked.some((a) => a !== senderOrg))
    throw forbidden(
      'An area office circulates to its own schools only',
      'เขตพื้นที่เวียนหนังสือถึงโรงเรียนในสังกัดของตนเองเท่านั้น',
    );

  const out = new Map<string, Recipient>();
  const add = (r: Recipient) => {
    if (r.orgCode !== senderOrg && !out.has(r.orgCode)) out.set(r.orgCode, r);
  };
  const codes = [...new Set(input.orgCodes ?? [])];
  const schoolCodes = codes.filter((c) => orgLevelOf(c) === 'SCHOOL');
  const areaCodes = codes.filter((c) => orgLevelOf(c) === 'AREA');
  const schools = new Map((await placements.byCodes(schoolCodes, manager)).map((s) => [s.schoolCode, s]));
  const knownAreas = new Set(await placements.areaCodes(areaCodes, manager));
  const unknown = [
    ...schoolCodes.filter((c) => !schools.has(c)),
    ...areaCodes.filter((c) => !knownAreas.has(c)),
  ];
  if (unknown.length)
    throw inputProblems(
      unknown.map((c) => ({
        field: 'recipients.orgCodes',
        messageEn: `${c} is not an organisation of the directory`,
        messageTh: `ไม่พบหน่วยงาน ${c} ในทะเบียนสถานศึกษา`,
      })),
    );
  for (const c of codes) {
    if (c === OBEC) add({ orgCode: OBEC, schoolId: null, areaCode: null });
    else if (orgLevelOf(c) === 'AREA') add({ orgCode: c, schoolId: null, areaCode: c });
    else {
      const s = schools.get(c)!;
      add({ orgCode: c, schoolId: s.schoolId, areaCode: s.areaOfficeCode });
    }
  }
  if (input.allAreaOffices)
    for (const a of await placements.areaCodes(undefined, manager))
      add({ orgCode: a, schoolId: null, areaCode: a });
  if (input.allSchools)
    for (const s of await placements.openSchoolsOf(sender === 'AREA' ? [senderOrg] : null, manager)) add(s);
  if (areasAsked.length) for (const s of await placements.openSchoolsOf(areasAsked, manager)) add(s);
  const list = [...out.values()];
  if (options.secret && list.length > MAX_SECRET_RECIPIENTS)
    throw inputProblems([
      {
        field: 'recipients',
        messageEn: `a secret letter goes to at most ${MAX_SECRET_RECIPIENTS} organisations`,
        messageTh: `หนังสือลับส่งได้ไม่เกิน ${MAX_SECRET_RECIPIENTS} หน่วยงาน`,
      },
    ]);
  return list;
}
