import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import { createTestDatabase, tokenFor, type GraphQLResponse } from '@smss/testing';
import { CreatePersonalDataAccess1764547200000 } from '@smss/trust';
import { CreateFinance1732406400400 } from '../src/migrations/1732406400400-create-finance';
import { MovePiiAccessLogToPersonalDataAccess1764547200400 } from '../src/migrations/1764547200400-move-pii-access-log-to-personal-data-access';
import {
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
let companyVoucherId: string;
/** A school of another area with a voucher of its own: what the viewers of `school` must not reach. */
let other: { school: TestSchool; voucherId: string; projectId: string; strategyId: string };

const PERSON = { kind: 'PERSON', name: 'นายสมชาย ใจดี', taxId: '1101700123456' };

beforeAll(async () => {
  h = await startFinance({ privateNats: true }); // it publishes DMC snapshots: keep them off the shared NATS
  const funded = await fundedProject(h);
  school = funded.school;
  t = funded.t;
  projectId = funded.projectId;
  voucherId = ok(
    await h.q(M.voucher, { i: voucherInput(school.id, projectId, ['500.00'], { payee: PERSON }) }, t.staff),
  ).createPaymentVoucher.id;
  companyVoucherId = ok(await h.q(M.voucher, { i: voucherInput(school.id, projectId, ['300.00']) }, t.staff))
    .createPaymentVoucher.id;
  const event = await publishSnapshot(h, snapshotFor(school));
  await waitForInbox(h, event.id);
  // A second area's school, so area-level filters have something to hide.
  const o = await fundedProject(h, { areaOfficeCode: '9402' });
  const oVoucher = ok(
    await h.q(
      M.voucher,
      { i: voucherInput(o.school.id, o.projectId, ['100.00'], { payee: PERSON }) },
      o.t.staff,
    ),
  ).createPaymentVoucher.id;
  ok(await h.q(M.approveVoucher, { id: oVoucher }, o.t.director));
  await waitForInbox(h, (await publishSnapshot(h, snapshotFor(o.school))).id);
  other = { school: o.school, voucherId: oVoucher, projectId: o.projectId, strategyId: o.strategyId };
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
const auditOf = (recordId: string) =>
  h.service.dataSource.query(
    `SELECT subject, role, org_code, record_type, record_id, fields, request_id FROM personal_data_access WHERE record_id = $1 ORDER BY id`,
    [recordId],
  );
/** What a response tells about the schools it concerns: none of their ids or codes may appear in an error. */
const errorsName = (res: GraphQLResponse, s: TestSchool) => {
  const said = JSON.stringify(res.errors ?? []);
  return said.includes(s.obecCode) || said.includes(s.id) || said.includes(s.areaOfficeCode);
};

describe('row scope: a school’s records to its staff, its area office and OBEC only', () => {
  it('shows a school’s allocations to its staff, its area office and OBEC; other schools, other areas and partners get none, without an error', async () => {
    const reps = [{ __typename: 'School', id: school.id }];
    const allocations = async (token: string | null) => {
      const res = await h.q(SCHOOL_ENTITY, { reps }, token);
      return res.errors ? codeOf(res) : res.data._entities[0].allocations.length;
    };
    expect({
      staff: await allocations(t.staff),
      director: await allocations(t.director),
      area: await allocations(t.area),
      obecAdmin: await allocations(t.obec),
      obecAnalyst: await allocations(t.analyst),
      otherSchool: await allocations(t.otherSchool),
      otherArea: await allocations(t.otherArea),
      partner: await allocations(t.partner),
      anonymous: await allocations(null),
    }).toEqual({
      staff: 4,
      director: 4,
      area: 4,
      obecAdmin: 4,
      obecAnalyst: 4,
      otherSchool: 0,
      otherArea: 0,
      partner: 0,
      anonymous: 'UNAUTHENTICATED',
    });
  });

  it('batches several schools in one _entities call and empties the finance of the ones the viewer may not see', async () => {
    const res = await h.q(
      SCHOOL_ENTITY,
      {
        reps: [
          { __typename: 'School', id: school.id },
          { __typename: 'School', id: other.school.id },
        ],
      },
      t.area,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities[0].allocations).toHaveLength(4);
    expect(res.data._entities[1].allocations).toEqual([]);
  });

  it('counts nothing of a school out of reach: its connections are empty with totalCount 0', async () => {
    const LISTS = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on School {
      paymentVouchers(fiscalYear: 2569) { totalCount edges { node { id } } }
      receipts(fiscalYear: 2569) { totalCount } journal(fiscalYear: 2569) { totalCount }
      moneySourceBalances(fiscalYear: 2569) { closing } trialBalance(fiscalYear: 2569) { totalDebit }
      actionPlan(fiscalYear: 2569) { approvedTotal } } } }`;
    const reps = [{ __typename: 'School', id: other.school.id }];
    const seen = ok(await h.q(LISTS, { reps }, t.obec))._entities[0];
    expect(seen.paymentVouchers.totalCount).toBe(1);
    expect(seen.journal.totalCount).toBeGreaterThan(0);
    for (const token of [t.staff, t.area, t.partner]) {
      const res = await h.q(LISTS, { reps }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data._entities[0]).toEqual({
        paymentVouchers: { totalCount: 0, edges: [] },
        receipts: { totalCount: 0 },
        journal: { totalCount: 0 },
        moneySourceBalances: [],
        trialBalance: null,
        actionPlan: null,
      });
    }
  });

  it('gives the aggregated allocation totals of area offices and provinces to every signed-in viewer, partners included', async () => {
    const area = [{ __typename: 'AreaOffice', code: '9401' }];
    const province = [{ __typename: 'Province', code: '94' }];
    const noScopeArea = await tokenFor('area-officer', '9401', []);
    expect({
      partnerArea: await outcome(AREA_ENTITY, area, t.partner),
      partnerProvince: await outcome(PROVINCE_ENTITY, province, t.partner),
      obecProvince: await outcome(PROVINCE_ENTITY, province, t.analyst),
      areaWithoutScopeOther: await outcome(
        AREA_ENTITY,
        [{ __typename: 'AreaOffice', code: '9402' }],
        noScopeArea,
      ),
      schoolStaff: await outcome(AREA_ENTITY, area, t.staff),
      anonymous: await outcome(PROVINCE_ENTITY, province, null),
    }).toEqual({
      partnerArea: 'OK',
      partnerProvince: 'OK',
      obecProvince: 'OK',
      areaWithoutScopeOther: 'OK',
      schoolStaff: 'OK',
      anonymous: 'UNAUTHENTICATED',
    });
    const summary = ok(await h.q(PROVINCE_ENTITY, { reps: province }, t.partner))._entities[0]
      .allocationSummary;
    expect(summary).toMatchObject({ schoolCount: 2, total: '284770.00' }); // 2 × 142,385.00
  });

  it('lists allocation breakdown rows within the viewer’s reach, and none to partners', async () => {
    const BREAKDOWN = `{ allocationBreakdown(filter: { fiscalYear: 2569 }) { totalCount edges { node { schoolCode areaOfficeCode total } } } }`;
    const area = ok(await h.q(BREAKDOWN, {}, t.area)).allocationBreakdown;
    expect(area.edges.map((e: any) => e.node.areaOfficeCode)).toEqual(['9401']);
    expect(ok(await h.q(BREAKDOWN, {}, t.obec)).allocationBreakdown.totalCount).toBe(2);
    expect(ok(await h.q(BREAKDOWN, {}, t.staff)).allocationBreakdown.totalCount).toBe(1);
    expect(ok(await h.q(BREAKDOWN, {}, t.partner)).allocationBreakdown).toEqual({ totalCount: 0, edges: [] });
  });

  it('resolves Project entities only for viewers who may see the school, null for the others', async () => {
    const reps = [{ __typename: 'Project', id: projectId }];
    const entity = async (token: string) => (await h.q(PROJECT_ENTITY, { reps }, token)).data._entities[0];
    expect(await entity(t.staff)).toMatchObject({ id: projectId });
    expect(await entity(t.area)).toMatchObject({ id: projectId });
    expect(await entity(t.otherSchool)).toBeNull();
    expect(await entity(t.partner)).toBeNull();
  });

  it('answers a budget report of a school out of reach exactly like one of an unknown school', async () => {
    const Q = `query($id: ID!) { budgetReport(schoolId: $id, fiscalYear: 2569) { schoolId } }`;
    const hidden = await h.q(Q, { id: other.school.id }, t.staff);
    const unknown = await h.q(Q, { id: randomUUID() }, t.staff);
    expect(codeOf(hidden)).toBe('NOT_FOUND');
    expect(hidden.errors![0]!.message).toBe(unknown.errors![0]!.message);
    expect(hidden.errors![0]!.extensions!.messageTh).toBe(unknown.errors![0]!.extensions!.messageTh);
    expect(errorsName(hidden, other.school)).toBe(false);
  });
});

describe('writes: only the school’s staff record, only its director approves, and refusals reveal nothing', () => {
  it('lets only the school’s staff write, only its director approve, only OBEC admins set rates', async () => {
    const strategy = (token: string) =>
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
      );
    expect(codeOf(await strategy(t.staff))).toBeUndefined();
    expect(codeOf(await strategy(t.otherSchool))).toBe('NOT_FOUND');
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

  it('answers a write on another school’s records exactly like one on unknown records, naming no school', async () => {
    const unknownId = randomUUID();
    const writes: Array<[string, string, (id: string) => Record<string, unknown>]> = [
      ['approve a voucher', M.approveVoucher, (id) => ({ id })],
      [
        'cancel a voucher',
        `mutation($id: ID!) { cancelPaymentVoucher(id: $id, reason: "x") { id } }`,
        (id) => ({ id }),
      ],
      [
        'edit a voucher',
        `mutation($id: ID!) { updatePaymentVoucher(id: $id, input: { expectedVersion: 1, description: "x" }) { id } }`,
        (id) => ({ id }),
      ],
      ['approve a project budget', M.approveProject, (id) => ({ id, b: '1.00' })],
      [
        'add an activity',
        `mutation($id: ID!) { createActivity(input: { projectId: $id, nameTh: "x", requestedBudget: "1.00" }) { id } }`,
        (id) => ({ id }),
      ],
      [
        'add a project',
        `mutation($id: ID!) { createProject(input: { strategyId: $id, nameTh: "x", owner: "x", startDate: "2025-10-01", endDate: "2025-10-02", moneySourceCode: "DONATION", requestedBudget: "1.00" }) { id } }`,
        (id) => ({ id }),
      ],
      [
        'record a receipt',
        `mutation($id: ID!) { recordReceipt(input: { schoolId: $id, date: "2025-10-15", moneySourceCode: "DONATION", amount: "1.00", payer: "x", description: "x" }) { id } }`,
        (id) => ({ id }),
      ],
      [
        'refund a voucher of another school into ours',
        `mutation($id: ID!, $s: ID!) { recordMoneyReturned(input: { schoolId: $s, date: "2025-12-20", kind: REFUND_FROM_PAYEE, moneySourceCode: "PER_HEAD_SUBSIDY", amount: "1.00", reason: "x", voucherId: $id }) { id } }`,
        (id) => ({ id, s: school.id }),
      ],
    ];
    const targetOf: Record<string, string> = {
      'approve a voucher': other.voucherId,
      'cancel a voucher': other.voucherId,
      'edit a voucher': other.voucherId,
      'approve a project budget': other.projectId,
      'add an activity': other.projectId,
      'add a project': other.strategyId,
      'record a receipt': other.school.id,
      'refund a voucher of another school into ours': other.voucherId,
    };
    const token = (what: string) => (what.startsWith('approve') ? t.director : t.staff);
    const voucherRow = () =>
      h.service.dataSource.query(`SELECT status, version, description FROM payment_voucher WHERE id = $1`, [
        other.voucherId,
      ]);
    const before = await voucherRow();
    for (const [what, mutation, vars] of writes) {
      const hidden = await h.q(mutation, vars(targetOf[what]!), token(what));
      const unknown = await h.q(mutation, vars(unknownId), token(what));
      expect({
        what,
        code: codeOf(hidden),
        same: hidden.errors?.[0]?.message === unknown.errors?.[0]?.message,
      }).toEqual({ what, code: 'NOT_FOUND', same: true });
      expect(codeOf(unknown)).toBe('NOT_FOUND');
      expect(errorsName(hidden, other.school)).toBe(false);
    }
    // Nothing was written on the other school's records.
    expect(await voucherRow()).toEqual(before);
  });

  it('refuses a write the viewer may see but not make with FORBIDDEN, naming no school', async () => {
    const res = await h.q(
      M.strategy,
      { i: { schoolId: school.id, fiscalYear: 2569, code: 'S9', nameTh: 'กลยุทธ์' } },
      t.area,
    );
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(errorsName(res, school)).toBe(false);
    const approve = await h.q(M.approveVoucher, { id: voucherId }, t.staff);
    expect(codeOf(approve)).toBe('FORBIDDEN');
    expect(errorsName(approve, school)).toBe(false);
  });
});

describe('masking and the personal-data audit', () => {
  it('audits a payee’s name and tax ID read inside an inline fragment with @include, and masks them unaudited without pii:read', async () => {
    // The audit bypass: what is audited used to be decided from the query text, so a fragment skipped it.
    const Q = `query($id: ID!) { paymentVoucher(id: $id) { id payee { kind ... @include(if: true) { name taxId } } } }`;
    const noPii = await tokenFor('area-officer', school.areaOfficeCode, ['aggregates:read']);
    const before = await auditOf(voucherId);
    const masked = ok(await h.q(Q, { id: voucherId }, noPii)).paymentVoucher.payee;
    expect(masked).toEqual({ kind: 'PERSON', name: 'น••••••••••••', taxId: '1••••••••••••' });
    expect(await auditOf(voucherId)).toEqual(before);
    const clear = ok(await h.q(Q, { id: voucherId }, t.staff)).paymentVoucher.payee;
    expect(clear).toEqual({ kind: 'PERSON', name: 'นายสมชาย ใจดี', taxId: '1101700123456' });
    const rows = await auditOf(voucherId);
    expect(rows.slice(before.length)).toEqual([
      {
        subject: `test:school-staff:${school.obecCode}`,
        role: 'school-staff',
        org_code: school.obecCode,
        record_type: 'PaymentVoucher',
        record_id: voucherId,
        fields: ['Payee.name', 'Payee.taxId'],
        request_id: expect.any(String),
      },
    ]);
  });

  it('keeps a company payee readable without pii:read, and still audits it for those who may read personal data', async () => {
    const Q = `query($id: ID!) { paymentVoucher(id: $id) { payee { kind name taxId } } }`;
    const noPii = await tokenFor('area-officer', school.areaOfficeCode, ['aggregates:read']);
    expect(ok(await h.q(Q, { id: companyVoucherId }, noPii)).paymentVoucher.payee).toEqual({
      kind: 'ORGANISATION',
      name: 'ร้านศึกษาภัณฑ์',
      taxId: '0105536000011',
    });
    expect(await auditOf(companyVoucherId)).toEqual([]);
    ok(await h.q(Q, { id: companyVoucherId }, t.staff));
    expect((await auditOf(companyVoucherId)).map((r: { fields: string[] }) => r.fields)).toEqual([
      ['Payee.name', 'Payee.taxId'],
    ]);
  });

  it('masks an organisation payee whose tax ID does not prove a juristic person', async () => {
    const v = ok(
      await h.q(
        M.voucher,
        {
          i: voucherInput(school.id, projectId, ['10.00'], {
            payee: { kind: 'ORGANISATION', name: 'นายแดง ค้าขาย', taxId: '1101700123456' },
          }),
        },
        t.staff,
      ),
    ).createPaymentVoucher.id;
    const noPii = await tokenFor('school-staff', school.obecCode, []);
    const payee = ok(
      await h.q(`query($id: ID!) { paymentVoucher(id: $id) { payee { name taxId } } }`, { id: v }, noPii),
    ).paymentVoucher.payee;
    expect(payee).toEqual({ name: 'น••••••••••••', taxId: '1••••••••••••' });
  });

  it('moves the old finance audit rows into the one personal-data audit and drops the old table', async () => {
    const db = await createTestDatabase('finance-audit-move');
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const runner = {
      query: async (sql: string, params?: unknown[]) => (await pg.query(sql, params)).rows,
    } as unknown as QueryRunner;
    try {
      await new CreateFinance1732406400400().up(runner);
      await pg.query(
        `INSERT INTO pii_access_log (viewer_subject, viewer_role, viewer_org, record_type, record_id, fields, request_id, accessed_at)
         VALUES ('u1', 'school-staff', '1094010001', 'PaymentVoucher', 'v1', '{payee.name,payee.taxId}', 'r1', '2026-01-02T03:04:05Z')`,
      );
      await new CreatePersonalDataAccess1764547200000().up(runner);
      await new MovePiiAccessLogToPersonalDataAccess1764547200400().up(runner);
      const moved = await pg.query(
        `SELECT subject, role, org_code, record_type, record_id, fields, request_id, at FROM personal_data_access`,
      );
      expect(moved.rows).toEqual([
        {
          subject: 'u1',
          role: 'school-staff',
          org_code: '1094010001',
          record_type: 'PaymentVoucher',
          record_id: 'v1',
          fields: ['Payee.name', 'Payee.taxId'],
          request_id: 'r1',
          at: new Date('2026-01-02T03:04:05Z'),
        },
      ]);
      expect((await pg.query(`SELECT to_regclass('pii_access_log') AS t`)).rows[0].t).toBeNull();
    } finally {
      await pg.end();
      await db.drop();
    }
  });
});

describe('exports apply the same rules as the trust layer', () => {
  const EXPORT = `mutation($i: ExportReportInput!) { exportFinanceReport(input: $i) { content rowCount } }`;
  const register = (schoolId: string) => ({
    report: 'VOUCHER_REGISTER',
    format: 'CSV',
    fiscalYear: 2569,
    schoolId,
  });
  const csvOf = (file: { content: string }) => Buffer.from(file.content, 'base64').toString('utf8');

  it('exports the voucher register with payee names masked without pii:read, and nothing audited', async () => {
    const noPii = await tokenFor('area-officer', school.areaOfficeCode, ['aggregates:read']);
    const before = await auditOf(voucherId);
    const csv = csvOf(ok(await h.q(EXPORT, { i: register(school.id) }, noPii)).exportFinanceReport);
    expect(csv).toContain('น••••••••••••,1••••••••••••');
    expect(csv).not.toContain('นายสมชาย');
    expect(csv).not.toContain('1101700123456');
    expect(csv).toContain('ร้านศึกษาภัณฑ์,0105536000011');
    expect(await auditOf(voucherId)).toEqual(before);
  });

  it('exports the voucher register unmasked with pii:read, every voucher’s payee audited by one insert first', async () => {
    const res = await h.q(EXPORT, { i: register(school.id) }, t.area);
    const file = ok(res).exportFinanceReport;
    expect(csvOf(file)).toContain('นายสมชาย ใจดี,1101700123456');
    const rid = res.headers.get('x-request-id');
    const rows = await h.service.dataSource.query(
      `SELECT record_type, record_id, fields, at FROM personal_data_access WHERE request_id = $1 ORDER BY record_id`,
      [rid],
    );
    const vouchers = await h.service.dataSource.query(`SELECT id FROM payment_voucher WHERE school_id = $1`, [
      school.id,
    ]);
    expect(rows.map((r: { record_id: string }) => r.record_id).sort()).toEqual(
      vouchers.map((v: { id: string }) => v.id).sort(),
    );
    expect(new Set(rows.map((r: { fields: string[] }) => r.fields.join(',')))).toEqual(
      new Set(['Payee.name,Payee.taxId']),
    );
    expect(new Set(rows.map((r: { at: Date }) => r.at.toISOString())).size).toBe(1); // one INSERT
    expect(file.rowCount).toBe(vouchers.length);
  });

  it('refuses the export of a school out of reach exactly like one of an unknown school', async () => {
    const hidden = await h.q(EXPORT, { i: register(other.school.id) }, t.staff);
    const unknown = await h.q(EXPORT, { i: register(randomUUID()) }, t.staff);
    expect(codeOf(hidden)).toBe('NOT_FOUND');
    expect(hidden.errors![0]!.message).toBe(unknown.errors![0]!.message);
    expect(errorsName(hidden, other.school)).toBe(false);
  });

  it('fails closed: when the audit cannot be written, no register with personal data is made', async () => {
    await h.service.dataSource.query(`ALTER TABLE personal_data_access RENAME TO pda_away`);
    try {
      const res = await h.q(EXPORT, { i: register(school.id) }, t.staff);
      expect(res.data).toBeNull();
      // As the layer's own audit failure: retryable, not an internal error.
      expect(codeOf(res)).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(res)).not.toContain('1101700123456');
    } finally {
      await h.service.dataSource.query(`ALTER TABLE pda_away RENAME TO personal_data_access`);
    }
  });

  it('exports only allocation breakdown rows of schools the viewer may see', async () => {
    const breakdown = { report: 'ALLOCATION_BREAKDOWN', format: 'CSV', fiscalYear: 2569 };
    const mine = csvOf(ok(await h.q(EXPORT, { i: breakdown }, t.area)).exportFinanceReport);
    expect(mine).toContain(school.obecCode);
    expect(mine).not.toContain(other.school.obecCode);
    expect(ok(await h.q(EXPORT, { i: breakdown }, t.obec)).exportFinanceReport.rowCount).toBe(2);
    const hidden = ok(
      await h.q(EXPORT, { i: { ...breakdown, schoolId: other.school.id } }, t.staff),
    ).exportFinanceReport;
    expect(hidden.rowCount).toBe(0);
  });
});
