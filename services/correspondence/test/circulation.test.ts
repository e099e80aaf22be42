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
let a1: TestSchool;
let a2: TestSchool;
let b1: TestSchool;
let t: Record<
  'obec' | 'areaA' | 'areaB' | 'dirA' | 'staffA1' | 'staffA2' | 'staffB1' | 'analyst' | 'partner',
  string
>;

beforeAll(async () => {
  h = await startCorrespondence();
  a1 = await h.addSchool('9601');
  a2 = await h.addSchool('9601');
  b1 = await h.addSchool('9602');
  await h.configure('OBEC', '9601', '9602', a1.obecCode, a2.obecCode, b1.obecCode);
  t = {
    obec: await h.as('obec-admin', 'OBEC'),
    areaA: await h.as('area-officer', '9601'),
    areaB: await h.as('area-officer', '9602'),
    dirA: await h.as('area-director', '9601'),
    staffA1: await h.as('school-staff', a1.obecCode),
    staffA2: await h.as('school-staff', a2.obecCode),
    staffB1: await h.as('school-staff', b1.obecCode),
    analyst: await h.as('obec-analyst', 'OBEC'),
    partner: await h.as('partner', 'EEF'),
  };
});
afterAll(() => h?.stop());

const count = async (sql: string, params: unknown[] = []) =>
  Number((await h.service.dataSource.query(sql, params))[0].n);

describe('sendLetter', () => {
  it('numbers a letter in the sender’s register with its letter code, and circulates it with one event per recipient', async () => {
    const sent = ok(
      await h.q(
        M.send,
        {
          i: {
            kind: 'EXTERNAL',
            subject: 'ขอความร่วมมือสำรวจข้อมูลอาคารเรียน',
            urgency: 'VERY_URGENT',
            dueAt: new Date(h.clock.now.getTime() + 3 * 86_400_000).toISOString(),
            recipients: { orgCodes: ['9601', '9602'] },
          },
        },
        t.obec,
      ),
    ).sendLetter;
    expect(sent).toMatchObject({
      holderOrgCode: 'OBEC',
      documentNumber: `ศธ 04/${sent.registerNumber}`,
      fromText: 'หน่วยงาน OBEC',
      toText: 'หน่วยงาน 9601, หน่วยงาน 9602',
      channel: 'ELECTRONIC',
      circulationSummary: { recipients: 2, received: 0, acknowledged: 0, overdue: 0 },
      retentionClass: 'NORMAL_10_YEARS',
    });
    expect(sent.letterDateTh).toMatch(/^[๐-๙]+ \S+ [๐-๙]{4}$/);
    const events = await h.service.dataSource.query(
      `SELECT subject, envelope FROM outbox_event WHERE aggregate_id = $1 ORDER BY envelope->'payload'->>'recipientOrgCode'`,
      [sent.id],
    );
    expect(events.map((e: any) => [e.subject, e.envelope.payload.recipientOrgCode])).toEqual([
      ['correspondence.letter.dispatched.v1', '9601'],
      ['correspondence.letter.dispatched.v1', '9602'],
    ]);
    expect(JSON.stringify(events)).not.toContain('สำรวจ'); // no subject on the bus
  });

  it('numbers circulars with ว in their own series and orders per year', async () => {
    const circular = ok(
      await h.q(
        M.send,
        { i: { kind: 'EXTERNAL', subject: 'หนังสือเวียน', circular: true, toText: 'โรงเรียนในสังกัด' } },
        t.areaA,
      ),
    ).sendLetter;
    expect(circular.documentNumber).toBe('ศธ 9601/ว 1');
    const order = ok(
      await h.q(
        M.send,
        { i: { kind: 'DIRECTIVE', form: 'ORDER', subject: 'คำสั่งแต่งตั้ง', toText: 'ข้าราชการในสังกัด' } },
        t.areaA,
      ),
    ).sendLetter;
    const year = new Date(h.clock.now.getTime() + 7 * 3600_000).getUTCFullYear() + 543;
    expect(order.documentNumber).toBe(`1/${year}`);
    const cert = ok(
      await h.q(
        M.send,
        {
          i: {
            kind: 'OFFICIAL_RECORD',
            form: 'CERTIFICATE',
            subject: 'หนังสือรับรองการทำงาน',
            toText: 'ผู้เกี่ยวข้อง',
          },
        },
        t.areaA,
      ),
    ).sendLetter;
    expect(cert.documentNumber).toBe('ศธ 9601/1');
    const plain = ok(
      await h.q(M.send, { i: { kind: 'INTERNAL', subject: 'บันทึกข้อความ', toText: 'ผอ.สพป.' } }, t.areaA),
    ).sendLetter;
    expect(plain.documentNumber).toBe('ศธ 9601/1');
  });

  it('refuses bad input with every problem in English and Thai, and writes nothing', async () => {
    const before = [
      await count(`SELECT count(*) AS n FROM letter`),
      await count(`SELECT count(*) AS n FROM outbox_event`),
    ];
    const res = await h.q(
      M.send,
      {
        i: {
          kind: 'DIRECTIVE',
          subject: ' ',
          letterDate: '2569-01-01',
          dueAt: '2020-01-01T00:00:00+07:00',
          recipients: { orgCodes: ['12'] },
        },
      },
      t.areaA,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    const fields = res.errors![0]!.extensions!.problems.map((p: { field: string }) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['subject', 'letterDate', 'recipients.orgCodes.0']));
    expect([
      await count(`SELECT count(*) AS n FROM letter`),
      await count(`SELECT count(*) AS n FROM outbox_event`),
    ]).toEqual(before);
  });

  it('refuses a form that does not fit the type, a deadline in the past and a recipient the directory does not know', async () => {
    const form = await h.q(
      M.send,
      { i: { kind: 'DIRECTIVE', form: 'NEWS', subject: 's', toText: 'x' } },
      t.areaA,
    );
    expect(form.errors?.[0]?.extensions?.problems[0].field).toBe('form');
    const due = await h.q(
      M.send,
      {
        i: {
          kind: 'EXTERNAL',
          subject: 's',
          toText: 'x',
          dueAt: new Date(h.clock.now.getTime() - 1000).toISOString(),
        },
      },
      t.areaA,
    );
    expect(due.errors?.[0]?.extensions?.problems[0].field).toBe('dueAt');
    const unknown = await h.q(
      M.send,
      { i: { kind: 'EXTERNAL', subject: 's', recipients: { orgCodes: ['1099990001'] } } },
      t.areaA,
    );
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    expect(unknown.errors?.[0]?.extensions?.messageTh).toMatch(/ไม่พบหน่วยงาน/);
  });

  it('lets only the staff of an organisation send its letters, and asks for a letter code first', async () => {
    for (const token of [t.analyst, t.partner])
      expect(codeOf(await h.q(M.send, { i: { kind: 'EXTERNAL', subject: 's', toText: 'x' } }, token))).toBe(
        'FORBIDDEN',
      );
    const unconfigured = await h.addSchool('9603');
    const res = await h.q(
      M.send,
      { i: { kind: 'EXTERNAL', subject: 's', toText: 'x' } },
      await h.as('school-staff', unconfigured.obecCode),
    );
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/รหัสตัวพยัญชนะ/);
    expect(codeOf(await h.q(M.send, { i: { kind: 'EXTERNAL', subject: 's', toText: 'x' } }))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('keeps circulation to every area office for OBEC and to every school within the sender’s reach', async () => {
    expect(
      codeOf(
        await h.q(
          M.send,
          { i: { kind: 'EXTERNAL', subject: 's', recipients: { allAreaOffices: true } } },
          t.areaA,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await h.q(
          M.send,
          { i: { kind: 'EXTERNAL', subject: 's', recipients: { allSchools: true } } },
          t.staffA1,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await h.q(
          M.send,
          { i: { kind: 'EXTERNAL', subject: 's', recipients: { schoolsOfAreaOffices: ['9602'] } } },
          t.areaA,
        ),
      ),
    ).toBe('FORBIDDEN');
    const mine = ok(
      await h.q(
        M.send,
        { i: { kind: 'EXTERNAL', subject: 'ถึงโรงเรียนในสังกัด', recipients: { allSchools: true } } },
        t.areaA,
      ),
    ).sendLetter;
    const to = await h.service.dataSource.query(
      `SELECT recipient_org AS org FROM delivery WHERE letter_id = $1 ORDER BY 1`,
      [mine.id],
    );
    expect(to.map((r: { org: string }) => r.org)).toEqual([a1.obecCode, a2.obecCode].sort());
  });
});

describe('receiving, acknowledging, forwarding and endorsing', () => {
  let letterId: string;
  let toArea: string;

  beforeAll(async () => {
    const sent = ok(
      await h.q(
        M.send,
        {
          i: {
            kind: 'EXTERNAL',
            subject: 'แจ้งกำหนดการประเมินคุณภาพภายใน',
            circular: true,
            dueAt: new Date(h.clock.now.getTime() + 2 * 86_400_000).toISOString(),
            recipients: { allAreaOffices: true },
          },
        },
        t.obec,
      ),
    ).sendLetter;
    letterId = sent.id;
    toArea = await deliveryOf(h, letterId, '9601');
  });

  it('registers a circulated letter in the recipient’s receive register, once', async () => {
    const first = ok(
      await h.q(M.receive, { i: { deliveryId: toArea, action: 'เสนอ ผอ.สพป.' } }, t.areaA),
    ).receiveLetter;
    expect(first.registerNumber).toBeGreaterThan(0);
    const again = ok(await h.q(M.receive, { i: { deliveryId: toArea } }, t.areaA)).receiveLetter;
    expect(again.registerNumber).toBe(first.registerNumber);
    expect(await count(`SELECT count(*) AS n FROM register_entry WHERE delivery_id = $1`, [toArea])).toBe(1);
    // The sender's view of the same letter shows its own (send) number.
    const asSender = ok(
      await h.q(
        `query($id: ID!) { letter(id: $id) { registerNumber documentNumber } }`,
        { id: letterId },
        t.obec,
      ),
    ).letter;
    expect(asSender.documentNumber).toBe(`ศธ 04/ว ${asSender.registerNumber}`);
  });

  it('answers a delivery of another organisation as not found to those who may not see it, and forbidden to those who may', async () => {
    expect(codeOf(await h.q(M.receive, { i: { deliveryId: toArea } }, t.areaB))).toBe('NOT_FOUND');
    expect(codeOf(await h.q(M.acknowledge, { i: { deliveryId: toArea } }, t.staffB1))).toBe('NOT_FOUND');
    expect(
      codeOf(await h.q(M.receive, { i: { deliveryId: '00000000-0000-4000-8000-000000000000' } }, t.areaB)),
    ).toBe('NOT_FOUND');
    // OBEC sees the delivery (it sent it) but does not register it for the area office.
    expect(codeOf(await h.q(M.receive, { i: { deliveryId: toArea } }, t.obec))).toBe('FORBIDDEN');
  });

  it('forwards to the office’s schools, who find it in their inbox and acknowledge it', async () => {
    const fwd = ok(
      await h.q(M.forward, { i: { deliveryId: toArea, recipients: { allSchools: true } } }, t.areaA),
    ).forwardLetter;
    expect(fwd.circulationSummary.recipients).toBe(3 + 2); // the area offices 9601–9603, the two schools of 9601
    const inbox = ok(await h.q(M.inbox, {}, t.staffA1)).inbox;
    const mine = inbox.edges.find((e: any) => e.node.letter?.id === letterId).node;
    expect(mine).toMatchObject({
      recipientOrgCode: a1.obecCode,
      senderOrgCode: '9601',
      status: 'SENT',
      overdue: false,
    });
    const acked = ok(
      await h.q(M.acknowledge, { i: { deliveryId: mine.id, note: 'รับทราบ' } }, t.staffA1),
    ).acknowledgeLetter;
    expect(acked.registerNumber).toBeGreaterThan(0); // acknowledging registered it first
    const again = ok(await h.q(M.inbox, { f: { status: 'ACKNOWLEDGED' } }, t.staffA1)).inbox;
    expect(again.edges.map((e: any) => e.node.id)).toContain(mine.id);
    const [event] = await h.service.dataSource.query(
      `SELECT envelope FROM outbox_event WHERE subject = 'correspondence.letter.acknowledged.v1' AND envelope->'payload'->>'deliveryId' = $1`,
      [mine.id],
    );
    expect(event.envelope.payload).toMatchObject({
      recipientOrgCode: a1.obecCode,
      recipientAreaOfficeCode: '9601',
      late: false,
    });
  });

  it('lists overdue deliveries once the deadline passes, and counts them for the area office', async () => {
    const saved = h.clock.now;
    h.clock.now = new Date(saved.getTime() + 3 * 86_400_000);
    try {
      const overdue = ok(
        await h.q(
          `{ overdueLetters(first: 50) { totalCount edges { node { recipientOrgCode overdue } } } }`,
          {},
          t.areaA,
        ),
      ).overdueLetters;
      const orgs = overdue.edges.map((e: any) => e.node.recipientOrgCode).sort();
      expect(orgs).toEqual(expect.arrayContaining(['9601', a2.obecCode]));
      expect(orgs).not.toContain(a1.obecCode); // acknowledged
      expect(orgs).not.toContain('9602'); // another area: not this office's to see
      const summary = ok(
        await h.q(
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on AreaOffice { correspondenceSummary { received unacknowledged overdue } } } }`,
          { r: [{ __typename: 'AreaOffice', code: '9601' }] },
          t.partner,
        ),
      )._entities[0].correspondenceSummary;
      expect(summary.received).toBeGreaterThanOrEqual(3);
      expect(summary.overdue).toBeGreaterThanOrEqual(2);
      expect(summary.unacknowledged).toBe(summary.received - 1);
      // A year outside the B.E. calendar (found by the fuzzer) is bad input, not an internal error.
      for (const year of [2147483647, -2147483648]) {
        const far = await h.q(
          `query($r: [_Any!]!, $y: Int) { _entities(representations: $r) { ... on AreaOffice { correspondenceSummary(year: $y) { received } } } }`,
          { r: [{ __typename: 'AreaOffice', code: '9601' }], y: year },
          t.partner,
        );
        expect(far.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    } finally {
      h.clock.now = saved;
    }
  });

  it('routes an endorsement: the clerk’s note, the director’s comment, only the assignee may close a step', async () => {
    const toA2 = await deliveryOf(h, letterId, a2.obecCode);
    const staff = t.staffA2;
    const director = await h.as('school-director', a2.obecCode);
    ok(
      await h.q(
        M.endorse,
        { i: { deliveryId: toA2, comment: 'เรียน ผอ. เพื่อโปรดทราบ', routeTo: { role: 'school-director' } } },
        staff,
      ),
    );
    expect(codeOf(await h.q(M.endorse, { i: { deliveryId: toA2, comment: 'ข้ามขั้น' } }, staff))).toBe(
      'FORBIDDEN',
    );
    ok(await h.q(M.endorse, { i: { deliveryId: toA2, comment: 'ทราบ มอบงานวิชาการดำเนินการ' } }, director));
    const route = ok(
      await h.q(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on LetterDelivery { status endorsements { step assignedRole status comment decidedBy } } } }`,
        { r: [{ __typename: 'LetterDelivery', id: toA2 }] },
        staff,
      ),
    )._entities[0];
    expect(route.status).toBe('RECEIVED');
    expect(route.endorsements).toEqual([
      {
        step: 1,
        assignedRole: 'school-staff',
        status: 'DONE',
        comment: 'เรียน ผอ. เพื่อโปรดทราบ',
        decidedBy: `test:school-staff:${a2.obecCode}`,
      },
      {
        step: 2,
        assignedRole: 'school-director',
        status: 'DONE',
        comment: 'ทราบ มอบงานวิชาการดำเนินการ',
        decidedBy: `test:school-director:${a2.obecCode}`,
      },
    ]);
  });

  it('registers a letter that came on paper in the receive register', async () => {
    const paper = ok(
      await h.q(
        M.receive,
        {
          i: {
            paper: {
              kind: 'EXTERNAL',
              documentNumber: 'ลบ 0017/ว 45',
              letterDate: '2026-11-20',
              fromText: 'ศาลากลางจังหวัดลพบุรี',
              toText: 'ผู้อำนวยการโรงเรียน',
              subject: 'เชิญประชุมงานวันเด็ก',
            },
            action: 'เสนอ ผอ.',
          },
        },
        t.staffB1,
      ),
    ).receiveLetter;
    expect(paper).toMatchObject({
      holderOrgCode: b1.obecCode,
      documentNumber: 'ลบ 0017/ว 45',
      channel: 'PAPER',
    });
    expect(paper.registerNumber).toBeGreaterThan(0);
    const reg = ok(
      await h.q(
        `query($y: Int!) { correspondenceRegister(kind: RECEIVE, year: $y) { totalCount edges { node { number documentNumber details { fromText subject action } } } } }`,
        { y: new Date().getUTCFullYear() + 543 },
        t.staffB1,
      ),
    ).correspondenceRegister;
    expect(reg.edges.at(-1).node).toMatchObject({
      documentNumber: 'ลบ 0017/ว 45',
      details: { fromText: 'ศาลากลางจังหวัดลพบุรี', subject: 'เชิญประชุมงานวันเด็ก', action: 'เสนอ ผอ.' },
    });
  });
});
