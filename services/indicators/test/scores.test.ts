import { createCatalogue, evidenceFor, M, ok, openRound, startIndicators, THIS_YEAR, token, type IndicatorsHarness } from './support';

/**
 * Score cards, ranks and the reporting-state list against a worked example (README): weights 40, 30,
 * 20, 10 and thresholds 60/70/80/90/100.
 *   84.21 → 3.42100 × 40% = 1.36840;  95 → 4.50000 × 30% = 1.35000;
 *   80    → 3.00000 × 20% = 0.60000;  66.6667 → 1.66667 × 10% = 0.16667 (0.166667, half up)
 *   total 3.48507
 */

let h: IndicatorsHarness;
let ids: Record<string, string>;
const AREAS = ['9201', '9202', '9203', '9204', '9205', '9206'];
const WORKED = { W40: '84.21', W30: '95', W20: '80', W10: '66.6667' };

async function report(area: string, values: Record<string, string>, decide: 'APPROVE' | 'RETURN_FIRST' | 'NONE') {
  const officer = await token('area-officer', area);
  const director = await token('area-director', area);
  const evidence = await evidenceFor(h, area, officer);
  let first = true;
  for (const [code, value] of Object.entries(values)) {
    const r = ok(
      await h.q(
        M.submit,
        { i: { indicatorId: ids[code], roundMonth: 12, orgCode: area, value, narrative: 'ผลการดำเนินงาน', evidenceFileIds: [evidence] } },
        officer,
      ),
    ).submitIndicatorResult;
    if (decide === 'APPROVE') ok(await h.q(M.approve, { id: r.id }, director));
    if (decide === 'RETURN_FIRST' && first) ok(await h.q(M.return, { id: r.id, c: 'แก้ไข' }, director));
    first = false;
  }
}

beforeAll(async () => {
  h = await startIndicators();
  for (const a of AREAS) await h.addSchool(a);
  ids = await createCatalogue(h, THIS_YEAR, [
    { code: 'W40', weight: '40' },
    { code: 'W30', weight: '30' },
    { code: 'W20', weight: '20' },
    { code: 'W10', weight: '10' },
  ]);
  await openRound(h, THIS_YEAR, 12);
  await report('9201', WORKED, 'APPROVE');
  await report('9202', WORKED, 'APPROVE');
  await report('9203', { W40: '70', W30: '70', W20: '70', W10: '70' }, 'APPROVE');
  await report('9204', { W40: '100', W30: '100', W20: '100', W10: '100' }, 'NONE');
  await report('9206', { W40: '90', W30: '90' }, 'RETURN_FIRST');
}, 120_000);
afterAll(() => h?.stop());

const CARD = `query($r: [_Any!]!, $fy: Int!) { _entities(representations: $r) { ... on AreaOffice { code
  indicatorScores(fiscalYear: $fy, framework: KRS) { orgCode total rank rankedAmong weightTotal indicatorCount approvedCount complete
    lines { indicator { code } status value score weight weightedScore } } } } }`;

const cards = async (codes: string[], who: string) =>
  ok(await h.q(CARD, { r: codes.map((code) => ({ __typename: 'AreaOffice', code })), fy: THIS_YEAR }, who))._entities.map(
    (e: { indicatorScores: unknown }) => e.indicatorScores,
  );

describe('score cards', () => {
  it('adds the approved lines of the worked example to 3.48507, each line with five places', async () => {
    const [card] = await cards(['9201'], await token('obec-admin', 'OBEC'));
    expect(card).toMatchObject({ total: '3.48507', weightTotal: '100.00000', indicatorCount: 4, approvedCount: 4, complete: true });
    expect(card.lines).toEqual([
      // In code order (W10 … W40).
      { indicator: { code: 'W10' }, status: 'APPROVED', value: '66.6667', score: '1.66667', weight: '10.00000', weightedScore: '0.16667' },
      { indicator: { code: 'W20' }, status: 'APPROVED', value: '80', score: '3.00000', weight: '20.00000', weightedScore: '0.60000' },
      { indicator: { code: 'W30' }, status: 'APPROVED', value: '95', score: '4.50000', weight: '30.00000', weightedScore: '1.35000' },
      { indicator: { code: 'W40' }, status: 'APPROVED', value: '84.21', score: '3.42100', weight: '40.00000', weightedScore: '1.36840' },
    ]);
  });

  it('ranks area offices by total: ties share a rank, the next one skips, unapproved offices are unranked', async () => {
    const got = await cards(['9201', '9202', '9203', '9204', '9205'], await token('obec-admin', 'OBEC'));
    expect(got.map((c: { orgCode: string; total: string; rank: number | null; rankedAmong: number }) => [c.orgCode, c.total, c.rank, c.rankedAmong])).toEqual([
      ['9201', '3.48507', 1, 3],
      ['9202', '3.48507', 1, 3],
      ['9203', '2.00000', 3, 3],
      ['9204', '0.00000', null, 3],
      ['9205', '0.00000', null, 3],
    ]);
    expect(got[3].lines.map((l: { status: string }) => l.status)).toEqual(['SUBMITTED', 'SUBMITTED', 'SUBMITTED', 'SUBMITTED']);
  });

  it('shows an area office its own card only', async () => {
    expect((await cards(['9201', '9202'], await token('area-officer', '9201'))).map((c: { orgCode: string } | null) => c?.orgCode ?? null)).toEqual([
      '9201',
      null,
    ]);
    expect(await cards(['9201'], await token('partner', 'EEF'))).toEqual([null]);
  });

  it('gives the same digits on every read', async () => {
    const admin = await token('obec-admin', 'OBEC');
    const totals = new Set<string>();
    for (let i = 0; i < 5; i += 1) totals.add((await cards(['9201'], admin))[0].total);
    expect([...totals]).toEqual(['3.48507']);
  });

  it('refuses PMQA, which is assessed by level, with BAD_USER_INPUT', async () => {
    const res = await h.q(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on AreaOffice { indicatorScores(fiscalYear: ${THIS_YEAR}, framework: PMQA) { total } } } }`,
      { r: [{ __typename: 'AreaOffice', code: '9201' }] },
      await token('obec-admin', 'OBEC'),
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('the ranking and the reporting-state list', () => {
  const RANKING = `query($fy: Int!) { indicatorScoreRanking(fiscalYear: $fy, framework: KRS, first: 10) { totalCount edges { node { orgCode rank total } } } }`;
  const STATUS = `query($fy: Int!, $level: OrganisationLevel) { indicatorReportingStatus(fiscalYear: $fy, framework: KRS, roundMonth: 12, orgLevel: $level) {
    totalCount edges { node { orgCode state indicatorCount notStarted draft submitted returned approved areaOffice { code } } } } }`;

  it('ranks every area office for OBEC, best first, unranked offices after in code order', async () => {
    const r = ok(await h.q(RANKING, { fy: THIS_YEAR }, await token('obec-analyst', 'OBEC'))).indicatorScoreRanking;
    expect(r.totalCount).toBe(6);
    expect(r.edges.map((e: { node: { orgCode: string; rank: number | null } }) => [e.node.orgCode, e.node.rank])).toEqual([
      ['9201', 1],
      ['9202', 1],
      ['9203', 3],
      ['9204', null],
      ['9205', null],
      ['9206', null],
    ]);
    const mine = ok(await h.q(RANKING, { fy: THIS_YEAR }, await token('area-director', '9203'))).indicatorScoreRanking;
    expect(mine.edges.map((e: { node: { orgCode: string; rank: number } }) => [e.node.orgCode, e.node.rank])).toEqual([['9203', 3]]);
    expect(ok(await h.q(RANKING, { fy: THIS_YEAR }, await token('partner', 'EEF'))).indicatorScoreRanking.totalCount).toBe(0);
  });

  it('shows OBEC every area’s state on one list', async () => {
    const s = ok(await h.q(STATUS, { fy: THIS_YEAR }, await token('obec-admin', 'OBEC'))).indicatorReportingStatus;
    expect(s.totalCount).toBe(6);
    const byCode = Object.fromEntries(s.edges.map((e: { node: { orgCode: string } }) => [e.node.orgCode, e.node]));
    expect(Object.fromEntries(Object.entries(byCode).map(([k, v]: [string, any]) => [k, v.state]))).toEqual({
      '9201': 'APPROVED',
      '9202': 'APPROVED',
      '9203': 'APPROVED',
      '9204': 'SUBMITTED',
      '9205': 'NOT_STARTED',
      '9206': 'RETURNED',
    });
    expect(byCode['9206']).toMatchObject({ indicatorCount: 4, notStarted: 2, submitted: 1, returned: 1, approved: 0, areaOffice: { code: '9206' } });
  });

  it('shows an area office its own state, or its schools’; a partner nothing', async () => {
    const own = ok(await h.q(STATUS, { fy: THIS_YEAR }, await token('area-officer', '9204'))).indicatorReportingStatus;
    expect(own.edges.map((e: { node: { orgCode: string } }) => e.node.orgCode)).toEqual(['9204']);
    const schools = ok(await h.q(STATUS, { fy: THIS_YEAR, level: 'SCHOOL' }, await token('area-officer', '9204'))).indicatorReportingStatus;
    expect(schools.totalCount).toBe(1);
    expect(schools.edges[0].node).toMatchObject({ state: 'NOT_STARTED', indicatorCount: 0 });
    expect(ok(await h.q(STATUS, { fy: THIS_YEAR }, await token('partner', 'EEF'))).indicatorReportingStatus.totalCount).toBe(0);
  });
});
