import { tokenFor } from '@smss/testing';
import {
  addSchool,
  codeOf,
  fundedProject,
  M,
  ok,
  publishSnapshot,
  snapshotFor,
  startFinance,
  tokensFor,
  voucherInput,
  waitForInbox,
  type FinanceHarness,
  type TestSchool,
} from './support';

let h: FinanceHarness;
let school: TestSchool;
let t: Awaited<ReturnType<typeof tokensFor>>;
let projectId: string;
let voucherId: string;

beforeAll(async () => {
  h = await startFinance();
  const funded = await fundedProject(h);
  school = funded.school;
  t = funded.t;
  projectId = funded.projectId;
  voucherId = ok(
    await h.q(
      M.voucher,
      {
        i: voucherInput(school.id, projectId, ['500.00'], {
          payee: { kind: 'PERSON', name: 'นายสมชาย ใจดี', taxId: '1101700123456' },
        }),
      },
      t.staff,
    ),
  ).createPaymentVoucher.id;
  const event = await publishSnapshot(h, snapshotFor(school));
  await waitForInbox(h, event.id);
  // A second area's school, so area-level filters have something to hide.
  const other = await addSchool(h, { areaOfficeCode: '9402' });
  await waitForInbox(h, (await publishSnapshot(h, snapshotFor(other))).id);
});
afterAll(() => h.stop());

const SCHOOL_ENTITY = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on School { allocations(fiscalYear: 2569) { amount } } } }`;
const AREA_ENTITY = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on AreaOffice { code allocationSummary(fiscalYear: 2569) { schoolCount total } } } }`;
const PROVINCE_ENTITY = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Province { code allocationSummary(fiscalYear: 2569) { schoolCount total byItem { item amount } } } } }`;
const PROJECT_ENTITY = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Project { id nameTh } } }`;

const outcome = async (query: string, reps: unknown[], token: string | null) => {
  const res = await h.q(query, { reps }, token);
  return res.errors ? codeOf(res) : 'OK';
};

describe('authorisation matrix (subgraph-level, including _entities)', () => {
  it('shows a school’s allocations to its staff, its area office and OBEC; never to other schools, other areas or partners', async () => {
    const reps = [{ __typename: 'School', id: school.id }];
    const matrix = {
      staff: await outcome(SCHOOL_ENTITY, reps, t.staff),
      director: await outcome(SCHOOL_ENTITY, reps, t.director),
      area: await outcome(SCHOOL_ENTITY, reps, t.area),
      obecAdmin: await outcome(SCHOOL_ENTITY, reps, t.obec),
      obecAnalyst: await outcome(SCHOOL_ENTITY, reps, t.analyst),
      otherSchool: await outcome(SCHOOL_ENTITY, reps, t.otherSchool),
      otherArea: await outcome(SCHOOL_ENTITY, reps, t.otherArea),
      partner: await outcome(SCHOOL_ENTITY, reps, t.partner),
      anonymous: await outcome(SCHOOL_ENTITY, reps, null),
    };
    expect(matrix).toEqual({
      staff: 'OK',
      director: 'OK',
      area: 'OK',
      obecAdmin: 'OK',
      obecAnalyst: 'OK',
      otherSchool: 'FORBIDDEN',
      otherArea: 'FORBIDDEN',
      partner: 'FORBIDDEN',
      anonymous: 'UNAUTHENTICATED',
    });
    const res = await h.q(SCHOOL_ENTITY, { reps }, t.staff);
    expect(res.data._entities[0].allocations).toHaveLength(4);
  });

  it('batches several schools in one _entities call and refuses the ones the viewer may not see', async () => {
    const other = await addSchool(h, { areaOfficeCode: '9402' });
    const res = await h.q(
      SCHOOL_ENTITY,
      {
        reps: [
          { __typename: 'School', id: school.id },
          { __typename: 'School', id: other.id },
        ],
      },
      t.area,
    );
    expect(res.data._entities[0].allocations).toHaveLength(4);
    expect(res.data._entities[1]).toBeNull();
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['_entities', 1], 'FORBIDDEN']]);
  });

  it('gives aggregated allocation totals to partners, OBEC and area offices, not to schools', async () => {
    const area = [{ __typename: 'AreaOffice', code: '9401' }];
    const province = [{ __typename: 'Province', code: '94' }];
    const noScopeArea = await tokenFor('area-officer', '9401', []);
    expect({
      partnerArea: await outcome(AREA_ENTITY, area, t.partner),
      partnerProvince: await outcome(PROVINCE_ENTITY, province, t.partner),
      obecProvince: await outcome(PROVINCE_ENTITY, province, t.analyst),
      areaOwn: await outcome(AREA_ENTITY, area, t.area),
      areaWithoutScopeOwn: await outcome(AREA_ENTITY, area, noScopeArea),
      areaWithoutScopeOther: await outcome(
        AREA_ENTITY,
        [{ __typename: 'AreaOffice', code: '9402' }],
        noScopeArea,
      ),
      schoolStaff: await outcome(AREA_ENTITY, area, t.staff),
      schoolProvince: await outcome(PROVINCE_ENTITY, province, t.director),
      anonymous: await outcome(PROVINCE_ENTITY, province, null),
    }).toEqual({
      partnerArea: 'OK',
      partnerProvince: 'OK',
      obecProvince: 'OK',
      areaOwn: 'OK',
      areaWithoutScopeOwn: 'OK',
      areaWithoutScopeOther: 'FORBIDDEN',
      schoolStaff: 'FORBIDDEN',
      schoolProvince: 'FORBIDDEN',
      anonymous: 'UNAUTHENTICATED',
    });
    const summary = ok(await h.q(PROVINCE_ENTITY, { reps: province }, t.partner))._entities[0]
      .allocationSummary;
    expect(summary).toMatchObject({ schoolCount: 2, total: '284770.00' }); // 2 × 142,385.00
  });

  it('lists allocation breakdown rows within the viewer’s area, and refuses partners', async () => {
    const BREAKDOWN = `{ allocationBreakdown(filter: { fiscalYear: 2569 }) { totalCount edges { node { schoolCode areaOfficeCode total } } } }`;
    const area = ok(await h.q(BREAKDOWN, {}, t.area)).allocationBreakdown;
    expect(area.edges.map((e: any) => e.node.areaOfficeCode)).toEqual(['9401']);
    expect(ok(await h.q(BREAKDOWN, {}, t.obec)).allocationBreakdown.totalCount).toBe(2);
    expect(ok(await h.q(BREAKDOWN, {}, t.staff)).allocationBreakdown.totalCount).toBe(1);
    expect(codeOf(await h.q(BREAKDOWN, {}, t.partner))).toBe('FORBIDDEN');
  });

  it('resolves Project entities only for viewers who may see the school', async () => {
    const reps = [{ __typename: 'Project', id: projectId }];
    expect(await outcome(PROJECT_ENTITY, reps, t.staff)).toBe('OK');
    expect(await outcome(PROJECT_ENTITY, reps, t.area)).toBe('OK');
    expect(await outcome(PROJECT_ENTITY, reps, t.otherSchool)).toBe('FORBIDDEN');
    expect(await outcome(PROJECT_ENTITY, reps, t.partner)).toBe('FORBIDDEN');
  });

  it('lets only the school’s staff write, only its director approve, only OBEC admins set rates', async () => {
    const strategy = (token: string) =>
      outcome(M.strategy, [], token).then(() =>
        h.q(
          M.strategy,
          {
            i: {
              schoolId: school.id,
              fiscalYear: 2569,
              code: `S${Math.random()}`.slice(0, 8),
              nameTh: 'กลยุทธ์',
            },
          },
          token,
        ),
      );
    expect(codeOf(await strategy(t.staff))).toBeUndefined();
    expect(codeOf(await strategy(t.otherSchool))).toBe('FORBIDDEN');
    expect(codeOf(await strategy(t.area))).toBe('FORBIDDEN');
    expect(codeOf(await strategy(t.obec))).toBe('FORBIDDEN');
    expect(codeOf(await h.q(M.approveProject, { id: projectId, b: '50000.00' }, t.staff))).toBe('FORBIDDEN');
    expect(codeOf(await h.q(M.approveVoucher, { id: voucherId }, t.staff))).toBe('FORBIDDEN');
    expect(codeOf(await h.q(M.approveVoucher, { id: voucherId }, t.area))).toBe('FORBIDDEN');
    const forbiddenTh = (await h.q(M.approveVoucher, { id: voucherId }, t.staff)).errors![0]!.extensions!
      .messageTh;
    expect(forbiddenTh).toMatch(/ผู้อำนวยการ/);
    const RATE = `mutation($i: SubsidyRateInput!) { setSubsidyRate(input: $i) { item } }`;
    const rate = {
      fiscalYear: 2569,
      item: 'TUITION',
      appliesTo: 'PRIMARY',
      amountPerYear: '1900.00',
      schedule: 'PER_SEMESTER',
      source: 's',
      verified: false,
    };
    expect(codeOf(await h.q(RATE, { i: rate }, t.analyst))).toBe('FORBIDDEN');
    expect(codeOf(await h.q(RATE, { i: rate }, t.area))).toBe('FORBIDDEN');
    expect(codeOf(await h.q(RATE, { i: rate }, t.director))).toBe('FORBIDDEN');
  });

  it('masks a person payee without pii:read and audit-logs every unmasked read', async () => {
    const Q = `query($id: ID!) { paymentVoucher(id: $id) { payee { kind name taxId } } }`;
    const noPii = await tokenFor('area-officer', school.areaOfficeCode, ['aggregates:read']);
    const masked = ok(await h.q(Q, { id: voucherId }, noPii)).paymentVoucher.payee;
    expect(masked).toEqual({ kind: 'PERSON', name: 'น••••••••••••', taxId: '1••••••••••••' });
    const before = await h.service.dataSource.query(`SELECT count(*)::int AS n FROM pii_access_log`);
    const clear = ok(await h.q(Q, { id: voucherId }, t.staff)).paymentVoucher.payee;
    expect(clear).toEqual({ kind: 'PERSON', name: 'นายสมชาย ใจดี', taxId: '1101700123456' });
    const rows = await h.service.dataSource.query(
      `SELECT viewer_subject, viewer_role, viewer_org, record_type, record_id, fields FROM pii_access_log ORDER BY id DESC LIMIT 1`,
    );
    expect(rows).toEqual([
      {
        viewer_subject: `test:school-staff:${school.obecCode}`,
        viewer_role: 'school-staff',
        viewer_org: school.obecCode,
        record_type: 'PaymentVoucher',
        record_id: voucherId,
        fields: ['payee.name', 'payee.taxId'],
      },
    ]);
    const after = await h.service.dataSource.query(`SELECT count(*)::int AS n FROM pii_access_log`);
    expect(after[0].n).toBe(before[0].n + 1);
  });
});
