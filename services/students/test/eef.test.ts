import { EEF_RULE } from '../src/modules/eef/eef.scoring';
import { termAttendanceRates } from '../src/modules/attendance/attendance.rates';
import { todayInBangkok } from '@smss/thai';
import { REGISTER, registerInput, startStudents, type StudentsHarness } from './support';

/*
 * EEF screening, the conditional-cash-transfer list (attendance above 80 %, at its boundary), the batch
 * sent for payment, payments, disability support and the aggregate counts — through GraphQL on a real
 * PostgreSQL, with who-sees-what for every kind of viewer.
 */

let h: StudentsHarness;
type Run = Awaited<ReturnType<StudentsHarness['as']>>;
let admin: Run;
let director: Run;
const YEAR = 2569;
const TODAY = todayInBangkok();
const A = '1016010001';

const worst = EEF_RULE.factors.map((f) => ({ factor: f.key, option: f.options[f.options.length - 1]!.key }));
const best = EEF_RULE.factors.map((f) => ({ factor: f.key, option: f.options[0]!.key }));
const SUBMIT = `mutation($i: SubmitEefScreeningInput!) { submitEefScreening(input: $i) {
  id academicYear term incomePerPerson score category eligible ruleVersion student { id }
  answers { householdMembers householdMonthlyIncome factors { factor option } } } }`;
const submit = (run: Run, studentId: string, income: string, factors = worst, term = 1, members = 4) =>
  run(SUBMIT, {
    i: {
      studentId,
      academicYear: YEAR,
      term,
      answers: { householdMembers: members, householdMonthlyIncome: income, factors },
    },
  });
const LIST = `query($s: String!) { eefTransferList(schoolCode: $s, academicYear: ${YEAR}, term: 1) {
  schoolCode status batchId eligibleCount qualifiedCount
  entries { student { id } category schoolDays attended attendancePercent qualifies payments { amount reference } } } }`;

/** Students of school A: x attends 8/10 days (exactly 80 %), y 9/10, z 10/10 but only POOR, w eligible, no marks. */
const ids: Record<'x' | 'y' | 'z' | 'w' | 'v' | 'c', string> = { x: '', y: '', z: '', w: '', v: '', c: '' };

async function mark(studentId: string, presentDays: number) {
  const days = [
    '2026-06-15',
    '2026-06-16',
    '2026-06-17',
    '2026-06-18',
    '2026-06-19',
    '2026-06-22',
    '2026-06-23',
    '2026-06-24',
    '2026-06-25',
    '2026-06-26',
  ];
  await h.service.dataSource.query(
    `INSERT INTO attendance_mark (school_id, school_code, area_office_code, attended_on, period, student_id, enrollment_id,
            grade_level, classroom, status, recorded_by)
     SELECT e.school_id, e.school_code, e.area_office_code, d::date, 0, e.student_id, e.id, e.grade_level, e.classroom,
            CASE WHEN i <= $2 THEN 'PRESENT' ELSE 'ABSENT' END, 'test'
       FROM enrollment e, unnest($3::text[]) WITH ORDINALITY AS u(d, i)
      WHERE e.student_id = $1 AND e.status = 'ACTIVE'`,
    [studentId, presentDays, days],
  );
}

beforeAll(async () => {
  h = await startStudents();
  admin = await h.as('obec-admin', 'OBEC');
  director = await h.as('school-director', A);
  for (const k of ['x', 'y', 'z', 'w', 'v'] as const) {
    const r = await admin(REGISTER, { i: registerInput(A, { academicYear: YEAR }) });
    ids[k] = r.data.registerStudent.id;
  }
  ids.c = (
    await admin(REGISTER, { i: registerInput(h.schools.c.obecCode, { academicYear: YEAR }) })
  ).data.registerStudent.id;
  // Term 1 of 2569 shortened to two weeks (10 school days) so the 80 % boundary is exact.
  await h.service.dataSource.query(
    `UPDATE school_term SET starts_on = '2026-06-15', ends_on = '2026-06-26' WHERE academic_year = $1 AND term = 1`,
    [YEAR],
  );
  await mark(ids.x, 8);
  await mark(ids.y, 9);
  await mark(ids.z, 10);
}, 60_000);
afterAll(() => h.stop());

describe('EEF screening', () => {
  it('scores by the shipped rule and stores one result per student and term (a second submission replaces it)', async () => {
    const first = await submit(director, ids.x, '20000.00');
    expect(first.errors).toBeUndefined();
    expect(first.data.submitEefScreening).toMatchObject({
      incomePerPerson: '5000.00',
      category: 'NOT_POOR',
      eligible: false,
    });
    const again = await submit(director, ids.x, '12000.00');
    expect(again.data.submitEefScreening).toMatchObject({
      id: first.data.submitEefScreening.id,
      incomePerPerson: '3000.00',
      category: 'EXTREMELY_POOR',
      eligible: true,
      ruleVersion: EEF_RULE.version,
      student: { id: ids.x },
      answers: { householdMembers: 4, householdMonthlyIncome: '12000.00' },
    });
    expect((await submit(director, ids.y, '4000.00')).data.submitEefScreening.eligible).toBe(true);
    expect((await submit(director, ids.z, '4000.00', best)).data.submitEefScreening.category).toBe('POOR');
    expect((await submit(director, ids.w, '1000.00')).data.submitEefScreening.eligible).toBe(true);
    const [{ n }] = await h.service.dataSource.query(
      `SELECT count(*)::int AS n FROM eef_screening WHERE student_id = $1`,
      [ids.x],
    );
    expect(n).toBe(1);
  });

  it('refuses bad answers with a code and a Thai message, and writes nothing', async () => {
    const bad = await submit(director, ids.c, '1000.00', [{ factor: 'TENURE', option: 'CASTLE' }]);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.messageTh).toMatch(/คำตอบแบบคัดกรองไม่ถูกต้อง/);
    const float = await director(SUBMIT, {
      i: {
        studentId: ids.y,
        academicYear: YEAR,
        term: 2,
        answers: { householdMembers: 2, householdMonthlyIncome: 1000.5, factors: worst },
      },
    });
    expect(float.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const term3 = await submit(director, ids.y, '1000.00', worst, 3);
    expect(term3.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const [{ n }] = await h.service.dataSource.query(
      `SELECT count(*)::int AS n FROM eef_screening WHERE term = 2`,
    );
    expect(n).toBe(0);
  });

  it('lets only the school, its area office and OBEC write; another school or area gets the same NOT_FOUND as an unknown id', async () => {
    expect((await submit(await h.as('area-officer', '1601'), ids.w, '1000.00')).errors).toBeUndefined();
    for (const [role, org] of [
      ['school-staff', '1016020001'],
      ['area-officer', '1602'],
      ['partner', 'EEF'],
    ] as const) {
      const r = await submit(await h.as(role, org), ids.w, '1000.00');
      expect([role, org, r.errors?.[0]?.extensions?.code]).toEqual([role, org, 'NOT_FOUND']);
    }
    const unknown = await submit(director, '00000000-0000-7000-8000-000000000000', '1000.00');
    expect(unknown.errors?.[0]?.message).toBe('Not found, or not visible to you');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('shows answers and result to the school with pii:read, withholds them without it, and hides the record from others', async () => {
    const Q = `query($id: ID!) { eefScreening(studentId: $id, academicYear: ${YEAR}, term: 1) { id category eligible score answers { householdMembers } } }`;
    expect((await director(Q, { id: ids.y })).data.eefScreening).toMatchObject({
      category: 'EXTREMELY_POOR',
      eligible: true,
    });
    const noPii = await (await h.as('school-staff', A, []))(Q, { id: ids.y });
    expect(noPii.data.eefScreening).toMatchObject({
      category: null,
      eligible: null,
      score: null,
      answers: null,
    });
    const analyst = await (await h.as('obec-analyst', 'OBEC'))(Q, { id: ids.y });
    expect(analyst.data.eefScreening).toMatchObject({ category: null, answers: null });
    for (const [role, org] of [
      ['school-staff', '1016020001'],
      ['area-officer', '1602'],
      ['partner', 'EEF'],
    ] as const)
      expect(
        (
          await (
            await h.as(role, org, role === 'partner' ? ['aggregates:read', 'pii:read'] : undefined)
          )(Q, { id: ids.y })
        ).data.eefScreening,
      ).toBeNull();
    // every unmasked read of the answers is audited
    const audited = await h.service.dataSource.query(
      `SELECT count(*)::int AS n FROM personal_data_access WHERE record_type = 'EefScreening'`,
    );
    expect(audited[0].n).toBeGreaterThan(0);
  });

  it('refuses a term or academic year out of range as bad input (found by the fuzzer), not an internal error', async () => {
    for (const [year, term] of [
      [YEAR, 2147483647],
      [101, 1],
    ]) {
      const r = await director(
        `query($id: ID!, $y: Int!, $t: Int!) { eefScreening(studentId: $id, academicYear: $y, term: $t) { id } }`,
        { id: ids.y, y: year, t: term },
      );
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions?.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    }
  });
});

describe('EEF conditional cash transfer', () => {
  it('uses the term attendance of the attendance module (10 school days in the test term)', async () => {
    const rates = await termAttendanceRates(h.service.dataSource, A, YEAR, 1);
    expect(rates.get(ids.x)).toMatchObject({ schoolDays: 10, attended: 8 });
    expect(rates.get(ids.y)).toMatchObject({ schoolDays: 10, attended: 9 });
  });

  it('lists eligible students; exactly 80.00 % does not qualify, 90 % does, no marks does not, a POOR student is not listed', async () => {
    // v is eligible but left the school before the term started: not listed
    expect((await submit(director, ids.v, '1000.00')).data.submitEefScreening.eligible).toBe(true);
    const left = await director(`mutation($i: RecordLeavingInput!) { recordLeaving(input: $i) { status } }`, {
      i: { studentId: ids.v, reason: 'DROPPED_OUT', leftOn: '2026-06-01' },
    });
    expect(left.errors).toBeUndefined();
    const r = await director(LIST, { s: A });
    expect(r.errors).toBeUndefined();
    const list = r.data.eefTransferList;
    expect(list).toMatchObject({ status: 'DRAFT', batchId: null, eligibleCount: 3, qualifiedCount: 1 });
    const by = new Map(list.entries.map((e: any) => [e.student.id, e]));
    expect(by.get(ids.x)).toMatchObject({
      schoolDays: 10,
      attended: 8,
      attendancePercent: '80.00',
      qualifies: false,
    });
    expect(by.get(ids.y)).toMatchObject({
      attendancePercent: '90.00',
      qualifies: true,
      category: 'EXTREMELY_POOR',
    });
    expect(by.get(ids.w)).toMatchObject({ qualifies: false, attended: 0 });
    expect(by.has(ids.z)).toBe(false);
    expect(by.has(ids.v)).toBe(false);
  });

  it('shows the list to the school, its area office and OBEC (entries withheld without pii:read); refuses partners and others', async () => {
    expect(
      (await (await h.as('area-officer', '1601'))(LIST, { s: A })).data.eefTransferList.qualifiedCount,
    ).toBe(1);
    const analyst = await (await h.as('obec-analyst', 'OBEC'))(LIST, { s: A });
    expect(analyst.data.eefTransferList).toMatchObject({ qualifiedCount: 1, entries: null });
    for (const [role, org, scopes] of [
      ['partner', 'EEF', ['aggregates:read', 'pii:read']],
      ['school-staff', '1016020001', undefined],
      ['area-officer', '1602', undefined],
    ] as const) {
      const r = await (await h.as(role, org, scopes as string[] | undefined))(LIST, { s: A });
      expect([role, r.errors?.[0]?.extensions?.code, r.data]).toEqual([role, 'FORBIDDEN', null]);
      expect(JSON.stringify(r)).not.toContain(ids.y);
    }
  });

  it('freezes the list when sent for payment; a second send and a change of a screening in it are CONFLICT', async () => {
    const SEND = `mutation($s: String!) { sendEefTransferList(schoolCode: $s, academicYear: ${YEAR}, term: 1) { status batchId qualifiedCount entries { student { id } qualifies } } }`;
    expect(
      (await (await h.as('school-staff', '1016020001'))(SEND, { s: A })).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    const sent = await director(SEND, { s: A });
    expect(sent.errors).toBeUndefined();
    expect(sent.data.sendEefTransferList).toMatchObject({
      status: 'SENT_FOR_PAYMENT',
      qualifiedCount: 1,
      entries: [{ student: { id: ids.y }, qualifies: true }],
    });
    expect((await director(SEND, { s: A })).errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'EEF_BATCH_SENT',
    });
    const change = await submit(director, ids.y, '90000.00');
    expect(change.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'EEF_BATCH_SENT' });
    // x now attends more: the sent list does not follow
    await h.service.dataSource.query(`UPDATE attendance_mark SET status = 'PRESENT' WHERE student_id = $1`, [
      ids.x,
    ]);
    const frozen = (await director(LIST, { s: A })).data.eefTransferList;
    expect(frozen).toMatchObject({
      status: 'SENT_FOR_PAYMENT',
      batchId: sent.data.sendEefTransferList.batchId,
      qualifiedCount: 1,
    });
    expect(frozen.entries.map((e: any) => e.student.id)).toEqual([ids.y]);
  });

  it('records payments as exact decimals; duplicates, floats and other areas are refused; the batch becomes PAID', async () => {
    const batchId = (await director(LIST, { s: A })).data.eefTransferList.batchId;
    const PAY = `mutation($i: RecordEefPaymentInput!) { recordEefPayment(input: $i) { id amount paidOn reference } }`;
    const pay = (run: Run, o: Record<string, unknown> = {}) =>
      run(PAY, {
        i: { batchId, studentId: ids.y, amount: '1000.10', paidOn: TODAY, reference: 'EEF-2569-0001', ...o },
      });
    expect((await pay(await h.as('area-officer', '1602'))).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await pay(director, { studentId: ids.x })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await pay(director, { amount: 1000.1 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await pay(director, { amount: '0.00' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await pay(director, { paidOn: '2026-02-30' })).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await pay(director, { paidOn: '2026-01-01' })).errors?.[0]?.extensions?.messageTh).toMatch(
      /ก่อนวันที่ส่ง/,
    );
    const ok = await pay(director);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.recordEefPayment).toMatchObject({
      amount: '1000.10',
      paidOn: TODAY,
      reference: 'EEF-2569-0001',
    });
    expect((await pay(director)).errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'DUPLICATE_REFERENCE',
    });
    const list = (await director(LIST, { s: A })).data.eefTransferList;
    expect(list.status).toBe('PAID');
    expect(list.entries[0].payments).toEqual([{ amount: '1000.10', reference: 'EEF-2569-0001' }]);
    const [{ amount }] = await h.service.dataSource.query(`SELECT amount::text FROM eef_payment`);
    expect(amount).toBe('1000.10');
  });
});

describe('disability support and the rights summary', () => {
  it('records support (sensitive), sets the disability type, and shows it only to those who see the student', async () => {
    const REC = `mutation($i: RecordDisabilitySupportInput!) { recordDisabilitySupport(input: $i) { id disabilityType support receivedOn } }`;
    const input = {
      studentId: ids.w,
      academicYear: YEAR,
      disabilityType: 'บกพร่องทางการได้ยิน',
      support: 'เครื่องช่วยฟัง',
      receivedOn: '2026-07-01',
    };
    expect(
      (await (await h.as('school-staff', '1016020001'))(REC, { i: input })).errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
    expect(
      (await director(REC, { i: { ...input, receivedOn: 'yesterday' } })).errors?.[0]?.extensions?.code,
    ).toBe('BAD_USER_INPUT');
    const r = await director(REC, { i: input });
    expect(r.errors).toBeUndefined();
    const Q = `query($id: ID!) { student(id: $id) { disadvantage { disabilityType } disabilitySupports { support receivedOn } } }`;
    expect((await director(Q, { id: ids.w })).data.student).toEqual({
      disadvantage: { disabilityType: 'บกพร่องทางการได้ยิน' },
      disabilitySupports: [{ support: 'เครื่องช่วยฟัง', receivedOn: '2026-07-01' }],
    });
    expect((await (await h.as('school-staff', A, []))(Q, { id: ids.w })).data.student).toEqual({
      disadvantage: null,
      disabilitySupports: null,
    });
  });

  it('gives counts to every signed-in viewer, small cells hidden for partners', async () => {
    const Q = `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }]) { ... on School {
      rightsSummary(academicYear: ${YEAR}, term: 1) { screened poor extremelyPoor eligible sentForPayment disabled disabilitySupported stateless withoutNationalId } } } }`;
    const full = (await admin(Q, { id: h.schools.a.id })).data._entities[0].rightsSummary;
    expect(full).toEqual({
      screened: 5, // v left during the year but was screened while enrolled
      poor: 1,
      extremelyPoor: 4,
      eligible: 4,
      sentForPayment: 1,
      disabled: 1,
      disabilitySupported: 1,
      stateless: 0,
      withoutNationalId: 0,
    });
    const partner = (await (await h.as('partner', 'EEF'))(Q, { id: h.schools.a.id })).data._entities[0]
      .rightsSummary;
    expect(partner).toEqual({
      ...full,
      poor: null,
      extremelyPoor: null,
      eligible: null,
      sentForPayment: null,
      disabled: null,
      disabilitySupported: null,
    });
  });
});
