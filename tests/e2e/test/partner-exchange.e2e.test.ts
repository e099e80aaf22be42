import { createHash } from 'node:crypto';
import { syntheticNationalId } from '@smss/thai';
import { FIRST_PARTY_OPERATIONS } from '@smss/gateway';
import { eventually, gql, rawLeaks, tokenFor } from '@smss/testing';
import { startPlatform, type Platform } from './platform';

/**
 * Partner exchange through the gateway, with ordinary tokens: an OBEC administrator records EEF's and
 * Q-Info's agreements (area office 1601) as data and registers their operations; the partners then read
 * pseudonymised records of their area only, by registered operation only, and follow the change feed
 * (create, update, transfer, delete) in order, across a restart of the exchange subgraph; a revocation takes
 * effect within the gateway's agreement cache time.
 */
const YEAR = 2569;
const AREA = '1601';

let p: Platform;
let inArea: { id: string; obecCode: string };
let outside: { id: string; obecCode: string };
const tokens: Record<string, string> = {};
const pupils: Array<{ id: string; nationalId: string; firstNameTh: string }> = [];

const as = (who: string, query: string, variables: Record<string, unknown> = {}, extensions?: unknown) =>
  extensions
    ? fetch(p.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` },
        body: JSON.stringify({ variables, extensions }),
      }).then(async (res) => ({
        status: res.status,
        ...((await res.json()) as { data?: any; errors?: any[] }),
      }))
    : gql(p.gatewayUrl, query, variables, { token: tokens[who], asGateway: false });

const STUDENTS = `query EefStudents($id: ID) { school(id: $id) { students(first: 50) { totalCount edges { node { pseudonym gender } } } } }`;
const GREEDY = `query Greedy($id: ID) { school(id: $id) { students(first: 50) { edges { node { pseudonym nationalId firstNameTh lastNameTh birthDate } } } } }`;
const FEED = `query EefFeed($since: String) { changes(since: $since, types: [STUDENT], first: 1000) { entries { cursor change pseudonym student { pseudonym } } endCursor hasMore } }`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const terms = (partnerCode: string) => ({
  partnerCode,
  nameTh: partnerCode === 'EEF' ? 'กองทุนเพื่อความเสมอภาคทางการศึกษา' : 'ระบบสารสนเทศเพื่อความเสมอภาค',
  nameEn: partnerCode === 'EEF' ? 'Equitable Education Fund' : 'Q-Info',
  areaOfficeCodes: [AREA],
  include: [
    { type: 'Student', fields: ['pseudonym', 'gender'] },
    { type: 'ChangeEntry', fields: ['cursor', 'change', 'pseudonym', 'student'] },
  ],
  purposes: ['การคัดกรองนักเรียนยากจนและการโอนเงินอุดหนุนแบบมีเงื่อนไข'],
  validFrom: '2026-01-01',
  validTo: '2028-12-31',
});

async function pick(area: string) {
  const res = await gql(
    p.gatewayUrl,
    `{ schools(first: 1, filter: { areaOfficeCode: "${area}", schoolType: PRIMARY, status: OPEN }) { edges { node { id obecCode } } } }`,
    {},
    { token: tokens.admin, asGateway: false },
  );
  return res.data.schools.edges[0].node as { id: string; obecCode: string };
}

async function register(school: { obecCode: string }, i: number) {
  const nationalId = syntheticNationalId(970_000 + Math.floor(Math.random() * 2_000) * 10 + i);
  const firstNameTh = ['ปิติ', 'มานี', 'ชูใจ', 'วีระ'][i]!;
  const res = await as('admin', `mutation($i: RegisterStudentInput!) { registerStudent(input: $i) { id } }`, {
    i: {
      nationalId,
      prefix: 'เด็กหญิง',
      firstNameTh,
      lastNameTh: 'แลกเปลี่ยนข้อมูล',
      birthDate: '2017-03-04',
      gender: 'FEMALE',
      schoolCode: school.obecCode,
      academicYear: YEAR,
      gradeLevel: 'P3',
      classroom: '1',
      startedOn: '2026-05-16',
    },
  });
  expect(res.errors).toBeUndefined();
  return { id: res.data.registerStudent.id as string, nationalId, firstNameTh };
}

beforeAll(async () => {
  p = await startPlatform({ agreementCacheMs: 300 });
  tokens.admin = await tokenFor('obec-admin', 'OBEC');
  tokens.eef = await tokenFor('partner', 'EEF');
  tokens.qinfo = await tokenFor('partner', 'QINFO');
  tokens.nobody = await tokenFor('partner', 'NOAGREEMENT');
  inArea = await pick(AREA);
  outside = await pick('1602');
  tokens.school = await tokenFor('school-staff', inArea.obecCode);
  await eventually(async () => {
    const replica = async (name: string) =>
      (await p.services[name]!.dataSource.query(
        `SELECT 1 FROM directory_school_replica WHERE school_id = ANY($1::uuid[])`,
        [[inArea.id, outside.id]],
      )) as unknown[];
    return (await replica('students')).length === 2 && (await replica('exchange')).length === 2;
  }, 30_000);
  for (const code of ['EEF', 'QINFO']) {
    const created = await as(
      'admin',
      `mutation($i: PartnerAgreementInput!) { createPartnerAgreement(input: $i) { partnerCode inForce } }`,
      { i: terms(code) },
    );
    expect(created.errors).toBeUndefined();
    for (const [name, document] of Object.entries({ STUDENTS, GREEDY, FEED })) {
      const reg = await as(
        'admin',
        `mutation($c: String!, $n: String!, $d: String!) { registerPartnerOperation(partnerCode: $c, name: $n, document: $d) { version } }`,
        { c: code, n: name, d: document },
      );
      expect(reg.errors).toBeUndefined();
    }
  }
}, 240_000);
afterAll(() => p?.stop());

describe('partner exchange through the gateway', () => {
  let cursor0: string;
  const pseudonyms: string[] = [];

  it('starts the feed cursor before any change (a partner syncs from here)', async () => {
    const feed = await as('eef', FEED);
    expect(feed.errors).toBeUndefined();
    cursor0 = feed.data.changes.endCursor;
    expect(cursor0).toMatch(/^\d+$/);
    for (let i = 0; i < 3; i++) pupils.push(await register(inArea, i));
    pupils.push(await register(outside, 3));
  });

  it('runs registered operations only: ad-hoc text is refused, the registered text or its hash alone runs', async () => {
    const adHoc = await as('eef', `{ school(id: "${inArea.id}") { students(first: 5) { totalCount } } }`);
    expect(adHoc.status).toBe(403);
    expect(adHoc.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'OPERATION_NOT_REGISTERED',
    });
    expect(adHoc.errors?.[0]?.extensions?.messageTh).toBe(
      'คำสั่งนี้ไม่ได้ลงทะเบียนไว้ในข้อตกลงการแลกเปลี่ยนข้อมูลของหน่วยงาน',
    );
    const byText = await as('eef', STUDENTS, { id: inArea.id });
    expect(byText.errors).toBeUndefined();
    const byHash = await as(
      'eef',
      '',
      { id: inArea.id },
      { persistedQuery: { version: 1, sha256Hash: sha256(STUDENTS) } },
    );
    expect(byHash.errors).toBeUndefined();
    expect(byHash.data).toEqual(byText.data);
    const unknownHash = await as(
      'eef',
      '',
      {},
      { persistedQuery: { version: 1, sha256Hash: sha256('{ x }') } },
    );
    expect(unknownHash.errors?.[0]?.extensions?.reason).toBe('OPERATION_NOT_REGISTERED');
    // The dashboard's own documents are first-party: a partner under an agreement can still use the dashboard.
    const dashboard = [...FIRST_PARTY_OPERATIONS.values()].find((d) => d.includes('DashboardPlaceFlat'))!;
    const warRoom = await as('eef', dashboard, { level: 'AREA_OFFICE', code: AREA });
    expect(warRoom.errors).toBeUndefined();
    expect(warRoom.data.warRoom.code).toBe(AREA);
    // A partner without an agreement keeps ad-hoc queries, and reaches aggregates only.
    const noAgreement = await as(
      'nobody',
      `query($id: ID) { school(id: $id) { students(first: 5) { totalCount } } }`,
      { id: inArea.id },
    );
    expect(noAgreement.errors).toBeUndefined();
    expect(noAgreement.data.school.students.totalCount).toBe(0);
  });

  it('gives a stable pseudonym per partner, different between partners, and no raw personal value on a full-profile query', async () => {
    const first = await as('eef', STUDENTS, { id: inArea.id });
    const again = await as('eef', STUDENTS, { id: inArea.id });
    const other = await as('qinfo', STUDENTS, { id: inArea.id });
    const list = (r: any) => r.data.school.students.edges.map((e: any) => e.node.pseudonym).sort();
    expect(first.data.school.students.totalCount).toBe(3);
    expect(list(first)).toHaveLength(3);
    for (const ps of list(first)) expect(ps).toMatch(/^P[0-9a-f]{24}$/);
    expect(list(again)).toEqual(list(first));
    expect(list(other).filter((x: string) => list(first).includes(x))).toEqual([]);
    const greedy = await as('eef', GREEDY, { id: inArea.id });
    const raw = pupils.flatMap((s) => [s.nationalId, s.firstNameTh, 'แลกเปลี่ยนข้อมูล', '2017-03-04', s.id]);
    expect(rawLeaks(greedy, raw)).toEqual([]);
    expect(greedy.data.school.students.edges[0].node).toMatchObject({
      nationalId: null,
      firstNameTh: null,
      birthDate: null,
    });
    expect(rawLeaks(first, raw)).toEqual([]);
    // A school outside the agreement: no records.
    const out = await as('eef', STUDENTS, { id: outside.id });
    expect(out.data.school.students).toEqual({ totalCount: 0, edges: [] });
    // The pseudonyms in registration order (the feed is checked against them).
    const byId = await Promise.all(
      pupils.slice(0, 3).map(async (s) => {
        const r = await gql(
          p.services.students!.url,
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Student { pseudonym } } }`,
          { r: [{ __typename: 'Student', id: s.id }] },
          {
            token: tokens.eef,
            agreement: {
              id: 'x',
              partnerCode: 'EEF',
              areaOfficeCodes: [AREA],
              schoolCodes: [],
              include: { Student: ['pseudonym'] },
              purposes: ['x'],
              keyVersion: 1,
              validTo: '2028-12-31',
            },
          },
        );
        return r.data._entities[0].pseudonym as string;
      }),
    );
    expect([...byId].sort()).toEqual(list(first));
    pseudonyms.push(...byId);
  });

  it('replays exactly the changes made, in order, by pseudonym, across a restart of the exchange subgraph', async () => {
    const [s1, s2, s3] = pupils;
    // Update s1 (a disability recorded changes the student's own record), transfer s2 towards the school
    // outside the area (accepted there), delete s3 (registered in error).
    const updated = await as(
      'admin',
      `mutation($i: RecordDisabilitySupportInput!) { recordDisabilitySupport(input: $i) { id } }`,
      {
        i: {
          studentId: s1!.id,
          academicYear: YEAR,
          disabilityType: 'บกพร่องทางการมองเห็น',
          support: 'แว่นขยาย',
          receivedOn: '2026-11-02',
        },
      },
    );
    expect(updated.errors).toBeUndefined();
    const released = await as(
      'admin',
      `mutation($i: ReleaseStudentInput!) { releaseStudent(input: $i) { id } }`,
      {
        i: { studentId: s2!.id, toSchoolCode: outside.obecCode },
      },
    );
    expect(released.errors).toBeUndefined();
    const accepted = await as(
      'admin',
      `mutation($i: AcceptTransferInput!) { acceptTransfer(input: $i) { id } }`,
      {
        i: {
          transferId: released.data.releaseStudent.id,
          schoolCode: outside.obecCode,
          gradeLevel: 'P3',
          classroom: '2',
        },
      },
    );
    expect(accepted.errors).toBeUndefined();
    const deleted = await as(
      'admin',
      `mutation($id: ID!) { deleteStudent(id: $id, reason: "ลงทะเบียนซ้ำโดยผิดพลาด") { id } }`,
      { id: s3!.id },
    );
    expect(deleted.errors).toBeUndefined();
    const expected = [
      ['ENROLLED', pseudonyms[0]],
      ['ENROLLED', pseudonyms[1]],
      ['ENROLLED', pseudonyms[2]],
      ['UPDATED', pseudonyms[0]],
      ['TRANSFERRED_OUT', pseudonyms[1]],
      ['DELETED', pseudonyms[2]],
    ];
    const read = async (since: string) => {
      const r = await as('eef', FEED, { since });
      expect(r.errors).toBeUndefined();
      return r.data.changes;
    };
    let feed: any;
    await eventually(async () => {
      feed = await read(cursor0);
      return feed.entries.length >= expected.length;
    }, 30_000);
    // The acceptance at the school outside the area and the pupil there are not in EEF's feed.
    expect(feed.entries.map((e: any) => [e.change, e.pseudonym])).toEqual(expected);
    expect(feed.entries[5].student).toBeNull();
    expect(feed.entries[0].student).toEqual({ pseudonym: pseudonyms[0] });
    const positions = feed.entries.map((e: any) => BigInt(e.cursor));
    expect(positions.every((x: bigint, i: number) => i === 0 || x > positions[i - 1])).toBe(true);
    const end = feed.endCursor;

    await p.restart('exchange');
    const replay = await read(cursor0);
    expect(replay.entries.map((e: any) => [e.change, e.pseudonym])).toEqual(expected);
    expect((await read(end)).entries).toEqual([]);
    const left = await as(
      'admin',
      `mutation($i: RecordLeavingInput!) { recordLeaving(input: $i) { status } }`,
      {
        i: { studentId: s1!.id, reason: 'MOVED_ABROAD' },
      },
    );
    expect(left.errors).toBeUndefined();
    await eventually(async () => (await read(end)).entries.length === 1, 30_000);
    expect((await read(end)).entries.map((e: any) => [e.change, e.pseudonym])).toEqual([
      ['LEFT', pseudonyms[0]],
    ]);
  });

  it('revokes an agreement within the cache time: the partner is back to aggregates only', async () => {
    const revoked = await as(
      'admin',
      `mutation { revokePartnerAgreement(partnerCode: "QINFO", reason: "สิ้นสุดบันทึกข้อตกลง") { status } }`,
    );
    expect(revoked.errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 400));
    const adHoc = await as(
      'qinfo',
      `query($id: ID) { school(id: $id) { students(first: 5) { totalCount edges { node { pseudonym } } } } }`,
      { id: inArea.id },
    );
    expect(adHoc.errors).toBeUndefined();
    expect(adHoc.data.school.students).toEqual({ totalCount: 0, edges: [] });
  });
});
