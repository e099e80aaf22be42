import { eventually, gql, tokenFor } from '@smss/testing';
import { startPlatform, type Platform } from './platform';

/**
 * Correspondence through the gateway with every subgraph composed (real HTTP, NATS, PostgreSQL): OBEC
 * circulates to every area office, an office forwards to its schools, a school finds the letter in its
 * inbox next to the directory's fields of the school, acknowledges it, and the war-room rollup counts it;
 * access across schools and areas; 100 clerks numbering at the same instant.
 */
let p: Platform;
let admin: string;
let schoolA: { id: string; obecCode: string };
let schoolB: { id: string; obecCode: string };

const via = (query: string, variables: Record<string, unknown>, token: string) =>
  gql(p.gatewayUrl, query, variables, { token, asGateway: false });
const ok = (res: Awaited<ReturnType<typeof via>>) => {
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
};
const SEND = `mutation($i: SendLetterInput!) { sendLetter(input: $i) { id documentNumber registerNumber } }`;

beforeAll(async () => {
  p = await startPlatform();
  admin = await tokenFor('obec-admin', 'OBEC');
  const first = async (area: string) =>
    ok(
      await via(
        `query($a: String) { schools(first: 1, filter: { areaOfficeCode: $a, status: OPEN }) { edges { node { id obecCode } } } }`,
        { a: area },
        admin,
      ),
    ).schools.edges[0].node;
  schoolA = await first('1601');
  schoolB = await first('1602');
  // The correspondence replica learns the directory from events.
  const [{ n: expected }] = await p.services.schools!.dataSource.query(
    `SELECT count(*)::int AS n FROM school`,
  );
  await eventually(async () => {
    const [{ n }] = await p.services.correspondence!.dataSource.query(
      `SELECT count(*)::int AS n FROM directory_school_replica`,
    );
    return n === expected;
  }, 60_000);
  for (const [orgCode, letterCode] of [
    ['OBEC', 'ศธ 04'],
    ['1601', 'ศธ 04055'],
    ['1602', 'ศธ 04056'],
    [schoolA.obecCode, 'ศธ 04055.1'],
  ])
    ok(
      await via(
        `mutation($i: ConfigureUnitInput!) { configureCorrespondenceUnit(input: $i) { orgCode } }`,
        { i: { orgCode, letterCode, nameTh: `หน่วยงาน ${orgCode}` } },
        admin,
      ),
    );
}, 180_000);
// Stopping drains every relay and consumer: give it time on a busy machine.
afterAll(() => p?.stop(), 180_000);

describe('correspondence through the gateway', () => {
  it('circulates from OBEC through an area office to its schools and tracks receipt and acknowledgement', async () => {
    const due = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const circular = ok(
      await via(
        SEND,
        {
          i: {
            kind: 'EXTERNAL',
            subject: 'ขอความร่วมมือรายงานผลการจัดการเรียนการสอน',
            circular: true,
            urgency: 'URGENT',
            dueAt: due,
            recipients: { allAreaOffices: true },
          },
        },
        admin,
      ),
    ).sendLetter;
    expect(circular.documentNumber).toBe(`ศธ 04/ว ${circular.registerNumber}`);
    const officer = await tokenFor('area-officer', '1601');
    const areaInbox = ok(
      await via(
        `{ areaOffices(provinceCode: "16") { code inbox(first: 5) { edges { node { id letter { id } } } } } }`,
        {},
        officer,
      ),
    ).areaOffices.find((a: any) => a.code === '1601');
    const toArea = areaInbox.inbox.edges.find((e: any) => e.node.letter?.id === circular.id).node.id;
    const fwd = ok(
      await via(
        `mutation($i: ForwardLetterInput!) { forwardLetter(input: $i) { circulationSummary { recipients } } }`,
        { i: { deliveryId: toArea, recipients: { allSchools: true } } },
        officer,
      ),
    ).forwardLetter;
    const [{ n: schoolsOf1601 }] = await p.services.correspondence!.dataSource.query(
      `SELECT count(*)::int AS n FROM directory_school_replica WHERE area_office_code = '1601' AND status = 'OPEN'`,
    );
    expect(fwd.circulationSummary.recipients).toBe(3 + schoolsOf1601);
    // The school in one query: the directory's name (schools subgraph) and its inbox (correspondence).
    const staff = await tokenFor('school-staff', schoolA.obecCode);
    const school = ok(
      await via(
        `query($c: String!) { school(obecCode: $c) { nameTh inbox(first: 5) { totalCount edges { node { id status dueAt letter { subject documentNumber urgency } } } } } }`,
        { c: schoolA.obecCode },
        staff,
      ),
    ).school;
    expect(school.nameTh).toMatch(/[\u0E00-\u0E7F]/);
    const delivery = school.inbox.edges[0].node;
    expect(delivery).toMatchObject({
      status: 'SENT',
      letter: { subject: 'ขอความร่วมมือรายงานผลการจัดการเรียนการสอน', urgency: 'URGENT' },
    });
    const acked = ok(
      await via(
        `mutation($i: AcknowledgeLetterInput!) { acknowledgeLetter(input: $i) { registerNumber } }`,
        { i: { deliveryId: delivery.id, note: 'รับทราบ' } },
        staff,
      ),
    ).acknowledgeLetter;
    expect(acked.registerNumber).toBe(1);
    // The war-room rollup: open to every signed-in viewer, partners included (counts, no letters).
    const rollup = ok(
      await via(
        `{ areaOffices(provinceCode: "16") { code nameTh correspondenceSummary { received unacknowledged overdue } } }`,
        {},
        await tokenFor('partner', 'EEF'),
      ),
    ).areaOffices.find((a: any) => a.code === '1601');
    expect(rollup.correspondenceSummary).toEqual({
      received: 1 + schoolsOf1601,
      unacknowledged: schoolsOf1601,
      overdue: 0,
    });
    // The relay publishes one dispatched event per recipient to JetStream.
    await eventually(async () => {
      const [{ n }] = await p.services.correspondence!.dataSource.query(
        `SELECT count(*)::int AS n FROM outbox_event WHERE subject = 'correspondence.letter.dispatched.v1' AND published_at IS NULL`,
      );
      return n === 0;
    }, 30_000);
  }, 120_000);

  it('keeps a school’s letters to the school, its area office and OBEC', async () => {
    const staffA = await tokenFor('school-staff', schoolA.obecCode);
    const own = ok(
      await via(
        SEND,
        { i: { kind: 'EXTERNAL', subject: 'หนังสือของโรงเรียน ก', recipients: { orgCodes: ['1601'] } } },
        staffA,
      ),
    ).sendLetter;
    const LETTER = `query($id: ID!) { letter(id: $id) { id subject } }`;
    expect(ok(await via(LETTER, { id: own.id }, await tokenFor('area-officer', '1601'))).letter?.id).toBe(
      own.id,
    );
    expect(ok(await via(LETTER, { id: own.id }, admin)).letter?.id).toBe(own.id);
    for (const token of [
      await tokenFor('school-staff', schoolB.obecCode),
      await tokenFor('area-officer', '1602'),
      await tokenFor('partner', 'EEF'),
    ]) {
      const res = await via(LETTER, { id: own.id }, token);
      expect(res.data?.letter ?? null).toBeNull();
      expect(JSON.stringify(res)).not.toContain('หนังสือของโรงเรียน ก');
      const inbox = ok(
        await via(
          `query($c: String!) { school(obecCode: $c) { inbox { totalCount } } }`,
          { c: schoolA.obecCode },
          token,
        ),
      ).school;
      expect(inbox.inbox.totalCount).toBe(0);
    }
  });

  it('numbers 100 letters sent at the same instant through the gateway 1 to 100, none twice, none skipped', async () => {
    const clerks = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        tokenFor(i % 2 ? 'area-officer' : 'area-director', '1602', undefined, `clerk-${i}@1602`),
      ),
    );
    const results = await Promise.all(
      clerks.map((token, i) =>
        via(
          SEND,
          { i: { kind: 'INTERNAL', subject: `บันทึกข้อความฉบับที่ ${i + 1}`, toText: 'ผอ.สพป.ลพบุรี เขต 2' } },
          token,
        ),
      ),
    );
    const numbers = results.map((r) => ok(r).sendLetter.registerNumber).sort((a: number, b: number) => a - b);
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const docs = new Set(results.map((r) => ok(r).sendLetter.documentNumber));
    expect(docs.size).toBe(100);
  }, 120_000);
});
