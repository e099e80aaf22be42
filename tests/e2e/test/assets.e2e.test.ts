import { eventually, gql, rawLeaks, tokenFor } from '@smss/testing';
import { fiscalYearOf, fiscalYearRange, todayInBangkok } from '@smss/thai';
import { startPlatform, type Platform } from './platform';

/*
 * The assets subgraph through the gateway, every subgraph composed (real HTTP, NATS, PostgreSQL): the
 * School extension beside the directory's own fields, the area and province summaries, the register with
 * its depreciation, the B-OBEC upload route, the survey round closing into an event, and who sees what.
 */
let p: Platform;
let admin: string;
let school: { id: string; obecCode: string; nameTh: string };
let staff: string;
let director: string;
const today = todayInBangkok();
const fy = fiscalYearOf(today);

const viaGateway = (query: string, variables: Record<string, unknown>, token?: string) =>
  gql(p.gatewayUrl, query, variables, { token, asGateway: false });
const ok = (res: { data?: any; errors?: unknown[] }) => {
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
};

beforeAll(async () => {
  p = await startPlatform();
  admin = await tokenFor('obec-admin', 'OBEC');
  const list = await viaGateway(
    `{ schools(first: 1, filter: { areaOfficeCode: "1602" }) { edges { node { id obecCode nameTh } } } }`,
    {},
    admin,
  );
  school = list.data.schools.edges[0].node;
  staff = await tokenFor('school-staff', school.obecCode);
  director = await tokenFor('school-director', school.obecCode);
  // Assets learns the school from the directory events: wait for its replica.
  await eventually(async () => {
    const r = await viaGateway(
      `mutation($i: ReportInfrastructureInput!) { reportInfrastructure(input: $i) { version } }`,
      {
        i: {
          schoolId: school.id,
          internet: { connected: true, connectionType: 'FIBRE', provider: 'NT', downloadMbps: 200 },
          electricity: 'GRID',
          waterSources: ['PIPED'],
        },
      },
      staff,
    );
    return r.data?.reportInfrastructure ? r : null;
  }, 30_000);
}, 180_000);
afterAll(() => p?.stop(), 120_000);

const SCHOOL = `query($code: String!) {
  school(obecCode: $code) {
    nameTh obecCode
    buildings(first: 10) { totalCount edges { node { name condition modelCode } } }
    assets(first: 10) { totalCount edges { node { code cost bookValue(asOf: "2026-09-30") custodian { id } depreciationSchedule { fiscalYear depreciation } } } }
    infrastructure { internet { connected connectionType downloadMbps } teachingComputers { total } }
    procurements(fiscalYear: ${fy}) { totalCount }
    areaOffice { code nameTh assetSummary { fiscalYear schools assets bookValue buildings { total } schoolsWithInternet } }
    province { code assetSummary { schools assets } }
  }
}`;

describe('assets through the gateway', () => {
  it('answers a school with its directory fields, buildings, register, infrastructure and area and province totals in one query', async () => {
    ok(
      await viaGateway(
        `mutation($i: RecordBuildingInput!) { recordBuilding(input: $i) { id } }`,
        {
          i: {
            schoolId: school.id,
            name: 'อาคารเรียน 1',
            typeCode: 'CLASSROOM_ONPEC',
            modelCode: 'สปช. 105/29',
            yearBuilt: 2530,
            budgetSource: 'OBEC_BUDGET',
            floors: 2,
            condition: 'NEEDS_REPAIR',
          },
        },
        staff,
      ),
    );
    const custodian = '0b7e3a2c-1d4f-4e5a-8b6c-000000000e2e';
    ok(
      await viaGateway(
        `mutation($i: RegisterAssetInput!) { registerAsset(input: $i) { code } }`,
        {
          i: {
            schoolId: school.id,
            categoryCode: '7440-002',
            description: 'โน้ตบุ๊ก',
            acquisitionMethod: 'PURCHASE',
            acquiredOn: '2025-10-01',
            cost: '24500.00',
            usage: 'TEACHING',
            custodianStaffId: custodian,
          },
        },
        staff,
      ),
    );
    const res = await viaGateway(SCHOOL, { code: school.obecCode }, director);
    const s = ok(res).school;
    expect(s).toMatchObject({
      nameTh: school.nameTh,
      buildings: {
        totalCount: 1,
        edges: [{ node: { name: 'อาคารเรียน 1', condition: 'NEEDS_REPAIR', modelCode: 'สปช.105/29' } }],
      },
      assets: {
        totalCount: 1,
        edges: [
          {
            node: {
              code: '7440-002-0001/2569',
              cost: '24500.00',
              bookValue: '19600.00',
              custodian: { id: custodian },
            },
          },
        ],
      },
      infrastructure: {
        internet: { connected: true, connectionType: 'FIBRE', downloadMbps: 200 },
        teachingComputers: { total: 1 },
      },
      procurements: { totalCount: 0 },
      areaOffice: { code: '1602', assetSummary: { fiscalYear: fy } },
      province: { code: '16' },
    });
    expect(s.assets.edges[0].node.depreciationSchedule[0]).toEqual({
      fiscalYear: 2569,
      depreciation: '4900.00',
    });
    expect(s.areaOffice.assetSummary.schools).toBeGreaterThan(100);
    expect(s.areaOffice.assetSummary.assets).toBeGreaterThanOrEqual(1);
    expect(s.areaOffice.assetSummary.schoolsWithInternet).toBeGreaterThanOrEqual(1);
    expect(s.province.assetSummary.schools).toBeGreaterThanOrEqual(s.areaOffice.assetSummary.schools);
  });

  it('gives a partner and another area the totals but no record; an analyst the register without the custodian', async () => {
    const partner = ok(
      await viaGateway(SCHOOL, { code: school.obecCode }, await tokenFor('partner', 'EEF')),
    ).school;
    expect(partner.buildings).toEqual({ totalCount: 0, edges: [] });
    expect(partner.assets).toEqual({ totalCount: 0, edges: [] });
    expect(partner.infrastructure).toBeNull();
    expect(partner.areaOffice.assetSummary.assets).toBeGreaterThanOrEqual(1);
    const otherArea = ok(
      await viaGateway(SCHOOL, { code: school.obecCode }, await tokenFor('area-officer', '1601')),
    ).school;
    expect(otherArea.assets.totalCount).toBe(0);
    const analyst = await viaGateway(
      SCHOOL,
      { code: school.obecCode },
      await tokenFor('obec-analyst', 'OBEC'),
    );
    expect(ok(analyst).school.assets.edges[0].node.custodian).toBeNull();
    expect(rawLeaks(analyst, ['0b7e3a2c-1d4f-4e5a-8b6c-000000000e2e'])).toEqual([]);
    const anonymous = await viaGateway(SCHOOL, { code: school.obecCode });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('imports a B-OBEC CSV through the gateway’s upload route, and refuses another school’s staff', async () => {
    const csv =
      '\uFEFFชื่ออาคาร,ประเภทสิ่งก่อสร้าง,แบบสิ่งก่อสร้าง,ก่อสร้างเมื่อปี พ.ศ.,สภาพการใช้งาน\nส้วม 1,ห้องน้ำห้องส้วม,สปช.601/26,๒๕๔๔,ดี\nบ้านพักครู,บ้านพักครู,,1990,ทรุดโทรม\n';
    const url = `${p.gatewayBase}/upload/assets?schoolCode=${school.obecCode}&fileName=b-obec.csv`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      rows: 2,
      created: 1,
      rejected: 1,
      problems: [{ row: 3, column: 'ก่อสร้างเมื่อปี พ.ศ.' }],
    });
    const stranger = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenFor('school-staff', '1016029999')}`,
        'content-type': 'text/csv',
      },
      body: csv,
    });
    expect(stranger.status).toBe(404);
  });

  it('runs a survey round: submitted inside its window, closed by OBEC into one published event per school', async () => {
    const { end } = fiscalYearRange(fy);
    ok(
      await viaGateway(
        `mutation($i: ScheduleBuildingSurveyRoundInput!) { scheduleBuildingSurveyRound(input: $i) { status } }`,
        { i: { fiscalYear: fy, opensOn: today, closesOn: end } },
        admin,
      ),
    );
    const submitted = ok(
      await viaGateway(
        `mutation($s: ID!, $fy: Int!) { submitBuildingSurvey(schoolId: $s, fiscalYear: $fy) { id status conditionCounts { total } } }`,
        { s: school.id, fy },
        staff,
      ),
    ).submitBuildingSurvey;
    expect(submitted).toMatchObject({ status: 'SUBMITTED', conditionCounts: { total: 2 } });
    const closed = ok(
      await viaGateway(
        `mutation($fy: Int!) { closeBuildingSurveyRound(fiscalYear: $fy) { status } }`,
        { fy },
        admin,
      ),
    );
    expect(closed.closeBuildingSurveyRound.status).toBe('CLOSED');
    const late = await viaGateway(
      `mutation($s: ID!, $fy: Int!) { submitBuildingSurvey(schoolId: $s, fiscalYear: $fy) { id } }`,
      { s: school.id, fy },
      staff,
    );
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ROUND_CLOSED' });
    expect(late.errors?.[0]?.extensions?.messageTh).toMatch(/ปิดแล้ว/);
    // The relay published the event to JetStream (the outbox row is marked once JetStream acknowledged it).
    await eventually(async () => {
      const [row] = await p.services.assets!.dataSource.query(
        `SELECT published_at FROM outbox_event WHERE subject = 'assets.building-survey.closed.v1' AND aggregate_id = $1`,
        [submitted.id],
      );
      return row?.published_at ?? null;
    }, 20_000);
  });

  it('refuses bad input at the edge with BAD_USER_INPUT and a Thai message, never an internal error', async () => {
    for (const [query, variables] of [
      [`{ assets(first: 500) { totalCount } }`, {}],
      [
        `query($c: String!) { school(obecCode: $c) { areaOffice { assetSummary(fiscalYear: 3112) { schools } } } }`,
        { c: school.obecCode },
      ],
      [
        `mutation { registerAsset(input: { schoolId: "${school.id}", categoryCode: "7440-002", description: "x", acquisitionMethod: PURCHASE, acquiredOn: "2569-10-01", cost: "1.00", usage: OTHER }) { id } }`,
        {},
      ],
    ] as const) {
      const res = await viaGateway(query, variables as Record<string, unknown>, admin);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    }
  });
});
