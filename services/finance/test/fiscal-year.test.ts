import { codeOf, fundedProject, M, ok, startFinance, voucherInput, type FinanceHarness } from './support';

let h: FinanceHarness;

beforeAll(async () => {
  h = await startFinance();
});
afterAll(() => h.stop());

describe('Thai fiscal years (1 October – 30 September, named by the B.E. year in which they end)', () => {
  it('answers FY 2569 as 1 Oct 2025 – 30 Sep 2026 and places the boundary days correctly', async () => {
    const { t } = await fundedProject(h, { received: '0' });
    const res = ok(
      await h.q(
        `{ fy: fiscalYear(year: 2569) { year startDate endDate label }
           lastDay: fiscalYearOf(date: "2025-09-30") { year } firstDay: fiscalYearOf(date: "2025-10-01") { year }
           leap: fiscalYearOf(date: "2024-02-29") { year } end: fiscalYearOf(date: "2026-09-30") { year } }`,
        {},
        t.staff,
      ),
    );
    expect(res).toEqual({
      fy: { year: 2569, startDate: '2025-10-01', endDate: '2026-09-30', label: 'ปีงบประมาณ พ.ศ. 2569' },
      lastDay: { year: 2568 },
      firstDay: { year: 2569 },
      leap: { year: 2567 },
      end: { year: 2569 },
    });
  });

  it('refuses a C.E. year or a malformed date as BAD_USER_INPUT with a Thai message', async () => {
    const { t } = await fundedProject(h, { received: '0' });
    const ce = await h.q(`{ fiscalYear(year: 2026) { year } }`, {}, t.staff);
    expect(codeOf(ce)).toBe('BAD_USER_INPUT');
    expect(ce.errors![0]!.extensions!.messageTh).toMatch(/พ\.ศ\./);
    expect(codeOf(await h.q(`{ fiscalYearOf(date: "2025-02-30") { year } }`, {}, t.staff))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('numbers vouchers and receipts per fiscal year: 30 Sep and 1 Oct start different registers', async () => {
    const { school, t } = await fundedProject(h, { received: '0' });
    const receipt = (date: string) =>
      h.q(
        M.receipt,
        {
          i: {
            schoolId: school.id,
            date,
            moneySourceCode: 'DONATION',
            amount: '100.00',
            payer: 'ผู้บริจาค',
            description: 'บริจาค',
          },
        },
        t.staff,
      );
    expect(ok(await receipt('2025-09-30')).recordReceipt.receiptNumber).toBe('1/2568');
    expect(ok(await receipt('2025-10-01')).recordReceipt.receiptNumber).toBe('1/2569');
    expect(ok(await receipt('2026-09-30')).recordReceipt.receiptNumber).toBe('2/2569');
    expect(ok(await receipt('2026-10-01')).recordReceipt.receiptNumber).toBe('1/2570');
    const voucher = (date: string) =>
      h.q(
        M.voucher,
        { i: voucherInput(school.id, null, ['10.00'], { date, moneySourceCode: 'DONATION' }) },
        t.staff,
      );
    expect(ok(await voucher('2025-09-30')).createPaymentVoucher.voucherNumber).toBe('1/2568');
    expect(ok(await voucher('2025-10-01')).createPaymentVoucher.voucherNumber).toBe('1/2569');
    const balances = ok(
      await h.q(
        `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on School {
          fy68: moneySourceBalances(fiscalYear: 2568) { opening received closing }
          fy69: moneySourceBalances(fiscalYear: 2569) { opening received closing } } } }`,
        { reps: [{ __typename: 'School', id: school.id }] },
        t.staff,
      ),
    )._entities[0];
    expect(balances.fy68).toEqual([{ opening: '0.00', received: '100.00', closing: '100.00' }]);
    expect(balances.fy69).toEqual([{ opening: '100.00', received: '200.00', closing: '300.00' }]);
  });
});
