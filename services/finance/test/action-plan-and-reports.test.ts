import ExcelJS from 'exceljs';
import { money } from '@smss/money';
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
} from './support';

let h: FinanceHarness;

beforeAll(async () => {
  h = await startFinance({ privateNats: true }); // it publishes DMC snapshots: keep them off the shared NATS
});
afterAll(() => h.stop());

const EXPORT = `mutation($i: ExportReportInput!) { exportFinanceReport(input: $i) { fileName contentType encoding content byteSize rowCount } }`;

describe('action plan: strategies → projects → activities, approval and year-end evaluation', () => {
  it('builds a plan, approves budgets within limits and records evaluations', async () => {
    const { school, t, projectId, strategyId } = await fundedProject(h, { budget: '20000.00' });
    const ACTIVITY = `mutation($i: CreateActivityInput!) { createActivity(input: $i) { id requestedBudget approvedBudget } }`;
    ok(
      await h.q(
        ACTIVITY,
        { i: { projectId, nameTh: 'จัดซื้อหนังสือ', requestedBudget: '15000.00', approvedBudget: '15000.00' } },
        t.staff,
      ),
    );
    const over = await h.q(
      ACTIVITY,
      { i: { projectId, nameTh: 'ค่ายการอ่าน', requestedBudget: '6000.00', approvedBudget: '5000.01' } },
      t.staff,
    );
    expect(over.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'OVER_BUDGET',
      remaining: '5000.00',
    });
    const below = await h.q(M.approveProject, { id: projectId, b: '14999.99' }, t.director);
    expect(below.errors![0]!.extensions).toMatchObject({ reason: 'BELOW_ACTIVITIES' });
    const outOfYear = await h.q(
      M.project,
      {
        i: {
          strategyId,
          nameTh: 'โครงการข้ามปี',
          owner: 'ครู',
          startDate: '2025-09-01',
          endDate: '2025-12-31',
          moneySourceCode: 'DONATION',
          requestedBudget: '100.00',
        },
      },
      t.staff,
    );
    expect(codeOf(outOfYear)).toBe('BAD_USER_INPUT');
    const evaluate = await h.q(
      `mutation($id: ID!, $i: EvaluationInput!) { evaluateProject(id: $id, input: $i) { status evaluation { outcome result obstacles evaluatedBy } } }`,
      {
        id: projectId,
        i: { outcome: 'PARTLY_ACHIEVED', result: 'นักเรียนอ่านคล่องขึ้นร้อยละ 80', obstacles: 'หนังสือมาช้า' },
      },
      t.staff,
    );
    expect(ok(evaluate).evaluateProject).toEqual({
      status: 'EVALUATED',
      evaluation: {
        outcome: 'PARTLY_ACHIEVED',
        result: 'นักเรียนอ่านคล่องขึ้นร้อยละ 80',
        obstacles: 'หนังสือมาช้า',
        evaluatedBy: `test:school-staff:${school.obecCode}`,
      },
    });
    const plan = ok(
      await h.q(
        `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on School { actionPlan(fiscalYear: 2569) {
           requestedTotal approvedTotal strategies { code nameTh projects { nameTh status approvedBudget activities { nameTh approvedBudget } } } } } } }`,
        { reps: [{ __typename: 'School', id: school.id }] },
        t.area,
      ),
    )._entities[0].actionPlan;
    expect(plan).toEqual({
      requestedTotal: '20000.00',
      approvedTotal: '20000.00',
      strategies: [
        {
          code: 'S1',
          nameTh: 'พัฒนาคุณภาพผู้เรียน',
          projects: [
            {
              nameTh: 'โครงการส่งเสริมการอ่าน',
              status: 'EVALUATED',
              approvedBudget: '20000.00',
              activities: [{ nameTh: 'จัดซื้อหนังสือ', approvedBudget: '15000.00' }],
            },
          ],
        },
      ],
    });
  });

  it('refuses vouchers against a project whose budget is not approved yet', async () => {
    const school = await addSchool(h);
    const t = await tokensFor(school);
    const s = ok(
      await h.q(
        M.strategy,
        { i: { schoolId: school.id, fiscalYear: 2569, code: 'S9', nameTh: 'กลยุทธ์' } },
        t.staff,
      ),
    ).createStrategy;
    const p = ok(
      await h.q(
        M.project,
        {
          i: {
            strategyId: s.id,
            nameTh: 'โครงการ',
            owner: 'ครู',
            startDate: '2025-10-01',
            endDate: '2026-03-31',
            moneySourceCode: 'DONATION',
            requestedBudget: '1000.00',
          },
        },
        t.staff,
      ),
    ).createProject;
    expect(p.status).toBe('PROPOSED');
    const res = await h.q(M.voucher, { i: voucherInput(school.id, p.id, ['10.00']) }, t.staff);
    expect(res.errors![0]!.extensions).toMatchObject({ reason: 'PROJECT_NOT_APPROVED' });
  });
});

describe('reports: budget versus spent and the allocation breakdown, as CSV and XLSX', () => {
  it('reports budget versus spent per project and money source, and exports it as CSV and XLSX with exact amounts', async () => {
    const { school, t, projectId } = await fundedProject(h, { budget: '12345.67', received: '20000.00' });
    const v = ok(
      await h.q(
        M.voucher,
        { i: voucherInput(school.id, projectId, ['1000.10', '234.45'], { withholdingTaxPercent: '1.00' }) },
        t.staff,
      ),
    ).createPaymentVoucher;
    ok(await h.q(M.approveVoucher, { id: v.id }, t.director));
    ok(await h.q(M.voucher, { i: voucherInput(school.id, projectId, ['99.99']) }, t.staff));
    const report = ok(
      await h.q(
        `query($s: ID!) { budgetReport(schoolId: $s, fiscalYear: 2569) { totalApproved totalSpent
          projects { project { code } approvedBudget spent committed remaining }
          moneySources { moneySource { code } received paid closing withholdingTaxPayable available } } }`,
        { s: school.id },
        t.area,
      ),
    ).budgetReport;
    expect(report).toEqual({
      totalApproved: '12345.67',
      totalSpent: '1234.55',
      projects: [
        {
          project: { code: 'P1' },
          approvedBudget: '12345.67',
          spent: '1234.55',
          committed: '99.99',
          remaining: '11011.13',
        },
      ],
      moneySources: [
        {
          moneySource: { code: 'PER_HEAD_SUBSIDY' },
          received: '20000.00',
          paid: '1222.20',
          closing: '18777.80',
          withholdingTaxPayable: '12.35',
          available: '18765.45',
        },
      ],
    });

    const csv = ok(
      await h.q(
        EXPORT,
        { i: { report: 'BUDGET_VS_SPENT', format: 'CSV', fiscalYear: 2569, schoolId: school.id } },
        t.staff,
      ),
    ).exportFinanceReport;
    expect(csv).toMatchObject({
      fileName: `budget-vs-spent-${school.obecCode}-2569.csv`,
      contentType: 'text/csv; charset=utf-8',
      encoding: 'base64',
      rowCount: 2,
    });
    const text = Buffer.from(csv.content, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'strategy กลยุทธ์,project_code รหัสโครงการ,project โครงการ,money_source แหล่งเงิน,approved_budget งบที่อนุมัติ,spent ใช้จ่ายจริง,committed ผูกพัน,remaining คงเหลือ',
    );
    expect(lines[1]).toBe('S1,P1,โครงการส่งเสริมการอ่าน,PER_HEAD_SUBSIDY,12345.67,1234.55,99.99,11011.13');
    expect(lines).toContain('PER_HEAD_SUBSIDY,0.00,20000.00,1222.20,0.00,0.00,18777.80,12.35,1234.55');

    const xlsx = ok(
      await h.q(
        EXPORT,
        { i: { report: 'BUDGET_VS_SPENT', format: 'XLSX', fiscalYear: 2569, schoolId: school.id } },
        t.staff,
      ),
    ).exportFinanceReport;
    expect(xlsx.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.content, 'base64') as never);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Projects', 'Money sources']);
    const row = book.getWorksheet('Projects')!.getRow(2);
    const amounts = [5, 6, 7, 8].map((c) => money(String(row.getCell(c).value)).toFixed(2));
    expect(amounts).toEqual(['12345.67', '1234.55', '99.99', '11011.13']);
    expect(row.getCell(5).numFmt).toBe('#,##0.00');
  });

  it('writes a project named like a spreadsheet formula as inert text in CSV and XLSX', async () => {
    const school = await addSchool(h);
    const t = await tokensFor(school);
    const strategy = ok(
      await h.q(
        M.strategy,
        { i: { schoolId: school.id, fiscalYear: 2569, code: 'S1', nameTh: 'พัฒนาคุณภาพผู้เรียน' } },
        t.staff,
      ),
    ).createStrategy;
    const name = '=HYPERLINK("http://x","y")';
    ok(
      await h.q(
        M.project,
        {
          i: {
            strategyId: strategy.id,
            code: 'P1',
            nameTh: name,
            owner: 'ครูสมศรี',
            startDate: '2025-10-01',
            endDate: '2026-09-30',
            moneySourceCode: 'PER_HEAD_SUBSIDY',
            requestedBudget: '1000.00',
          },
        },
        t.staff,
      ),
    );
    const input = { report: 'BUDGET_VS_SPENT', fiscalYear: 2569, schoolId: school.id };
    const csv = ok(await h.q(EXPORT, { i: { ...input, format: 'CSV' } }, t.staff)).exportFinanceReport;
    const lines = Buffer.from(csv.content, 'base64').toString('utf8').slice(1).split('\r\n');
    expect(lines[1]).toBe(`S1,P1,"'=HYPERLINK(""http://x"",""y"")",PER_HEAD_SUBSIDY,0.00,0.00,0.00,0.00`);

    const xlsx = ok(await h.q(EXPORT, { i: { ...input, format: 'XLSX' } }, t.staff)).exportFinanceReport;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.content, 'base64') as never);
    const cell = book.getWorksheet('Projects')!.getRow(2).getCell(3);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(`'${name}`);
    expect(cell.formula).toBeUndefined();
    // Money stays a number in its format.
    expect(book.getWorksheet('Projects')!.getRow(2).getCell(5).type).toBe(ExcelJS.ValueType.Number);
  });

  it('exports the allocation breakdown per school and round for an area office', async () => {
    const a = await addSchool(h, { areaOfficeCode: '9403' });
    const b = await addSchool(h, { areaOfficeCode: '9403' });
    for (const school of [a, b]) {
      await waitForInbox(h, (await publishSnapshot(h, snapshotFor(school))).id);
      await waitForInbox(
        h,
        (
          await publishSnapshot(
            h,
            snapshotFor(school, { round: 'TERM1', asOfDate: '2026-06-10', academicYear: 2569 }),
          )
        ).id,
      );
    }
    const t = await tokensFor(a);
    const file = ok(
      await h.q(
        EXPORT,
        { i: { report: 'ALLOCATION_BREAKDOWN', format: 'CSV', fiscalYear: 2569, areaOfficeCode: '9403' } },
        t.area,
      ),
    ).exportFinanceReport;
    expect(file.rowCount).toBe(4);
    const lines = Buffer.from(file.content, 'base64').toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toMatch(/^school_code รหัสโรงเรียน,school โรงเรียน,area_office เขตพื้นที่/);
    expect(lines[1]).toBe(
      `${a.obecCode},${a.nameTh},9403,94,2568,TERM2,1,90800.00,0.00,13735.00,0.00,22850.00,15000.00,142385.00`,
    );
    expect(lines[2]).toBe(
      `${a.obecCode},${a.nameTh},9403,94,2569,TERM1,1,90800.00,51871.00,13735.00,28350.00,22850.00,15000.00,222606.00`,
    );
    const xlsx = ok(
      await h.q(
        EXPORT,
        { i: { report: 'ALLOCATION_BREAKDOWN', format: 'XLSX', fiscalYear: 2569, areaOfficeCode: '9403' } },
        t.obec,
      ),
    ).exportFinanceReport;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.content, 'base64') as never);
    const sheet = book.getWorksheet('Allocations')!;
    expect(sheet.rowCount).toBe(5);
    expect(money(String(sheet.getRow(3).getCell(14).value)).toFixed(2)).toBe('222606.00');
    // Partners see no per-school rows (only area and province totals): an export with none.
    const partner = ok(
      await h.q(
        EXPORT,
        { i: { report: 'ALLOCATION_BREAKDOWN', format: 'CSV', fiscalYear: 2569 } },
        t.partner,
      ),
    ).exportFinanceReport;
    expect(partner.rowCount).toBe(0);
    // A school out of reach is answered like an unknown one.
    const otherSchool = await h.q(
      EXPORT,
      { i: { report: 'BUDGET_VS_SPENT', format: 'CSV', fiscalYear: 2569, schoolId: a.id } },
      t.otherSchool,
    );
    expect(codeOf(otherSchool)).toBe('NOT_FOUND');
  });
});
