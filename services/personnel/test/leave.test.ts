import { addDays, addMonths, dayOfWeek } from '../src/modules/calendar/dates';
import {
  fakeArea,
  fakeSchool,
  registerStaff,
  replicateSchools,
  startPersonnel,
  token,
  type PersonnelHarness,
  type SchoolPayload,
} from './support';

let h: PersonnelHarness;
let admin: string;
let area: string;
let schoolA: SchoolPayload;
let schoolB: SchoolPayload;
let otherArea: string;
let directorA: string;
/** The suite runs on a pinned date (fiscal year 2570) so its fixed leave dates stay valid. */
const today = '2026-11-24';

beforeAll(async () => {
  h = await startPersonnel({ today: () => today });
  admin = await token('obec-admin', 'OBEC');
  area = fakeArea();
  do otherArea = fakeArea();
  while (otherArea === area);
  schoolA = fakeSchool(area);
  schoolB = fakeSchool(area);
  await replicateSchools(h, [schoolA, schoolB]);
  directorA = await token('school-director', schoolA.obecCode, `test:director:${schoolA.obecCode}`);
});
afterAll(() => h.stop());

let n = 0;
/** A staff member with a login; returns their id and a school-staff token for them. */
async function person(
  posting: { schoolId?: string; areaOfficeCode?: string; positionType: string } = {
    schoolId: schoolA.id,
    positionType: 'TEACHER',
  },
  extra: Record<string, unknown> = {},
) {
  n += 1;
  const subject = `test:leave:${n}:${Math.random()}`;
  const serviceStartDate = (extra.serviceStartDate as string | undefined) ?? '2010-05-16';
  const id = await registerStaff(
    h,
    admin,
    { ...posting, startDate: serviceStartDate },
    {
      accountSubject: subject,
      ...extra,
      serviceStartDate,
    },
  );
  const school = posting.schoolId === schoolB.id ? schoolB : schoolA;
  const role = posting.positionType === 'DIRECTOR' ? 'school-director' : 'school-staff';
  return { id, subject, token: await token(role, school.obecCode, subject) };
}

const LEAVE_FIELDS = `id leaveType startDate endDate halfDay days countingRule fiscalYear status approverLevel approverOrgCode
  decidedBy decisionComment reason totals { previousDays thisRequestDays totalDays lastLeave { startDate endDate days } }`;
const REQUEST = `mutation($i: RequestLeaveInput!) { requestLeave(input: $i) { ${LEAVE_FIELDS} } }`;
const DECIDE = `mutation($id: ID!, $d: LeaveDecision!, $c: String) { decideLeave(id: $id, decision: $d, comment: $c) { ${LEAVE_FIELDS} } }`;
const CANCEL = `mutation($id: ID!, $r: String) { cancelLeave(id: $id, reason: $r) { status cancelledBy cancelReason } }`;

const request = (t: string, i: Record<string, unknown>) => h.q(REQUEST, { i }, t);
const code = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) =>
  res.errors?.[0]?.extensions?.code;
const decidedEvents = (leaveId: string) =>
  h.service.dataSource.query(
    `SELECT envelope FROM outbox_event WHERE aggregate_id = $1 AND subject = 'personnel.leave.decided.v1' ORDER BY seq`,
    [leaveId],
  );

describe('leave day counting', () => {
  it('counts sick leave in working days, skipping the weekend and the official holidays in the table', async () => {
    const p = await person();
    // Mon 7 Dec 2026 is the substitute for Father's Day (Sat 5 Dec), Thu 10 Dec is Constitution Day.
    const res = await request(p.token, {
      leaveType: 'SICK',
      startDate: '2026-12-04',
      endDate: '2026-12-11',
      reason: 'ไข้หวัดใหญ่',
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.requestLeave).toMatchObject({
      days: 4, // Fri 4, Tue 8, Wed 9, Fri 11
      countingRule: 'WORKING_DAYS',
      fiscalYear: 2570,
      status: 'PENDING',
      reason: 'ไข้หวัดใหญ่',
    });
  });

  it('counts maternity leave in consecutive calendar days, holidays included', async () => {
    const p = await person();
    const res = await request(p.token, {
      leaveType: 'MATERNITY',
      startDate: '2026-12-04',
      endDate: '2026-12-11',
    });
    expect(res.data.requestLeave).toMatchObject({ days: 8, countingRule: 'CALENDAR_DAYS' });
  });

  it('takes holidays from data: a special holiday recorded by OBEC shortens the next request', async () => {
    const p = await person();
    const q = await person();
    const before = await request(p.token, {
      leaveType: 'PERSONAL_BUSINESS',
      startDate: '2027-01-11',
      endDate: '2027-01-15',
    });
    expect(before.data.requestLeave.days).toBe(5);
    const HOLIDAY = `mutation($i: PublicHolidayInput!) { recordPublicHoliday(input: $i) { date kind provisional source } }`;
    const holiday = {
      date: '2027-01-18',
      nameTh: 'วันหยุดพิเศษ',
      nameEn: 'Special holiday',
      source: 'มติคณะรัฐมนตรี (ทดสอบ)',
    };
    expect(code(await h.q(HOLIDAY, { i: holiday }, await token('area-officer', area)))).toBe('FORBIDDEN');
    const recorded = await h.q(HOLIDAY, { i: holiday }, admin);
    expect(recorded.data.recordPublicHoliday).toMatchObject({
      date: '2027-01-18',
      kind: 'SPECIAL',
      provisional: false,
    });
    const after = await request(q.token, {
      leaveType: 'PERSONAL_BUSINESS',
      startDate: '2027-01-18',
      endDate: '2027-01-22',
    });
    expect(after.data.requestLeave.days).toBe(4);
    // Removing it now would silently change a counted request: refused.
    const remove = await h.q(`mutation { removePublicHoliday(date: "2027-01-18") }`, {}, admin);
    expect(code(remove)).toBe('CONFLICT');
    const listed = await h.q(
      `{ publicHolidays(from: "2027-01-01", to: "2027-01-31") { date nameTh } }`,
      {},
      p.token,
    );
    expect(listed.data.publicHolidays.map((x: any) => x.date)).toEqual(['2027-01-01', '2027-01-18']);
  });

  it('refuses a span without working days, one crossing 30 September, and a year whose holidays are not recorded', async () => {
    const p = await person();
    const weekend = await request(p.token, {
      leaveType: 'SICK',
      startDate: '2026-12-05',
      endDate: '2026-12-07',
    });
    expect(code(weekend)).toBe('BAD_USER_INPUT');
    expect(weekend.errors?.[0]?.extensions?.messageTh).toMatch(/วันทำการ/);
    const crossing = await request(p.token, {
      leaveType: 'SICK',
      startDate: '2027-09-29',
      endDate: '2027-10-01',
    });
    expect(code(crossing)).toBe('BAD_USER_INPUT');
    expect(crossing.errors?.[0]?.extensions?.messageTh).toMatch(/30 กันยายน/);
    const unknownYear = await request(p.token, {
      leaveType: 'SICK',
      startDate: '2028-01-10',
      endDate: '2028-01-11',
    });
    expect(code(unknownYear)).toBe('BAD_USER_INPUT');
    expect(unknownYear.errors?.[0]?.extensions?.messageTh).toMatch(/2571/);
    const halfMaternity = await request(p.token, {
      leaveType: 'MATERNITY',
      startDate: '2027-01-05',
      endDate: '2027-01-05',
      halfDay: 'MORNING',
    });
    expect(code(halfMaternity)).toBe('BAD_USER_INPUT');
  });
});

describe('overlapping requests', () => {
  it('refuses a request overlapping a pending or approved one with CONFLICT, but not half days of the same date', async () => {
    const p = await person();
    const first = await request(p.token, {
      leaveType: 'SICK',
      startDate: '2027-02-01',
      endDate: '2027-02-03',
    });
    expect(first.errors).toBeUndefined();
    const overlap = await request(p.token, {
      leaveType: 'PERSONAL_BUSINESS',
      startDate: '2027-02-03',
      endDate: '2027-02-04',
    });
    expect(code(overlap)).toBe('CONFLICT');
    expect(overlap.errors?.[0]?.extensions?.messageTh).toMatch(/ซ้อน/);
    expect(overlap.errors?.[0]?.extensions?.overlapping).toEqual([first.data.requestLeave.id]);

    const morning = await request(p.token, {
      leaveType: 'PERSONAL_BUSINESS',
      startDate: '2027-02-10',
      endDate: '2027-02-10',
      halfDay: 'MORNING',
    });
    const afternoon = await request(p.token, {
      leaveType: 'SICK',
      startDate: '2027-02-10',
      endDate: '2027-02-10',
      halfDay: 'AFTERNOON',
    });
    expect(morning.data.requestLeave.days).toBe(0.5);
    expect(afternoon.data.requestLeave.days).toBe(0.5);
    expect(
      code(await request(p.token, { leaveType: 'SICK', startDate: '2027-02-10', endDate: '2027-02-10' })),
    ).toBe('CONFLICT');

    // A cancelled request no longer blocks the dates.
    await h.q(CANCEL, { id: first.data.requestLeave.id }, p.token);
    const again = await request(p.token, {
      leaveType: 'PERSONAL_BUSINESS',
      startDate: '2027-02-03',
      endDate: '2027-02-04',
    });
    expect(again.errors).toBeUndefined();
  });

  it('refuses one of two simultaneous overlapping requests even when both pass the check together', async () => {
    const p = await person();
    const results = await Promise.all(
      ['SICK', 'PERSONAL_BUSINESS', 'SICK'].map((leaveType) =>
        request(p.token, { leaveType, startDate: '2027-03-08', endDate: '2027-03-09' }),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => code(r) === 'CONFLICT')).toHaveLength(2);
  });
});

describe('vacation entitlement and carry-over', () => {
  const BALANCE = `query($s: ID!, $fy: Int!) { leaveBalance(staffId: $s, fiscalYear: $fy) {
    fiscalYear vacation { eligible entitledThisYear carriedOver cap available used pending remaining }
    byType { leaveType approvedDays pendingDays approvedRequests paidLimitDays } } }`;

  it('carries unused days forward and raises the ceiling to 30 after ten years of service', async () => {
    const p = await person(undefined, { vacationOpeningFiscalYear: 2569, vacationCarriedOver: 15 });
    // FY 2569: 10 + 15 carried = 25; take 5 (Mon 3 – Fri 7 Aug 2026).
    const taken = await request(p.token, {
      leaveType: 'VACATION',
      startDate: '2026-08-03',
      endDate: '2026-08-07',
    });
    expect(taken.data.requestLeave.days).toBe(5);
    await h.q(DECIDE, { id: taken.data.requestLeave.id, d: 'APPROVE' }, directorA);
    const fy2569 = await h.q(BALANCE, { s: p.id, fy: 2569 }, p.token);
    expect(fy2569.errors).toBeUndefined();
    expect(fy2569.data.leaveBalance.vacation).toMatchObject({
      entitledThisYear: 10,
      carriedOver: 15,
      cap: 30,
      available: 25,
      used: 5,
      remaining: 20,
    });
    // FY 2570: 20 unused carry over, 10 new → 30 (the ceiling for 10+ years of service).
    const fy2570 = await h.q(BALANCE, { s: p.id, fy: 2570 }, p.token);
    expect(fy2570.data.leaveBalance.vacation).toMatchObject({
      carriedOver: 20,
      available: 30,
      cap: 30,
      remaining: 30,
    });
    const vacation = fy2570.data.leaveBalance.byType.find((t: any) => t.leaveType === 'SICK');
    expect(vacation.paidLimitDays).toBe(60);
  });

  it('caps carried-over plus this year at 20 before ten years of service and refuses a request beyond the balance', async () => {
    const p = await person(undefined, {
      serviceStartDate: '2019-06-01',
      vacationOpeningFiscalYear: 2570,
      vacationCarriedOver: 15,
    });
    const balance = await h.q(BALANCE, { s: p.id, fy: 2570 }, p.token);
    expect(balance.data.leaveBalance.vacation).toMatchObject({ carriedOver: 10, available: 20, cap: 20 });
    // Mon 1 – Fri 12 Mar 2027: 10 working days, pending.
    expect(
      (await request(p.token, { leaveType: 'VACATION', startDate: '2027-03-01', endDate: '2027-03-12' }))
        .errors,
    ).toBeUndefined();
    // Mon 15 – Fri 26 Mar 2027 (10) fits exactly; one more day does not.
    const tooMuch = await request(p.token, {
      leaveType: 'VACATION',
      startDate: '2027-03-15',
      endDate: '2027-03-29',
    });
    expect(code(tooMuch)).toBe('BAD_USER_INPUT');
    expect(tooMuch.errors?.[0]?.extensions?.messageTh).toMatch(/คงเหลือ 10 จาก 20/);
    const exact = await request(p.token, {
      leaveType: 'VACATION',
      startDate: '2027-03-15',
      endDate: '2027-03-26',
    });
    expect(exact.errors).toBeUndefined();
    const after = await h.q(BALANCE, { s: p.id, fy: 2570 }, p.token);
    expect(after.data.leaveBalance.vacation).toMatchObject({ used: 0, pending: 20, remaining: 0 });
  });

  it('gives no vacation in the first six months of service', async () => {
    const start = addMonths(today, -2);
    const p = await person(undefined, { serviceStartDate: start });
    let monday = addDays(today, 14);
    while (dayOfWeek(monday) !== 1) monday = addDays(monday, 1);
    const res = await request(p.token, {
      leaveType: 'VACATION',
      startDate: monday,
      endDate: addDays(monday, 4),
    });
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/6 เดือน/);
    const balance = await h.q(BALANCE, { s: p.id, fy: 2570 }, p.token);
    expect(balance.data.leaveBalance.vacation).toMatchObject({
      eligible: false,
      entitledThisYear: 10,
      carriedOver: 0,
    });
  });
});

describe('approval chain', () => {
  it('sends a teacher’s leave to the school director, who alone may decide it, with a comment and an event', async () => {
    const p = await person();
    const filed = await request(p.token, {
      leaveType: 'PERSONAL_BUSINESS',
      startDate: '2027-04-19',
      endDate: '2027-04-20',
      reason: 'ธุระครอบครัว',
    });
    const leave = filed.data.requestLeave;
    expect(leave).toMatchObject({
      approverLevel: 'SCHOOL_DIRECTOR',
      approverOrgCode: schoolA.obecCode,
      status: 'PENDING',
    });

    const inbox = await h.q(
      `{ leaveRequestsAwaitingMyDecision(first: 100) { edges { node { id } } } }`,
      {},
      directorA,
    );
    expect(inbox.data.leaveRequestsAwaitingMyDecision.edges.map((e: any) => e.node.id)).toContain(leave.id);

    // Who may see the request but is not its approver: FORBIDDEN; who may not see it: NOT_FOUND, as for an unknown id.
    for (const [t, expected] of [
      [p.token, 'FORBIDDEN'],
      [await token('area-director', area), 'FORBIDDEN'],
      [admin, 'FORBIDDEN'],
      [await token('school-director', schoolB.obecCode), 'NOT_FOUND'],
      [await token('school-staff', schoolA.obecCode), 'NOT_FOUND'],
    ] as const) {
      const res = await h.q(DECIDE, { id: leave.id, d: 'APPROVE' }, t);
      expect(code(res)).toBe(expected);
      expect(JSON.stringify(res.errors)).not.toContain(schoolA.obecCode);
    }
    const unknown = await h.q(
      DECIDE,
      { id: '00000000-0000-4000-8000-000000000000', d: 'APPROVE' },
      directorA,
    );
    const outOfReach = await h.q(
      DECIDE,
      { id: leave.id, d: 'APPROVE' },
      await token('school-director', schoolB.obecCode),
    );
    expect(outOfReach.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    expect(outOfReach.errors?.[0]?.extensions).toEqual(unknown.errors?.[0]?.extensions);
    const approved = await h.q(DECIDE, { id: leave.id, d: 'APPROVE', c: 'อนุญาต' }, directorA);
    expect(approved.errors).toBeUndefined();
    expect(approved.data.decideLeave).toMatchObject({
      status: 'APPROVED',
      decidedBy: `test:director:${schoolA.obecCode}`,
      decisionComment: 'อนุญาต',
    });
    expect(code(await h.q(DECIDE, { id: leave.id, d: 'REJECT' }, directorA))).toBe('CONFLICT');
    const events = await decidedEvents(leave.id);
    expect(events).toHaveLength(1);
    expect(events[0].envelope.payload).toMatchObject({
      decision: 'APPROVED',
      leaveType: 'PERSONAL_BUSINESS',
      days: '2',
      fiscalYear: 2570,
      approverLevel: 'SCHOOL_DIRECTOR',
      schoolCode: schoolA.obecCode,
    });
    expect(JSON.stringify(events[0].envelope)).not.toContain('ธุระครอบครัว');
  });

  it('sends a director’s leave to the area office; the director cannot approve it', async () => {
    const d = await person({ schoolId: schoolB.id, positionType: 'DIRECTOR' });
    const filed = await request(d.token, {
      leaveType: 'SICK',
      startDate: '2027-04-19',
      endDate: '2027-04-19',
    });
    const leave = filed.data.requestLeave;
    expect(leave).toMatchObject({ approverLevel: 'AREA_OFFICE', approverOrgCode: area });
    expect(code(await h.q(DECIDE, { id: leave.id, d: 'APPROVE' }, d.token))).toBe('FORBIDDEN');
    expect(
      code(await h.q(DECIDE, { id: leave.id, d: 'APPROVE' }, await token('area-director', otherArea))),
    ).toBe('NOT_FOUND');
    const rejected = await h.q(
      DECIDE,
      { id: leave.id, d: 'REJECT', c: 'ขอเอกสารเพิ่มเติม' },
      await token('area-director', area),
    );
    expect(rejected.data.decideLeave).toMatchObject({
      status: 'REJECTED',
      decisionComment: 'ขอเอกสารเพิ่มเติม',
    });
    expect((await decidedEvents(leave.id))[0].envelope.payload.decision).toBe('REJECTED');
  });

  it('prints the form’s running totals: approved days of the same type earlier in the fiscal year', async () => {
    const p = await person();
    const approve = async (startDate: string, endDate: string) => {
      const r = await request(p.token, { leaveType: 'SICK', startDate, endDate });
      await h.q(DECIDE, { id: r.data.requestLeave.id, d: 'APPROVE' }, directorA);
    };
    await approve('2026-10-05', '2026-10-06'); // 2 days
    await approve('2026-11-02', '2026-11-04'); // 3 days
    const third = await request(p.token, {
      leaveType: 'SICK',
      startDate: '2027-01-05',
      endDate: '2027-01-05',
    });
    expect(third.data.requestLeave.totals).toEqual({
      previousDays: 5,
      thisRequestDays: 1,
      totalDays: 6,
      lastLeave: { startDate: '2026-11-02', endDate: '2026-11-04', days: 3 },
    });
  });
});

describe('cancellation', () => {
  it('lets the requester cancel a pending request without an event, and an approved future one with a CANCELLED event', async () => {
    const p = await person();
    const pending = await request(p.token, {
      leaveType: 'SICK',
      startDate: '2027-05-03',
      endDate: '2027-05-03',
    });
    const cancelled = await h.q(CANCEL, { id: pending.data.requestLeave.id, r: 'หายป่วยแล้ว' }, p.token);
    expect(cancelled.data.cancelLeave).toMatchObject({
      status: 'CANCELLED',
      cancelledBy: p.subject,
      cancelReason: 'หายป่วยแล้ว',
    });
    expect(await decidedEvents(pending.data.requestLeave.id)).toHaveLength(0);
    expect(code(await h.q(CANCEL, { id: pending.data.requestLeave.id }, p.token))).toBe('CONFLICT');

    const future = await request(p.token, {
      leaveType: 'PERSONAL_BUSINESS',
      startDate: '2027-05-10',
      endDate: '2027-05-10',
    });
    await h.q(DECIDE, { id: future.data.requestLeave.id, d: 'APPROVE' }, directorA);
    // A colleague may not even see the request: answered like an unknown id.
    expect(
      code(
        await h.q(CANCEL, { id: future.data.requestLeave.id }, await token('school-staff', schoolA.obecCode)),
      ),
    ).toBe('NOT_FOUND');
    expect(
      code(await h.q(CANCEL, { id: future.data.requestLeave.id }, await token('area-officer', area))),
    ).toBe('FORBIDDEN');
    const done = await h.q(CANCEL, { id: future.data.requestLeave.id }, p.token);
    expect(done.data.cancelLeave.status).toBe('CANCELLED');
    const events = await decidedEvents(future.data.requestLeave.id);
    expect(events.map((e: any) => e.envelope.payload.decision)).toEqual(['APPROVED', 'CANCELLED']);
  });

  it('leaves an approved leave that has started to the approver to cancel', async () => {
    const p = await person();
    const start = addDays(today, -3);
    const past = await request(p.token, {
      leaveType: 'MATERNITY',
      startDate: start,
      endDate: addDays(today, 1),
    });
    expect(past.errors).toBeUndefined();
    await h.q(DECIDE, { id: past.data.requestLeave.id, d: 'APPROVE' }, directorA);
    expect(code(await h.q(CANCEL, { id: past.data.requestLeave.id }, p.token))).toBe('FORBIDDEN');
    const byApprover = await h.q(CANCEL, { id: past.data.requestLeave.id, r: 'ยื่นผิดประเภท' }, directorA);
    expect(byApprover.data.cancelLeave.status).toBe('CANCELLED');
  });
});
