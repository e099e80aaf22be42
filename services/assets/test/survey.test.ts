import { tokenFor } from '@smss/testing';
import { buildingSurveyClosedPayload } from '@smss/events';
import {
  buildingInput,
  M,
  ok,
  outbox,
  refusal,
  startAssets,
  type AssetsHarness,
  type TestSchool,
} from './support';

/*
 * The yearly building survey through the subgraph, with "today" pinned: inside the October window of
 * fiscal year 2570 (1–30 October 2026), then after it, then after OBEC closed the round.
 */
let today = '2026-10-15';
let h: AssetsHarness;
let a: TestSchool;
let b: TestSchool;
let c: TestSchool;
let t: Record<
  'staffA' | 'staffB' | 'staffC' | 'directorA' | 'areaA' | 'areaOther' | 'admin' | 'analyst',
  string
>;

beforeAll(async () => {
  h = await startAssets({ today: () => today });
  a = await h.addSchool('9621');
  b = await h.addSchool('9621');
  c = await h.addSchool('9622');
  t = {
    staffA: await tokenFor('school-staff', a.obecCode),
    staffB: await tokenFor('school-staff', b.obecCode),
    staffC: await tokenFor('school-staff', c.obecCode),
    directorA: await tokenFor('school-director', a.obecCode),
    areaA: await tokenFor('area-officer', '9621'),
    areaOther: await tokenFor('area-officer', '9622'),
    admin: await tokenFor('obec-admin', 'OBEC'),
    analyst: await tokenFor('obec-analyst', 'OBEC'),
  };
  for (const [school, token] of [
    [a, t.staffA],
    [b, t.staffB],
    [c, t.staffC],
  ] as const) {
    ok(
      await h.q(
        M.building,
        { i: buildingInput(school.id, { name: 'อาคาร 1', condition: 'DILAPIDATED', floorArea: 500.25 }) },
        token,
      ),
    );
    ok(
      await h.q(
        M.building,
        {
          i: buildingInput(school.id, {
            name: 'ส้วม 1',
            typeCode: 'TOILET_STANDARD',
            modelCode: 'สปช.601/26',
            rooms: [],
            floorArea: null,
          }),
        },
        token,
      ),
    );
  }
}, 60_000);
afterAll(() => h?.stop());

describe('the building survey round of fiscal year 2570', () => {
  let surveyA: string;

  it('is scheduled by OBEC administrators only, 1–30 October by default', async () => {
    expect(refusal(await h.q(M.schedule, { i: { fiscalYear: 2570 } }, t.analyst)).code).toBe('FORBIDDEN');
    const round = ok(await h.q(M.schedule, { i: { fiscalYear: 2570 } }, t.admin)).scheduleBuildingSurveyRound;
    expect(round).toMatchObject({
      fiscalYear: 2570,
      opensOn: '2026-10-01',
      closesOn: '2026-10-30',
      status: 'OPEN',
      closedAt: null,
    });
    const outside = await h.q(M.schedule, { i: { fiscalYear: 2570, opensOn: '2027-10-01' } }, t.admin);
    expect(outside.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const rounds = ok(
      await h.q(`{ buildingSurveyRounds(fiscalYear: 2570) { fiscalYear status } }`, {}, t.staffA),
    ).buildingSurveyRounds;
    expect(rounds).toEqual([{ fiscalYear: 2570, status: 'OPEN' }]);
  });

  it('takes a school’s submission inside the window, copying its buildings as they stand', async () => {
    const s = ok(await h.q(M.submit, { s: a.id, fy: 2570 }, t.staffA)).submitBuildingSurvey;
    surveyA = s.id;
    expect(s).toMatchObject({
      status: 'SUBMITTED',
      frozen: false,
      conditionCounts: { good: 1, needsRepair: 0, dilapidated: 1, unsafe: 0, total: 2 },
    });
    expect(s.lines.map((l: { name: string }) => l.name).sort()).toEqual(['ส้วม 1', 'อาคาร 1']);
    ok(await h.q(M.submit, { s: b.id, fy: 2570 }, t.staffB));
    ok(await h.q(M.submit, { s: c.id, fy: 2570 }, t.staffC));
  });

  it('is checked by the school’s own area office: a return needs a note; another area cannot see it', async () => {
    expect(refusal(await h.q(M.review, { id: surveyA, d: 'ACCEPT' }, t.directorA)).code).toBe('FORBIDDEN');
    const other = await h.q(M.review, { id: surveyA, d: 'ACCEPT' }, t.areaOther);
    expect(refusal(other).code).toBe('NOT_FOUND');
    expect(refusal(await h.q(M.review, { id: surveyA, d: 'RETURN' }, t.areaA)).code).toBe('BAD_USER_INPUT');
    const returned = ok(
      await h.q(M.review, { id: surveyA, d: 'RETURN', n: 'ตรวจสอบพื้นที่ใช้สอยอาคาร 1' }, t.areaA),
    ).reviewBuildingSurvey;
    expect(returned).toMatchObject({ status: 'RETURNED', reviewNote: 'ตรวจสอบพื้นที่ใช้สอยอาคาร 1' });
    const list = ok(
      await h.q(
        `{ buildingSurveyRounds(fiscalYear: 2570) { surveys(first: 10) { totalCount edges { node { school { id } status } } } } }`,
        {},
        t.areaA,
      ),
    ).buildingSurveyRounds[0].surveys;
    expect(list.totalCount).toBe(2);
  });

  it('refuses a first submission after the window, but takes a returned survey again until the round closes', async () => {
    today = '2026-11-05';
    const d = await h.addSchool('9621');
    const late = await h.q(M.submit, { s: d.id, fy: 2570 }, await tokenFor('school-staff', d.obecCode));
    expect(refusal(late)).toEqual({ code: 'CONFLICT', reason: 'WINDOW_ENDED' });
    expect(late.errors?.[0]?.extensions?.messageTh).toMatch(/หมดเวลาส่ง/);
    const again = ok(await h.q(M.submit, { s: a.id, fy: 2570 }, t.staffA)).submitBuildingSurvey;
    expect(again.status).toBe('SUBMITTED');
    ok(await h.q(M.review, { id: again.id, d: 'ACCEPT' }, t.areaA));
    expect(refusal(await h.q(M.submit, { s: a.id, fy: 2570 }, t.staffA))).toEqual({
      code: 'CONFLICT',
      reason: 'ALREADY_ACCEPTED',
    });
    const resubmitB = await h.q(M.submit, { s: b.id, fy: 2570 }, t.staffB);
    expect(refusal(resubmitB)).toEqual({ code: 'CONFLICT', reason: 'WINDOW_ENDED' });
  });

  it('is closed by OBEC: every survey frozen, one closed event per submitted school with its figures', async () => {
    const before = (await outbox(h, 'assets.building-survey.closed.v1')).length;
    const closed = ok(await h.q(M.close, { fy: 2570 }, t.admin)).closeBuildingSurveyRound;
    expect(closed.status).toBe('CLOSED');
    const events = (await outbox(h, 'assets.building-survey.closed.v1')).slice(before);
    expect(events.map((e) => e.schoolId).sort()).toEqual([a.id, b.id, c.id].sort());
    for (const e of events) expect(buildingSurveyClosedPayload.parse(e)).toBeTruthy();
    expect(events.find((e) => e.schoolId === a.id)).toMatchObject({
      fiscalYear: 2570,
      schoolCode: a.obecCode,
      areaOfficeCode: '9621',
      provinceCode: '96',
      accepted: true,
      buildings: 2,
      byCondition: { good: 1, needsRepair: 0, dilapidated: 1, unsafe: 0 },
      floorArea: '500.25',
      classrooms: 5,
    });
    expect(events.find((e) => e.schoolId === b.id)?.accepted).toBe(false);
    const frozen = await h.sql(`SELECT status, frozen FROM building_survey ORDER BY status`);
    expect(frozen.every((s) => s.frozen && s.status === 'CLOSED')).toBe(true);
  });

  it('refuses any submission, review or reschedule after the close, and closing twice', async () => {
    expect(refusal(await h.q(M.submit, { s: c.id, fy: 2570 }, t.staffC))).toEqual({
      code: 'CONFLICT',
      reason: 'ROUND_CLOSED',
    });
    const [sb] = await h.sql(`SELECT id FROM building_survey WHERE school_id = $1`, [b.id]);
    expect(refusal(await h.q(M.review, { id: sb.id, d: 'ACCEPT' }, t.areaA))).toEqual({
      code: 'CONFLICT',
      reason: 'ROUND_CLOSED',
    });
    expect(refusal(await h.q(M.schedule, { i: { fiscalYear: 2570 } }, t.admin))).toEqual({
      code: 'CONFLICT',
      reason: 'ROUND_CLOSED',
    });
    expect(refusal(await h.q(M.close, { fy: 2570 }, t.admin))).toEqual({
      code: 'CONFLICT',
      reason: 'ROUND_CLOSED',
    });
  });

  it('keeps a closed survey as it was submitted when the building changes later', async () => {
    const [building] = await h.sql(
      `SELECT id, version FROM building WHERE school_id = $1 AND name = 'อาคาร 1'`,
      [a.id],
    );
    ok(
      await h.q(
        M.updateBuilding,
        { id: building.id, v: building.version, i: { condition: 'UNSAFE' } },
        t.staffA,
      ),
    );
    const survey = ok(
      await h.q(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on School { buildingSurvey(fiscalYear: 2570) {
        status frozen conditionCounts { dilapidated unsafe } } } } }`,
        { r: [{ __typename: 'School', id: a.id }] },
        t.directorA,
      ),
    )._entities[0].buildingSurvey;
    expect(survey).toEqual({
      status: 'CLOSED',
      frozen: true,
      conditionCounts: { dilapidated: 1, unsafe: 0 },
    });
  });

  it('refuses a submission for a fiscal year without a round', async () => {
    expect(refusal(await h.q(M.submit, { s: a.id, fy: 2571 }, t.staffA))).toEqual({
      code: 'CONFLICT',
      reason: 'NO_ROUND',
    });
  });
});
