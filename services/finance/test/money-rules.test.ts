import { codeOf, fundedProject, M, ok, startFinance, voucherInput, type FinanceHarness } from './support';

let h: FinanceHarness;

beforeAll(async () => {
  h = await startFinance();
});
afterAll(() => h.stop());

const counts = async (schoolId: string) =>
  (
    await h.service.dataSource.query(
      `SELECT (SELECT count(*)::int FROM payment_voucher WHERE school_id = $1) AS vouchers,
              (SELECT count(*)::int FROM receipt WHERE school_id = $1) AS receipts,
              (SELECT count(*)::int FROM journal_entry WHERE school_id = $1) AS entries,
              (SELECT coalesce(max(last_number), 0)::int FROM document_sequence WHERE school_id = $1 AND kind = 'VOUCHER') AS "lastVoucherNumber"`,
      [schoolId],
    )
  )[0];

const receipt = (schoolId: string, amount: unknown, moneySourceCode = 'PER_HEAD_SUBSIDY') => ({
  schoolId,
  date: '2025-12-01',
  moneySourceCode,
  amount,
  payer: 'ผู้ปกครอง',
  description: 'เงินบริจาค',
});

describe('money rules: exact amounts and clear refusals, nothing half written', () => {
  it('refuses negative and zero amounts with BAD_USER_INPUT and a Thai message', async () => {
    const { school, t } = await fundedProject(h);
    const before = await counts(school.id);
    for (const amount of ['-100.00', '0.00']) {
      const res = await h.q(M.receipt, { i: receipt(school.id, amount) }, t.staff);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.messageTh).toMatch(/จำนวนเงิน/);
    }
    const voucher = await h.q(
      M.voucher,
      { i: voucherInput(school.id, null, ['-5.00'], { moneySourceCode: 'PER_HEAD_SUBSIDY' }) },
      t.staff,
    );
    expect(codeOf(voucher)).toBe('BAD_USER_INPUT');
    expect(await counts(school.id)).toEqual(before);
  });

  it('refuses amounts sent as JSON numbers or written inline as numbers (never a float)', async () => {
    const { school, t } = await fundedProject(h);
    const asVariable = await h.q(M.receipt, { i: receipt(school.id, 100.5) }, t.staff);
    expect(codeOf(asVariable)).toBe('BAD_USER_INPUT');
    expect(asVariable.errors![0]!.extensions!.messageTh).toMatch(/ข้อความ/);
    const inline = await h.q(
      `mutation { recordReceipt(input: { schoolId: "${school.id}", date: "2025-12-01", moneySourceCode: "DONATION",
        amount: 100.5, payer: "x", description: "y" }) { id } }`,
      {},
      t.staff,
    );
    expect(codeOf(inline)).toBe('BAD_USER_INPUT');
    expect(inline.errors![0]!.extensions!.messageTh).toMatch(/ข้อความ/);
    const tooPrecise = await h.q(M.receipt, { i: receipt(school.id, '10.005') }, t.staff);
    expect(codeOf(tooPrecise)).toBe('BAD_USER_INPUT');
  });

  it('refuses an unknown money source and writes nothing, not even a receipt number', async () => {
    const { school, t } = await fundedProject(h, { received: '0' });
    const res = await h.q(M.receipt, { i: receipt(school.id, '100.00', 'PETTY_CASH') }, t.staff);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.messageTh).toMatch(/แหล่งเงิน/);
    const voucher = await h.q(
      M.voucher,
      { i: voucherInput(school.id, null, ['5.00'], { moneySourceCode: 'PETTY_CASH' }) },
      t.staff,
    );
    expect(codeOf(voucher)).toBe('BAD_USER_INPUT');
    const next = ok(await h.q(M.receipt, { i: receipt(school.id, '100.00') }, t.staff)).recordReceipt;
    expect(next.receiptNumber).toBe('1/2569');
  });

  it('refuses a voucher above the project’s remaining budget, counting vouchers still awaiting approval', async () => {
    const { school, t, projectId } = await fundedProject(h, { budget: '10000.00' });
    ok(await h.q(M.voucher, { i: voucherInput(school.id, projectId, ['6000.00']) }, t.staff));
    const before = await counts(school.id);
    const over = await h.q(
      M.voucher,
      { i: voucherInput(school.id, projectId, ['3000.00', '1000.01']) },
      t.staff,
    );
    expect(codeOf(over)).toBe('BAD_USER_INPUT');
    expect(over.errors![0]!.extensions).toMatchObject({ reason: 'OVER_BUDGET', remaining: '4000.00' });
    expect(over.errors![0]!.extensions!.messageTh).toMatch(/เกินงบคงเหลือ/);
    expect(await counts(school.id)).toEqual(before);
    ok(await h.q(M.voucher, { i: voucherInput(school.id, projectId, ['4000.00']) }, t.staff));
  });

  it('refuses edits to an approved voucher and leaves it exactly as approved', async () => {
    const { school, t, projectId } = await fundedProject(h);
    const v = ok(
      await h.q(M.voucher, { i: voucherInput(school.id, projectId, ['1500.00']) }, t.staff),
    ).createPaymentVoucher;
    ok(await h.q(M.approveVoucher, { id: v.id }, t.director));
    const edit = await h.q(
      `mutation($id: ID!, $i: UpdatePaymentVoucherInput!) { updatePaymentVoucher(id: $id, input: $i) { id } }`,
      { id: v.id, i: { expectedVersion: 2, lines: [{ description: 'แก้', amount: '1.00' }] } },
      t.staff,
    );
    expect(codeOf(edit)).toBe('CONFLICT');
    expect(edit.errors![0]!.extensions).toMatchObject({ reason: 'VOUCHER_APPROVED' });
    expect(edit.errors![0]!.extensions!.messageTh).toMatch(/อนุมัติแล้ว/);
    const cancel = await h.q(
      `mutation($id: ID!) { cancelPaymentVoucher(id: $id, reason: "x") { id } }`,
      { id: v.id },
      t.staff,
    );
    expect(codeOf(cancel)).toBe('CONFLICT');
    const again = await h.q(M.approveVoucher, { id: v.id }, t.director);
    expect(codeOf(again)).toBe('CONFLICT');
    const [row] = await h.service.dataSource.query(
      `SELECT status, gross_amount, (SELECT count(*)::int FROM journal_entry WHERE reference_id = $1) AS entries
         FROM payment_voucher WHERE id = $1`,
      [v.id],
    );
    expect(row).toEqual({ status: 'APPROVED', gross_amount: '1500.00', entries: 1 });
    // Approval published the spending once (the refused second approval none): codes and amounts, no payee.
    const events = await h.service.dataSource.query(
      `SELECT envelope->'payload' AS p FROM outbox_event WHERE subject LIKE 'finance.spending.recorded.v1%'
          AND envelope->'payload'->>'entryId' = $1`,
      [v.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0].p).toMatchObject({
      entryId: v.id,
      kind: 'VOUCHER',
      schoolId: school.id,
      schoolCode: school.obecCode,
      fiscalYear: 2569,
      moneySourceCode: 'PER_HEAD_SUBSIDY',
      amount: '1500.00',
    });
    expect(JSON.stringify(events[0].p)).not.toMatch(/payee|ร้าน|บริษัท/);
    // Behind the service, the database refuses too.
    await expect(
      h.service.dataSource.query(`UPDATE payment_voucher SET description = 'x' WHERE id = $1`, [v.id]),
    ).rejects.toThrow(/approved/);
  });

  it('edits a pending voucher with an optimistic lock and refuses a stale version', async () => {
    const { school, t, projectId } = await fundedProject(h);
    const v = ok(
      await h.q(M.voucher, { i: voucherInput(school.id, projectId, ['100.00']) }, t.staff),
    ).createPaymentVoucher;
    const UPDATE = `mutation($id: ID!, $i: UpdatePaymentVoucherInput!) { updatePaymentVoucher(id: $id, input: $i) { version grossAmount lines { lineNo amount } } }`;
    const updated = ok(
      await h.q(
        UPDATE,
        {
          id: v.id,
          i: {
            expectedVersion: 1,
            lines: [
              { description: 'a', amount: '70.00' },
              { description: 'b', amount: '80.25' },
            ],
          },
        },
        t.staff,
      ),
    ).updatePaymentVoucher;
    expect(updated).toEqual({
      version: 2,
      grossAmount: '150.25',
      lines: [
        { lineNo: 1, amount: '70.00' },
        { lineNo: 2, amount: '80.25' },
      ],
    });
    const stale = await h.q(UPDATE, { id: v.id, i: { expectedVersion: 1, description: 'x' } }, t.staff);
    expect(codeOf(stale)).toBe('CONFLICT');
  });

  it('computes withholding tax half up to the satang, the net amount and both in Thai words', async () => {
    const { school, t, projectId } = await fundedProject(h);
    const v = ok(
      await h.q(
        M.voucher,
        { i: voucherInput(school.id, projectId, ['1234.50', '10000.00'], { withholdingTaxPercent: '1.00' }) },
        t.staff,
      ),
    ).createPaymentVoucher;
    expect(v).toMatchObject({
      voucherNumber: '1/2569',
      status: 'PENDING_APPROVAL',
      grossAmount: '11234.50',
      withholdingTax: '112.35', // 112.345 → 112.35
      netAmount: '11122.15',
      grossAmountText: 'หนึ่งหมื่นหนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์',
      netAmountText: 'หนึ่งหมื่นหนึ่งพันหนึ่งร้อยยี่สิบสองบาทสิบห้าสตางค์',
    });
    const bad = await h.q(
      M.voucher,
      { i: voucherInput(school.id, projectId, ['100.00'], { withholdingTaxPercent: '20.00' }) },
      t.staff,
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.extensions!.messageTh).toMatch(/ภาษีหัก ณ ที่จ่าย/);
  });

  it('keeps a cancelled voucher’s number so the register has no gaps', async () => {
    const { school, t, projectId } = await fundedProject(h);
    const first = ok(
      await h.q(M.voucher, { i: voucherInput(school.id, projectId, ['10.00']) }, t.staff),
    ).createPaymentVoucher;
    const cancelled = ok(
      await h.q(
        `mutation($id: ID!) { cancelPaymentVoucher(id: $id, reason: "ผิดรายการ") { status cancelReason number } }`,
        { id: first.id },
        t.staff,
      ),
    ).cancelPaymentVoucher;
    expect(cancelled).toEqual({ status: 'CANCELLED', cancelReason: 'ผิดรายการ', number: 1 });
    const second = ok(
      await h.q(M.voucher, { i: voucherInput(school.id, projectId, ['10.00']) }, t.staff),
    ).createPaymentVoucher;
    expect(second.number).toBe(2);
    const list = ok(
      await h.q(
        `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on School { paymentVouchers(fiscalYear: 2569) { totalCount edges { node { number status } } } } } }`,
        { reps: [{ __typename: 'School', id: school.id }] },
        t.staff,
      ),
    );
    expect(list._entities[0].paymentVouchers.edges.map((e: any) => e.node)).toEqual([
      { number: 1, status: 'CANCELLED' },
      { number: 2, status: 'PENDING_APPROVAL' },
    ]);
  });

  it('records money returned: a payee refund lowers the project’s spending, a return to source lowers cash', async () => {
    const { school, t, projectId } = await fundedProject(h, { budget: '5000.00', received: '8000.00' });
    const v = ok(
      await h.q(M.voucher, { i: voucherInput(school.id, projectId, ['5000.00']) }, t.staff),
    ).createPaymentVoucher;
    ok(await h.q(M.approveVoucher, { id: v.id }, t.director));
    const RETURN = `mutation($i: RecordMoneyReturnedInput!) { recordMoneyReturned(input: $i) { kind amount amountText project { id } } }`;
    const refund = ok(
      await h.q(
        RETURN,
        {
          i: {
            schoolId: school.id,
            date: '2025-12-20',
            kind: 'REFUND_FROM_PAYEE',
            moneySourceCode: 'PER_HEAD_SUBSIDY',
            amount: '250.00',
            reason: 'คืนเงินส่วนลด',
            voucherId: v.id,
          },
        },
        t.staff,
      ),
    ).recordMoneyReturned;
    expect(refund).toEqual({
      kind: 'REFUND_FROM_PAYEE',
      amount: '250.00',
      amountText: 'สองร้อยห้าสิบบาทถ้วน',
      project: { id: projectId },
    });
    const overRefund = await h.q(
      RETURN,
      {
        i: {
          schoolId: school.id,
          date: '2025-12-21',
          kind: 'REFUND_FROM_PAYEE',
          moneySourceCode: 'PER_HEAD_SUBSIDY',
          amount: '4750.01',
          reason: 'x',
          voucherId: v.id,
        },
      },
      t.staff,
    );
    expect(overRefund.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'OVER_REFUND',
      refundable: '4750.00',
    });
    ok(
      await h.q(
        RETURN,
        {
          i: {
            schoolId: school.id,
            date: '2026-09-25',
            kind: 'RETURNED_TO_SOURCE',
            moneySourceCode: 'PER_HEAD_SUBSIDY',
            amount: '3000.00',
            reason: 'ส่งคืนเงินเหลือจ่าย',
          },
        },
        t.staff,
      ),
    );
    const tooMuch = await h.q(
      RETURN,
      {
        i: {
          schoolId: school.id,
          date: '2026-09-26',
          kind: 'RETURNED_TO_SOURCE',
          moneySourceCode: 'PER_HEAD_SUBSIDY',
          amount: '250.01',
          reason: 'x',
        },
      },
      t.staff,
    );
    expect(tooMuch.errors![0]!.extensions).toMatchObject({
      reason: 'INSUFFICIENT_FUNDS',
      available: '250.00',
    });
    const data = ok(
      await h.q(
        `query($reps: [_Any!]!, $p: ID!) { project(id: $p) { spent remaining }
          _entities(representations: $reps) { ... on School { moneySourceBalances(fiscalYear: 2569) { received paid refunded returned closing spent } } } }`,
        { reps: [{ __typename: 'School', id: school.id }], p: projectId },
        t.staff,
      ),
    );
    expect(data.project).toEqual({ spent: '4750.00', remaining: '250.00' });
    expect(data._entities[0].moneySourceBalances[0]).toEqual({
      received: '8000.00',
      paid: '5000.00',
      refunded: '250.00',
      returned: '3000.00',
      closing: '250.00',
      spent: '4750.00',
    });
  });

  it('refuses a voucher dated outside its project’s fiscal year', async () => {
    const { school, t, projectId } = await fundedProject(h);
    const res = await h.q(
      M.voucher,
      { i: voucherInput(school.id, projectId, ['10.00'], { date: '2025-09-30' }) },
      t.staff,
    );
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'WRONG_FISCAL_YEAR' });
  });
});
