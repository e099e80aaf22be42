import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually, gql, tokenFor } from '@smss/testing';
import { fiscalYearOf, fiscalYearRange, todayInBangkok, toThaiDigits } from '@smss/thai';
import { startPlatform, type Platform } from './platform';

/**
 * The indicators subgraph through the gateway, with every subgraph composed: a catalogue, an open round,
 * an area office's results with evidence uploaded through the gateway and approved by its director, the
 * score card on the schools subgraph's AreaOffice, an ARS result beside the finance project it reports
 * against (budget from finance), a school's results on School, access across area offices, and a PDF
 * report downloaded through the gateway with the caller's token.
 */

let p: Platform;
let admin: string;
let dir: string;
const FY = fiscalYearOf(todayInBangkok());
const AREA = '1601';
let school: { id: string; obecCode: string };
let tokens: Record<'officer' | 'director' | 'otherArea' | 'partner' | 'staff' | 'schoolDirector', string>;
const ids: Record<string, string> = {};

const viaGateway = (query: string, variables: Record<string, unknown> = {}, token: string = admin) =>
  gql(p.gatewayUrl, query, variables, { token, asGateway: false });
const ok = (res: Awaited<ReturnType<typeof viaGateway>>) => {
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
};

const CREATE = `mutation($i: IndicatorInput!) { createIndicator(input: $i) { id } }`;
const indicator = (code: string, framework: string, weight: string, ownerLevel = 'AREA_OFFICE', nameTh?: string) => ({
  fiscalYear: FY,
  framework,
  code,
  nameTh: nameTh ?? `ตัวชี้วัด ${code}`,
  nameEn: `Indicator ${code}`,
  unit: 'ร้อยละ',
  weight,
  target: '100',
  ownerLevel,
  scoring: { method: 'LEVELS', direction: 'HIGHER_IS_BETTER', thresholds: ['60', '70', '80', '90', '100'] },
});

async function upload(org: string, token: string): Promise<string> {
  const res = await fetch(`${p.gatewayBase}/upload/indicators?orgCode=${org}&fileName=${encodeURIComponent('หลักฐาน.txt')}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
    body: Buffer.from('หลักฐานการดำเนินงาน\n'),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'indicators-e2e-'));
  p = await startPlatform();
  admin = await tokenFor('obec-admin', 'OBEC');
  const first = ok(await viaGateway(`{ schools(first: 1, filter: { areaOfficeCode: "${AREA}", status: OPEN }) { edges { node { id obecCode } } } }`));
  school = first.schools.edges[0].node;
  // Wait for the indicators and finance replicas of this area (the directory is published at start).
  const [{ n: expected }] = await p.services.schools!.dataSource.query(
    `SELECT count(*)::int AS n FROM school WHERE area_office_code = $1`,
    [AREA],
  );
  for (const name of ['indicators', 'finance'])
    await eventually(async () => {
      const [{ n }] = await p.services[name]!.dataSource.query(
        `SELECT count(*)::int AS n FROM directory_school_replica WHERE area_office_code = $1`,
        [AREA],
      );
      return n === expected;
    }, 60_000);
  tokens = {
    officer: await tokenFor('area-officer', AREA),
    director: await tokenFor('area-director', AREA),
    otherArea: await tokenFor('area-director', '1602'),
    partner: await tokenFor('partner', 'EEF'),
    staff: await tokenFor('school-staff', school.obecCode),
    schoolDirector: await tokenFor('school-director', school.obecCode),
  };
  ids.K1 = ok(await viaGateway(CREATE, { i: indicator('KRS 1', 'KRS', '60', 'AREA_OFFICE', 'ร้อยละของผู้เรียนที่มีผลสัมฤทธิ์ดีขึ้นไป') })).createIndicator.id;
  ids.K2 = ok(await viaGateway(CREATE, { i: indicator('KRS 2', 'KRS', '40') })).createIndicator.id;
  ids.A1 = ok(await viaGateway(CREATE, { i: indicator('ARS 1', 'ARS', '100') })).createIndicator.id;
  ids.S1 = ok(await viaGateway(CREATE, { i: indicator('KRS-S 1', 'KRS', '100', 'SCHOOL') })).createIndicator.id;
  const { start, end } = fiscalYearRange(FY);
  ok(
    await viaGateway(`mutation($i: ReportingRoundInput!) { scheduleReportingRound(input: $i) { status } }`, {
      i: { fiscalYear: FY, month: 12, opensOn: start, closesOn: end },
    }),
  );
}, 240_000);
afterAll(async () => {
  await p?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const SUBMIT = `mutation($i: IndicatorResultInput!) { submitIndicatorResult(input: $i) { id status score weightedScore } }`;
const APPROVE = `mutation($id: ID!) { approveIndicatorResult(id: $id) { status } }`;

describe('indicators through the gateway', () => {
  it('runs the approval flow and shows the score card on the area office, with the directory’s name', async () => {
    const evidence = await upload(AREA, tokens.officer);
    for (const [id, value] of [
      [ids.K1, '84.21'],
      [ids.K2, '95'],
    ] as const) {
      const r = ok(
        await viaGateway(
          SUBMIT,
          { i: { indicatorId: id, roundMonth: 12, orgCode: AREA, value, narrative: 'ดำเนินการตามแผน', evidenceFileIds: [evidence], reporterName: 'นางสาวผู้รายงาน ทดสอบ' } },
          tokens.officer,
        ),
      ).submitIndicatorResult;
      expect(r.status).toBe('SUBMITTED');
      expect(codeOf(await viaGateway(APPROVE, { id: r.id }, tokens.schoolDirector))).toBe('NOT_FOUND'); // a school does not see the area’s result
      expect(codeOf(await viaGateway(APPROVE, { id: r.id }, tokens.otherArea))).toBe('NOT_FOUND');
      expect(ok(await viaGateway(APPROVE, { id: r.id }, tokens.director)).approveIndicatorResult.status).toBe('APPROVED');
    }
    const card = ok(
      await viaGateway(
        `query($c: String) { areaOffice(code: $c) { code nameTh indicatorScores(fiscalYear: ${FY}, framework: KRS) {
           total rank rankedAmong lines { indicator { code } score weightedScore result { reporterName evidence { fileName downloadPath } } } } } }`,
        { c: AREA },
        tokens.director,
      ),
    ).areaOffice;
    expect(card.nameTh).toMatch(/ลพบุรี/);
    // 84.21 → 3.42100 × 60% = 2.05260; 95 → 4.50000 × 40% = 1.80000; total 3.85260.
    expect(card.indicatorScores).toMatchObject({ total: '3.85260', rank: 1, rankedAmong: 1 });
    expect(card.indicatorScores.lines.map((l: { weightedScore: string }) => l.weightedScore)).toEqual(['2.05260', '1.80000']);
    expect(card.indicatorScores.lines[0].result.reporterName).toBe('นางสาวผู้รายงาน ทดสอบ');
    const file = await fetch(`${p.gatewayBase}${card.indicatorScores.lines[0].result.evidence[0].downloadPath}`, {
      headers: { authorization: `Bearer ${tokens.director}` },
    });
    expect([file.status, (await file.text()).trim()]).toEqual([200, 'หลักฐานการดำเนินงาน']);
  });

  it('shows an area office’s card to that office and OBEC only, through the gateway as through the subgraph', async () => {
    const CARD = `query($c: String) { areaOffice(code: $c) { nameTh indicatorScores(fiscalYear: ${FY}, framework: KRS) { total } } }`;
    for (const [who, visible] of [
      [tokens.otherArea, false],
      [tokens.partner, false],
      [tokens.staff, false],
      [await tokenFor('obec-analyst', 'OBEC'), true],
    ] as const) {
      const res = await viaGateway(CARD, { c: AREA }, who);
      expect(res.errors).toBeUndefined();
      expect(res.data.areaOffice.nameTh).toMatch(/ลพบุรี/); // the directory stays readable
      expect(res.data.areaOffice.indicatorScores?.total ?? null).toBe(visible ? '3.85260' : null);
    }
  });

  it('shows an ARS result beside the finance project it reports against, with its budget from finance', async () => {
    const strategy = ok(
      await viaGateway(
        `mutation($i: CreateStrategyInput!) { createStrategy(input: $i) { id } }`,
        { i: { schoolId: school.id, fiscalYear: FY, code: 'S1', nameTh: 'กลยุทธ์ที่ 1' } },
        tokens.staff,
      ),
    ).createStrategy;
    const { start, end } = fiscalYearRange(FY);
    const project = ok(
      await viaGateway(
        `mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }`,
        {
          i: {
            strategyId: strategy.id,
            nameTh: 'โครงการพัฒนาการอ่าน',
            owner: 'ครูผู้รับผิดชอบ',
            startDate: start,
            endDate: end,
            moneySourceCode: 'PER_HEAD_SUBSIDY',
            requestedBudget: '25000.00',
          },
        },
        tokens.staff,
      ),
    ).createProject;
    ok(await viaGateway(`mutation($id: ID!) { approveProjectBudget(id: $id, approvedBudget: "20000.00") { id } }`, { id: project.id }, tokens.schoolDirector));
    const evidence = await upload(AREA, tokens.officer);
    const ars = ok(
      await viaGateway(
        SUBMIT,
        { i: { indicatorId: ids.A1, roundMonth: 12, orgCode: AREA, value: '90', narrative: 'ติดตามโครงการ', evidenceFileIds: [evidence], projectIds: [project.id] } },
        tokens.officer,
      ),
    ).submitIndicatorResult;
    const res = ok(
      await viaGateway(
        `query($id: ID!) { indicatorResult(id: $id) { score projects { id nameTh approvedBudget spent remaining } } }`,
        { id: ars.id },
        tokens.director,
      ),
    ).indicatorResult;
    expect(res).toEqual({
      score: '4.00000',
      projects: [{ id: project.id, nameTh: 'โครงการพัฒนาการอ่าน', approvedBudget: '20000.00', spent: '0.00', remaining: '20000.00' }],
    });
  });

  it('adds a school’s own results to the directory’s School', async () => {
    const evidence = await upload(school.obecCode, tokens.staff);
    ok(
      await viaGateway(
        SUBMIT,
        { i: { indicatorId: ids.S1, roundMonth: 12, orgCode: school.obecCode, value: '72.5', narrative: 'ผลของโรงเรียน', evidenceFileIds: [evidence] } },
        tokens.staff,
      ),
    );
    const QUERY = `query($c: String) { school(obecCode: $c) { nameTh indicatorResults(fiscalYear: ${FY}, framework: KRS, roundMonth: 12) {
      totalCount edges { node { status score indicator { code } areaOffice { code nameTh } } } } } }`;
    const mine = ok(await viaGateway(QUERY, { c: school.obecCode }, tokens.director)).school;
    expect(mine.indicatorResults.totalCount).toBe(1);
    expect(mine.indicatorResults.edges[0].node).toMatchObject({ status: 'SUBMITTED', score: '2.25000', indicator: { code: 'KRS-S 1' } });
    expect(mine.indicatorResults.edges[0].node.areaOffice.nameTh).toMatch(/ลพบุรี/);
    const theirs = ok(await viaGateway(QUERY, { c: school.obecCode }, tokens.otherArea)).school;
    expect(theirs.indicatorResults.totalCount).toBe(0);
    expect(theirs.nameTh).toBe(mine.nameTh);
  });

  it('exports the area office’s PDF report and serves it through the gateway to its caller only', async () => {
    const file = ok(
      await viaGateway(
        `mutation { exportIndicatorReport(orgCode: "${AREA}", fiscalYear: ${FY}, framework: KRS, format: PDF) { url fileName contentType byteSize } }`,
        {},
        tokens.director,
      ),
    ).exportIndicatorReport;
    const got = await fetch(`${p.gatewayBase}${file.url}`, { headers: { authorization: `Bearer ${tokens.director}` } });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toContain(file.fileName);
    const pdf = Buffer.from(await got.arrayBuffer());
    expect(pdf.length).toBe(file.byteSize);
    const out = path.join(dir, 'report.pdf');
    writeFileSync(out, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', out, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('ร้อยละของผู้เรียนที่มีผลสัมฤทธิ์ดีขึ้นไป');
    expect(text).toContain('๓.๘๕๒๖๐');
    expect(text).toContain(`พ.ศ. ${toThaiDigits(String(FY))}`);
    const other = await fetch(`${p.gatewayBase}${file.url}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(other.status).toBe(404);
    expect(((await other.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
    const anonymous = await fetch(`${p.gatewayBase}${file.url}`);
    expect(anonymous.status).toBe(401);
    const traversal = await fetch(`${p.gatewayBase}/download/indicators/..%2F..%2Fgraphql`, { headers: { authorization: `Bearer ${admin}` } });
    expect(traversal.status).toBe(404);
  });

  it('publishes the approvals to the INDICATORS stream through the outbox', async () => {
    await eventually(async () => {
      const [{ n }] = await p.services.indicators!.dataSource.query(
        `SELECT count(*)::int AS n FROM outbox_event WHERE subject = 'indicators.result.approved.v1' AND published_at IS NOT NULL`,
      );
      return n === 2;
    }, 20_000);
  });
});

function codeOf(res: { errors?: Array<{ extensions?: Record<string, unknown> }> }): unknown {
  return res.errors?.[0]?.extensions?.code;
}
