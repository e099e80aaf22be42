import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { buildEnvelope, DmcSnapshotPublished, type GradeCounts } from '@smss/events';
import { eventually, gql, tokenFor } from '@smss/testing';
import { startPlatform, type Platform } from './platform';

// Here finance is fed a hand-made snapshot to pin amounts worked out by hand; dmc-flow.e2e.test.ts runs
// the real flow (students close a round) and asks for enrollmentSummary and allocations in one query.

let p: Platform;
let admin: string;

beforeAll(async () => {
  p = await startPlatform();
  admin = await tokenFor('obec-admin', 'OBEC');
});
afterAll(() => p.stop());

const viaGateway = (query: string, variables: Record<string, unknown>, token: string) =>
  gql(p.gatewayUrl, query, variables, { token, asGateway: false });

const grade = (gradeLevel: GradeCounts['gradeLevel'], male: number, female: number, extremelyPoor = 0) => ({
  gradeLevel,
  male,
  female,
  poor: extremelyPoor,
  extremelyPoor,
  disabled: 0,
  orphan: 0,
  stateless: 0,
  ethnicMinority: 0,
  classrooms: 1,
});

const SCHOOL_WITH_MONEY = `query($code: String!) {
  school(obecCode: $code) {
    nameTh obecCode
    allocations(fiscalYear: 2569) { round item amount }
    areaOffice { code nameTh allocationSummary(fiscalYear: 2569) { schoolCount total } }
    province { nameTh allocationSummary(fiscalYear: 2569) { total } }
  }
}`;

describe('finance through the gateway (schools + finance composed, real HTTP, NATS and PostgreSQL)', () => {
  it('answers a school with its subsidy allocations and its area and province totals in one query', async () => {
    const list = await viaGateway(
      `{ schools(first: 1, filter: { areaOfficeCode: "1601" }) { edges { node { id obecCode areaOffice { code } province { code } } } } }`,
      {},
      admin,
    );
    const school = list.data.schools.edges[0].node;
    // The students service would publish this when the term-2 DMC round of 2568 closes.
    const grades = [
      grade('K2', 6, 4, 2),
      grade('P1', 12, 8, 5),
      grade('P4', 10, 5),
      grade('M1', 9, 6, 3),
      grade('M4', 7, 5, 4),
    ];
    const envelope = buildEnvelope(DmcSnapshotPublished, school.id, {
      snapshotId: randomUUID(),
      roundId: randomUUID(),
      academicYear: 2568,
      round: 'TERM2',
      asOfDate: '2025-11-10',
      schoolId: school.id,
      schoolCode: school.obecCode,
      areaOfficeCode: school.areaOffice.code,
      provinceCode: school.province.code,
      snapshotVersion: 1,
      grades,
      totalStudents: 87,
    });
    await jetstream(p.services.finance!.nc).publish(DmcSnapshotPublished.subject, JSON.stringify(envelope), {
      msgID: envelope.id,
    });
    // The school's own director reads it: finance authorises with its directory replica (fed by
    // schools.school.upserted through the outbox relay), so this also waits for that replica.
    const director = await tokenFor('school-director', school.obecCode);
    // The school's allocations and its area's summary are two fetches to finance that the gateway may
    // run at once: a poll can straddle the consumer's commit, so wait until both show it.
    const res = await eventually(async () => {
      const r = await viaGateway(SCHOOL_WITH_MONEY, { code: school.obecCode }, director);
      const s = r.data?.school;
      return s?.allocations?.length === 4 && s.areaOffice?.allocationSummary?.schoolCount >= 1 ? r : null;
    }, 20_000);
    expect(res.data.school.obecCode).toBe(school.obecCode);
    expect(res.data.school.nameTh).toMatch(/^โรงเรียน/);
    expect(
      Object.fromEntries(res.data.school.allocations.map((a: any) => [a.item, `${a.round} ${a.amount}`])),
    ).toEqual({
      TUITION: 'TERM2 90800.00',
      LEARNING_MATERIALS: 'TERM2 13735.00',
      STUDENT_ACTIVITIES: 'TERM2 22850.00',
      EEF_CONDITIONAL_CASH_TRANSFER: 'TERM2 15000.00',
    });
    // Area and province totals are aggregates: open to every signed-in viewer, the school's director too.
    expect(res.errors).toBeUndefined();
    expect(res.data.school.areaOffice.allocationSummary.schoolCount).toBeGreaterThanOrEqual(1);
    const areaView = await viaGateway(SCHOOL_WITH_MONEY, { code: school.obecCode }, admin);
    expect(areaView.errors).toBeUndefined();
    expect(areaView.data.school.areaOffice.code).toBe('1601');
    expect(areaView.data.school.province.nameTh).toBe('ลพบุรี');
    // Other suites may publish Lopburi snapshots on the shared NATS meanwhile: totals include at least ours.
    const atLeastOurs = (total: string) => BigInt(total.replace('.', '')) >= 14238500n;
    expect(areaView.data.school.areaOffice.allocationSummary.schoolCount).toBeGreaterThanOrEqual(1);
    expect(atLeastOurs(areaView.data.school.areaOffice.allocationSummary.total)).toBe(true);
    expect(atLeastOurs(areaView.data.school.province.allocationSummary.total)).toBe(true);
  });

  it('gives a partner the province total but none of the school’s own allocations', async () => {
    const partner = await tokenFor('partner', 'EEF');
    const res = await viaGateway(
      `{ province(code: "16") { nameTh allocationSummary(fiscalYear: 2569) { total byItem { item amount } } } }`,
      {},
      partner,
    );
    expect(res.errors).toBeUndefined();
    const tuition = res.data.province.allocationSummary.byItem.find((i: any) => i.item === 'TUITION');
    expect(tuition.amount).toMatch(/^\d+\.\d{2}$/);
    const perSchool = await viaGateway(
      `{ schools(first: 1, filter: { areaOfficeCode: "1601" }) { edges { node { nameTh allocations(fiscalYear: 2569) { amount } } } } }`,
      {},
      partner,
    );
    // Out of a partner's reach: an empty list, no error, nothing that tells what is there.
    expect(perSchool.errors).toBeUndefined();
    expect(perSchool.data.schools.edges[0].node.allocations).toEqual([]);
  });

  it('audits a payee’s name and tax ID read through the gateway inside an inline fragment with @include, and masks them unaudited without pii:read', async () => {
    const list = await viaGateway(
      `{ schools(first: 1, filter: { areaOfficeCode: "1602" }) { edges { node { id obecCode } } } }`,
      {},
      admin,
    );
    const school = list.data.schools.edges[0].node;
    const staff = await tokenFor('school-staff', school.obecCode);
    // Finance learns the school from the directory events: wait for its replica.
    const payee = { kind: 'PERSON', name: 'นายผู้รับเงิน ทดสอบเกตเวย์', taxId: '1101700123456' };
    const created = await eventually(async () => {
      const r = await viaGateway(
        `mutation($i: CreatePaymentVoucherInput!) { createPaymentVoucher(input: $i) { id } }`,
        {
          i: {
            schoolId: school.id,
            date: '2025-11-20',
            moneySourceCode: 'DONATION',
            payee,
            description: 'ค่าวิทยากร',
            lines: [{ description: 'ค่าตอบแทน', amount: '500.00' }],
          },
        },
        staff,
      );
      return r.data?.createPaymentVoucher ? r : null;
    }, 30_000);
    const voucherId = created.data.createPaymentVoucher.id;
    const READ = `query($id: ID!) { paymentVoucher(id: $id) { id payee { kind ... @include(if: true) { name taxId } } } }`;
    const audit = () =>
      p.services.finance!.dataSource.query(
        `SELECT subject, record_type, record_id, fields, request_id FROM personal_data_access WHERE record_id = $1 ORDER BY id`,
        [voucherId],
      );
    const noPii = await tokenFor('area-officer', '1602', ['aggregates:read']);
    const masked = await viaGateway(READ, { id: voucherId }, noPii);
    expect(masked.data.paymentVoucher.payee).toEqual({
      kind: 'PERSON',
      name: `น${'•'.repeat(25)}`,
      taxId: `1${'•'.repeat(12)}`,
    });
    expect(await audit()).toEqual([]);
    const clear = await viaGateway(READ, { id: voucherId }, staff);
    expect(clear.data.paymentVoucher.payee).toEqual(payee);
    const rows = await audit();
    expect(rows).toEqual([
      {
        subject: `test:school-staff:${school.obecCode}`,
        record_type: 'PaymentVoucher',
        record_id: voucherId,
        fields: ['Payee.name', 'Payee.taxId'],
        request_id: expect.any(String),
      },
    ]);
    // The audit carries the gateway's own request id (the one it answered with).
    expect(rows[0].request_id).toBe(clear.headers.get('x-request-id'));
  });

  it('refuses an amount sent as a number through the gateway with BAD_USER_INPUT and a Thai message', async () => {
    const res = await viaGateway(
      `mutation($i: RecordReceiptInput!) { recordReceipt(input: $i) { id } }`,
      {
        i: {
          schoolId: randomUUID(),
          date: '2025-12-01',
          moneySourceCode: 'DONATION',
          amount: 100.5,
          payer: 'x',
          description: 'y',
        },
      },
      admin,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(String(res.errors?.[0]?.extensions?.messageTh)).toMatch(/จำนวนเงิน/);
  });
});
