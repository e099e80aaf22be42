import { infrastructureReportedPayload } from '@smss/events';
import { tokenFor } from '@smss/testing';
import {
  assetInput,
  M,
  ok,
  outbox,
  procurementInput,
  refusal,
  STAFF,
  startAssets,
  type AssetsHarness,
  type TestSchool,
} from './support';

let h: AssetsHarness;
let school: TestSchool;
let staff: string;

beforeAll(async () => {
  h = await startAssets({ today: () => '2026-12-01' });
  school = await h.addSchool('9641');
  staff = await tokenFor('school-staff', school.obecCode);
}, 60_000);
afterAll(() => h?.stop());

describe('procurement (Act B.E. 2560)', () => {
  it('records a procurement with its exact agreed amount and fiscal year', async () => {
    const p = ok(
      await h.q(M.procurement, { i: procurementInput(school.id, { reference: 'ซ 1/2570' }) }, staff),
    ).recordProcurement;
    expect(p).toMatchObject({
      fiscalYear: 2570,
      status: 'ORDERED',
      contractAmount: '98000.00',
      method: 'SPECIFIC',
      items: [{ lineNo: 1, amount: '98000.00', assetCategory: { code: '7440-002' } }],
    });
    const again = await h.q(
      M.procurement,
      { i: procurementInput(school.id, { reference: 'ซ 1/2570' }) },
      staff,
    );
    expect(refusal(again)).toEqual({ code: 'CONFLICT', reason: 'REFERENCE_TAKEN' });
  });

  it('refuses items above the budget and a method outside its amount limits, with Thai messages', async () => {
    const over = await h.q(M.procurement, { i: procurementInput(school.id, { budget: '90000.00' }) }, staff);
    expect(over.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(over.errors?.[0]?.extensions?.messageTh).toMatch(/เกินวงเงินงบประมาณ/);
    const bidding = await h.q(
      M.procurement,
      { i: procurementInput(school.id, { method: 'E_BIDDING', specificGround: null }) },
      staff,
    );
    expect(
      (bidding.errors?.[0]?.extensions?.problems as Array<{ field: string }>).map((p) => p.field),
    ).toEqual(['method']);
  });

  it('turns a received procurement into assets in one step, one per unit with its code', async () => {
    const p = ok(
      await h.q(M.procurement, { i: procurementInput(school.id, { reference: 'ซ 2/2570' }) }, staff),
    ).recordProcurement;
    const early = await h.q(
      M.receive,
      { id: p.id, i: { receivedOn: '2026-11-01', inspectionCommitteeStaffIds: [STAFF(9)] } },
      staff,
    );
    expect(early.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const before = (await outbox(h, 'assets.asset.changed.v1')).length;
    const received = ok(
      await h.q(
        M.receive,
        {
          id: p.id,
          i: { receivedOn: '2026-11-20', inspectionCommitteeStaffIds: [STAFF(9)], location: 'ห้องคอมพิวเตอร์' },
        },
        staff,
      ),
    ).receiveProcurement;
    expect(received).toMatchObject({ status: 'RECEIVED', receivedOn: '2026-11-20' });
    expect(received.assets.totalCount).toBe(4);
    expect(received.assets.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual([
      '7440-002-0001/2570',
      '7440-002-0002/2570',
      '7440-002-0003/2570',
      '7440-002-0004/2570',
    ]);
    for (const { node } of received.assets.edges)
      expect(node).toMatchObject({ cost: '24500.00', acquiredOn: '2026-11-20', procurement: { id: p.id } });
    const events = (await outbox(h, 'assets.asset.changed.v1')).slice(before);
    expect(events.map((e) => e.change)).toEqual(['REGISTERED', 'REGISTERED', 'REGISTERED', 'REGISTERED']);
    expect(
      refusal(
        await h.q(
          M.receive,
          { id: p.id, i: { receivedOn: '2026-11-21', inspectionCommitteeStaffIds: [STAFF(9)] } },
          staff,
        ),
      ),
    ).toEqual({
      code: 'CONFLICT',
      reason: 'RECEIVED',
    });
    const listed = ok(
      await h.q(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on School { procurements(fiscalYear: 2570, first: 10) { totalCount } } } }`,
        {
          r: [{ __typename: 'School', id: school.id }],
        },
        await tokenFor('area-officer', '9641'),
      ),
    )._entities[0].procurements;
    expect(listed.totalCount).toBe(2);
  });

  it('needs an inspection committee of three above 100,000 baht', async () => {
    const big = procurementInput(school.id, {
      reference: 'ซ 3/2570',
      budget: '300000.00',
      items: [
        { description: 'เครื่องปรับอากาศ', quantity: 8, unitPrice: '32500.00', assetCategoryCode: '4120-001' },
      ],
    });
    const p = ok(await h.q(M.procurement, { i: big }, staff)).recordProcurement;
    const one = await h.q(
      M.receive,
      { id: p.id, i: { receivedOn: '2026-11-25', inspectionCommitteeStaffIds: [STAFF(1)] } },
      staff,
    );
    expect(one.errors?.[0]?.extensions?.messageTh).toMatch(/ผู้ตรวจรับอย่างน้อย 3 คน/);
    const three = await h.q(
      M.receive,
      {
        id: p.id,
        i: { receivedOn: '2026-11-25', inspectionCommitteeStaffIds: [STAFF(1), STAFF(2), STAFF(3)] },
      },
      staff,
    );
    expect(ok(three).receiveProcurement.assets.totalCount).toBe(8);
  });
});

describe('infrastructure', () => {
  it('reports internet, electricity and water, with teaching computers counted from the register by age', async () => {
    const s = await h.addSchool('9641');
    const st = await tokenFor('school-staff', s.obecCode);
    for (const acquiredOn of ['2025-01-10', '2023-06-01', '2020-06-01', '2019-05-01'])
      ok(
        await h.q(
          M.asset,
          { i: assetInput(s.id, { categoryCode: '7440-001', acquiredOn, cost: '17000.00' }) },
          st,
        ),
      );
    ok(
      await h.q(M.asset, { i: assetInput(s.id, { categoryCode: '7440-002', usage: 'ADMINISTRATION' }) }, st),
    );
    const input = {
      schoolId: s.id,
      internet: {
        connected: true,
        provider: 'NT',
        connectionType: 'FIBRE',
        downloadMbps: 500,
        uploadMbps: 100,
      },
      electricity: 'GRID_AND_SOLAR',
      waterSources: ['RAINWATER', 'PIPED'],
    };
    const i = ok(await h.q(M.infrastructure, { i: input }, st)).reportInfrastructure;
    expect(i).toMatchObject({
      version: 1,
      reportedOn: '2026-12-01',
      electricity: 'GRID_AND_SOLAR',
      waterSources: ['PIPED', 'RAINWATER'],
      internet: { connected: true, connectionType: 'FIBRE', downloadMbps: 500 },
      // Ages on 2026-12-01: 1, 3, 6 and 7 years; the administration notebook is not a teaching computer.
      teachingComputers: { total: 4, underThreeYears: 1, threeToFiveYears: 1, overFiveYears: 2 },
    });
    const [event] = (await outbox(h, 'assets.infrastructure.reported.v1')).filter((e) => e.schoolId === s.id);
    expect(infrastructureReportedPayload.parse(event)).toMatchObject({
      teachingComputers: 4,
      teachingComputersOverFiveYears: 2,
      version: 1,
    });
    const same = ok(await h.q(M.infrastructure, { i: input }, st)).reportInfrastructure;
    expect(same.version).toBe(1);
    expect(
      (await outbox(h, 'assets.infrastructure.reported.v1')).filter((e) => e.schoolId === s.id),
    ).toHaveLength(1);
    const offline = ok(
      await h.q(
        M.infrastructure,
        { i: { ...input, internet: { connected: false, connectionType: 'NONE', downloadMbps: 30 } } },
        st,
      ),
    ).reportInfrastructure;
    expect(offline).toMatchObject({
      version: 2,
      internet: { connected: false, connectionType: 'NONE', downloadMbps: null },
    });
    const [summary] = await h.sql(`SELECT internet FROM school_asset_summary WHERE school_id = $1`, [s.id]);
    expect(summary.internet).toBe(false);
  });

  it('refuses a connection flag that contradicts the type, and a report by the area office', async () => {
    const bad = await h.q(
      M.infrastructure,
      {
        i: {
          schoolId: school.id,
          internet: { connected: true, connectionType: 'NONE' },
          electricity: 'GRID',
          waterSources: ['PIPED'],
        },
      },
      staff,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const area = await h.q(
      M.infrastructure,
      {
        i: {
          schoolId: school.id,
          internet: { connected: false, connectionType: 'NONE' },
          electricity: 'GRID',
          waterSources: ['PIPED'],
        },
      },
      await tokenFor('area-officer', '9641'),
    );
    expect(refusal(area).code).toBe('FORBIDDEN');
  });
});
