import {
  codeOf,
  deliveryOf,
  M,
  ok,
  startCorrespondence,
  type CorrespondenceHarness,
  type TestSchool,
} from './support';

let h: CorrespondenceHarness;
let school: TestSchool;

beforeAll(async () => {
  h = await startCorrespondence();
  school = await h.addSchool('9701');
  await h.configure('OBEC', '9701', school.obecCode);
});
afterAll(() => h?.stop());

const REGISTER = `query($org: String, $kind: RegisterKind!, $y: Int!, $after: String) {
  correspondenceRegister(orgCode: $org, kind: $kind, year: $y, first: 100, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { number year documentNumber letter { id } } } } }`;

async function registerOf(org: string, kind: string, year: number, token: string) {
  const out: Array<{ number: number; documentNumber: string; letter: { id: string } }> = [];
  let after: string | null = null;
  for (;;) {
    const page: any = ok(await h.q(REGISTER, { org, kind, y: year, after }, token)).correspondenceRegister;
    out.push(...page.edges.map((e: any) => e.node));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

describe('running numbers', () => {
  it('gives 100 clerks sending at the same instant the numbers 1 to 100 of the register, none twice, none skipped', async () => {
    h.clock.now = new Date('2026-03-02T09:00:00+07:00');
    const clerks = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        h.as(i % 2 ? 'area-officer' : 'area-director', '9701', `clerk-${i}@9701`),
      ),
    );
    const results = await Promise.all(
      clerks.map((token, i) =>
        h.q(M.send, { i: { kind: 'EXTERNAL', subject: `หนังสือฉบับที่ ${i}`, toText: 'ผู้รับ' } }, token),
      ),
    );
    const letters = results.map((r) => ok(r).sendLetter);
    const numbers = letters.map((l) => l.registerNumber).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(letters.map((l) => l.documentNumber)).size).toBe(100);
    for (const l of letters) expect(l.documentNumber).toBe(`ศธ 9701/${l.registerNumber}`);
    const register = await registerOf('9701', 'SEND', 2569, clerks[0]!);
    expect(register.map((e) => e.number)).toEqual(numbers);
  }, 60_000);

  it('gives a failed write’s number back: the next letter takes it, the register stays gapless', async () => {
    const token = await h.as('area-officer', '9701');
    const before = (await registerOf('9701', 'SEND', 2569, token)).length;
    // The attachment does not exist: the transaction fails after it took a number.
    const failed = await h.q(
      M.send,
      {
        i: {
          kind: 'EXTERNAL',
          subject: 'ล้มเหลว',
          toText: 'x',
          attachmentIds: ['00000000-0000-4000-8000-000000000000'],
        },
      },
      token,
    );
    expect(codeOf(failed)).toBe('BAD_USER_INPUT');
    const next = ok(
      await h.q(M.send, { i: { kind: 'EXTERNAL', subject: 'ฉบับถัดไป', toText: 'x' } }, token),
    ).sendLetter;
    expect(next.registerNumber).toBe(before + 1);
  });

  it('starts every register again at 1 on 1 January (Bangkok time), send and receive alike', async () => {
    const area = await h.as('area-officer', '9701');
    const staff = await h.as('school-staff', school.obecCode);
    const obec = await h.as('obec-admin', 'OBEC');
    h.clock.now = new Date('2026-12-31T23:59:30+07:00');
    const last = ok(
      await h.q(
        M.send,
        { i: { kind: 'EXTERNAL', subject: 'ฉบับสุดท้ายของปี', recipients: { orgCodes: [school.obecCode] } } },
        area,
      ),
    ).sendLetter;
    const lastIn = ok(
      await h.q(M.receive, { i: { deliveryId: await deliveryOf(h, last.id, school.obecCode) } }, staff),
    ).receiveLetter;
    const obecLast = ok(
      await h.q(
        M.send,
        { i: { kind: 'EXTERNAL', subject: 'สพฐ. ปลายปี', recipients: { orgCodes: [school.obecCode] } } },
        obec,
      ),
    ).sendLetter;
    h.clock.now = new Date('2027-01-01T00:00:05+07:00'); // 2026-12-31 17:00:05 UTC: already 2570 in Bangkok
    const first = ok(
      await h.q(
        M.send,
        { i: { kind: 'EXTERNAL', subject: 'ฉบับแรกของปี', recipients: { orgCodes: [school.obecCode] } } },
        area,
      ),
    ).sendLetter;
    const firstIn = ok(
      await h.q(M.receive, { i: { deliveryId: await deliveryOf(h, first.id, school.obecCode) } }, staff),
    ).receiveLetter;
    const lateReceipt = ok(
      await h.q(M.receive, { i: { deliveryId: await deliveryOf(h, obecLast.id, school.obecCode) } }, staff),
    ).receiveLetter;
    expect(last.registerNumber).toBeGreaterThan(100);
    expect(first.registerNumber).toBe(1);
    expect(first.documentNumber).toBe('ศธ 9701/1');
    expect(lastIn.registerNumber).toBe(1);
    expect(firstIn.registerNumber).toBe(1); // the school's receive register of 2570
    expect(lateReceipt.registerNumber).toBe(2); // sent in 2569, received in 2570: numbered when received
    expect((await registerOf('9701', 'SEND', 2570, area)).map((e) => e.number)).toEqual([1]);
    expect((await registerOf(school.obecCode, 'RECEIVE', 2569, staff)).map((e) => e.number)).toEqual([1]);
    expect((await registerOf(school.obecCode, 'RECEIVE', 2570, staff)).map((e) => e.number)).toEqual([1, 2]);
  });
});
