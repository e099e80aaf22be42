import { codeOf, fundedProject, M, ok, startFinance, voucherInput, type FinanceHarness } from './support';

let h: FinanceHarness;

beforeAll(async () => {
  h = await startFinance();
});
afterAll(() => h.stop());

const BALANCES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on School {
  moneySourceBalances(fiscalYear: 2569) { moneySource { code } opening received paid refunded returned closing withholdingTaxPayable available spent }
  trialBalance(fiscalYear: 2569) { totalDebit totalCredit balanced } } } }`;

const unbalancedEntries = async () =>
  h.service.dataSource.query(
    `SELECT entry_id FROM journal_line GROUP BY entry_id HAVING sum(debit) <> sum(credit)`,
  );

describe('ledger invariant under concurrent vouchers (real PostgreSQL)', () => {
  it('numbers concurrent vouchers 1…n without gaps or duplicates, refusing exactly those over the project budget, then approves them in parallel with debits always equal to credits', async () => {
    const { school, t, projectId } = await fundedProject(h, { budget: '50000.00', received: '100000.00' });
    // 12 vouchers of 5,000.00 (1% withholding tax) race for a 50,000.00 budget: 10 fit.
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        h.q(
          M.voucher,
          {
            i: voucherInput(school.id, projectId, ['3000.00', '2000.00'], { withholdingTaxPercent: '1.00' }),
          },
          t.staff,
        ),
      ),
    );
    const created = results.filter((r) => !r.errors).map((r) => r.data.createPaymentVoucher);
    const refused = results.filter((r) => r.errors);
    expect(created).toHaveLength(10);
    expect(refused.map((r) => [codeOf(r), r.errors![0]!.extensions!.reason])).toEqual(
      Array.from({ length: 2 }, () => ['BAD_USER_INPUT', 'OVER_BUDGET']),
    );
    expect(created.map((v: any) => v.number).sort((a: number, b: number) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(created[0]).toMatchObject({
      grossAmount: '5000.00',
      withholdingTax: '50.00',
      netAmount: '4950.00',
    });

    // The director approves all ten at once: every approval posts one balanced entry.
    const approvals = await Promise.all(
      created.map((v: any) => h.q(M.approveVoucher, { id: v.id }, t.director)),
    );
    expect(approvals.map((a) => a.errors)).toEqual(Array.from({ length: 10 }, () => undefined));
    expect(await unbalancedEntries()).toEqual([]);
    const totals = await h.service.dataSource.query(
      `SELECT sum(debit) AS debit, sum(credit) AS credit, count(DISTINCT entry_id)::int AS entries
         FROM journal_line WHERE school_id = $1`,
      [school.id],
    );
    expect(totals).toEqual([{ debit: '150000.00', credit: '150000.00', entries: 11 }]);
    const data = ok(await h.q(BALANCES, { reps: [{ __typename: 'School', id: school.id }] }, t.staff));
    const [balance] = data._entities[0].moneySourceBalances;
    expect(balance).toEqual({
      moneySource: { code: 'PER_HEAD_SUBSIDY' },
      opening: '0.00',
      received: '100000.00',
      paid: '49500.00', // 10 × 4,950.00 net
      refunded: '0.00',
      returned: '0.00',
      closing: '50500.00',
      withholdingTaxPayable: '500.00',
      available: '50000.00',
      spent: '50000.00',
    });
    expect(data._entities[0].trialBalance).toEqual({
      totalDebit: '150000.00',
      totalCredit: '150000.00',
      balanced: true,
    });
    const project = ok(
      await h.q(
        `query($id: ID!) { project(id: $id) { spent committed remaining } }`,
        { id: projectId },
        t.staff,
      ),
    );
    expect(project.project).toEqual({ spent: '50000.00', committed: '0.00', remaining: '0.00' });
  });

  it('lets only as many parallel approvals through as the money source can pay (no lost update)', async () => {
    const { school, t, projectId } = await fundedProject(h, {
      budget: '100000.00',
      received: '10000.00',
      moneySourceCode: 'DONATION',
    });
    const vouchers = [];
    for (let i = 0; i < 5; i += 1) {
      vouchers.push(
        ok(await h.q(M.voucher, { i: voucherInput(school.id, projectId, ['3000.00']) }, t.staff))
          .createPaymentVoucher,
      );
    }
    const approvals = await Promise.all(vouchers.map((v) => h.q(M.approveVoucher, { id: v.id }, t.director)));
    const approved = approvals.filter((a) => !a.errors);
    expect(approved).toHaveLength(3);
    expect(approvals.filter((a) => a.errors).map((a) => a.errors![0]!.extensions!.reason)).toEqual([
      'INSUFFICIENT_FUNDS',
      'INSUFFICIENT_FUNDS',
    ]);
    const data = ok(await h.q(BALANCES, { reps: [{ __typename: 'School', id: school.id }] }, t.staff));
    expect(data._entities[0].moneySourceBalances[0]).toMatchObject({ closing: '1000.00', paid: '9000.00' });
    expect(await unbalancedEntries()).toEqual([]);
  });

  it('adds up 25 receipts recorded in parallel to the satang, numbered 1…25', async () => {
    const { school, t } = await fundedProject(h, { received: '0' });
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        h.q(
          M.receipt,
          {
            i: {
              schoolId: school.id,
              date: '2026-01-05',
              moneySourceCode: 'PER_HEAD_SUBSIDY',
              amount: '1234.56',
              payer: 'สพป.',
              description: 'เงินอุดหนุน',
            },
          },
          t.staff,
        ),
      ),
    );
    const numbers = results.map((r) => ok(r).recordReceipt.number).sort((a: number, b: number) => a - b);
    expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const data = ok(await h.q(BALANCES, { reps: [{ __typename: 'School', id: school.id }] }, t.staff));
    expect(data._entities[0].moneySourceBalances[0]).toMatchObject({
      received: '30864.00',
      closing: '30864.00',
    });
  });

  it('refuses an unbalanced journal entry and any change to posted lines, at the database level', async () => {
    const { school } = await fundedProject(h);
    const ds = h.service.dataSource;
    await expect(
      ds.transaction(async (m) => {
        const [entry] = await m.query(
          `INSERT INTO journal_entry (school_id, fiscal_year, entry_date, kind, reference_id, description, created_by)
           VALUES ($1, 2569, '2025-12-01', 'RECEIPT', gen_random_uuid(), 'x', 'test') RETURNING id`,
          [school.id],
        );
        await m.query(
          `INSERT INTO journal_line (entry_id, school_id, fiscal_year, entry_date, account_code, money_source_code, debit)
           VALUES ($1, $2, 2569, '2025-12-01', '1101', 'PER_HEAD_SUBSIDY', 10)`,
          [entry.id, school.id],
        );
      }),
    ).rejects.toThrow(/does not balance/);
    await expect(
      ds.query(`UPDATE journal_line SET debit = debit + 1 WHERE school_id = $1`, [school.id]),
    ).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM journal_entry WHERE school_id = $1`, [school.id])).rejects.toThrow(
      /append-only/,
    );
    expect(await unbalancedEntries()).toEqual([]);
  });
});
