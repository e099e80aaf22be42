import { seedDemoIndicators } from '../src/demo/seed';
import { DEMO_ARS, DEMO_KRS, DEMO_PMQA, LOPBURI_OFFICES } from '../src/demo/catalogue';
import { parseIndicatorInput } from '../src/modules/catalogue/catalogue.rules';
import { count, LAST_YEAR, ok, startIndicators, THIS_YEAR, token, type IndicatorsHarness } from './support';

/**
 * The Lopburi sandbox demo: a valid catalogue (every indicator passes the catalogue's own rules, weights
 * of each level sum to 100), last year's results of the two primary and one secondary area offices in
 * four rounds, this year's open round, PMQA profiles — the same digits on every load, resumable.
 */

let h: IndicatorsHarness;
let second: IndicatorsHarness;
const TODAY = `${THIS_YEAR - 544}-12-01`;

beforeAll(async () => {
  h = await startIndicators();
  second = await startIndicators();
  for (const office of LOPBURI_OFFICES) {
    await h.addSchool(office.code);
    await second.addSchool(office.code);
  }
}, 60_000);
afterAll(async () => {
  await h?.stop();
  await second?.stop();
});

const figures = (x: IndicatorsHarness) =>
  x.service.dataSource.query(
    `SELECT r.org_code, i.code, rr.fiscal_year, rr.month, r.status, r.value::text, r.score::text, r.weighted_score::text
       FROM indicator_result r JOIN indicator i ON i.id = r.indicator_id JOIN reporting_round rr ON rr.id = r.round_id
      ORDER BY 1, 2, 3, 4`,
  );

describe('the Lopburi demo', () => {
  it('holds a catalogue that passes its own rules, each level weighing 100', () => {
    for (const d of [...DEMO_KRS, ...DEMO_ARS, ...DEMO_PMQA]) expect(() => parseIndicatorInput({ ...d, fiscalYear: 2569 })).not.toThrow();
    const weight = (list: typeof DEMO_KRS) => list.reduce((s, d) => s + Number(d.weight), 0);
    expect([weight(DEMO_KRS), weight(DEMO_ARS)]).toEqual([100, 100]);
    expect(new Set(DEMO_PMQA.map((d) => d.pmqaCategory))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
  });

  it('loads last year’s results of the three area offices and this year’s open round, the same digits every time', async () => {
    const run = await seedDemoIndicators(h.service.dataSource, 'lopburi', { today: TODAY });
    expect(run).toMatchObject({ loaded: true, offices: 3, steps: ['catalogue', 'results', 'pmqa'] });
    const perYear = (DEMO_KRS.length + DEMO_ARS.length) * 4 * 3;
    expect(await count(h, `SELECT count(*) AS n FROM indicator_result r JOIN reporting_round rr ON rr.id = r.round_id WHERE rr.fiscal_year = $1`, [LAST_YEAR])).toBe(perYear);
    expect(await count(h, `SELECT count(*) AS n FROM indicator_result WHERE status = 'DRAFT'`)).toBe(DEMO_KRS.length + DEMO_ARS.length);
    await seedDemoIndicators(second.service.dataSource, 'lopburi', { today: TODAY });
    expect(await figures(second)).toEqual(await figures(h));
  });

  it('scores and ranks the offices through the API, and keeps the secondary office’s 12-month round open to approval', async () => {
    const CARD = `query($r: [_Any!]!) { _entities(representations: $r) { ... on AreaOffice { code
      indicatorScores(fiscalYear: ${LAST_YEAR}, framework: KRS) { total rank rankedAmong approvedCount indicatorCount } } } }`;
    const cards = ok(
      await h.q(CARD, { r: LOPBURI_OFFICES.map((o) => ({ __typename: 'AreaOffice', code: o.code })) }, await token('obec-admin', 'OBEC')),
    )._entities.map((e: { indicatorScores: Record<string, unknown> }) => e.indicatorScores);
    expect(cards.map((c: { indicatorCount: number }) => c.indicatorCount)).toEqual([11, 11, 11]);
    expect(cards.map((c: { approvedCount: number }) => c.approvedCount)).toEqual([11, 11, 8]);
    for (const c of cards) expect(c.total).toMatch(/^[0-5]\.\d{5}$/);
    expect(cards.every((c: { rank: number; rankedAmong: number }) => c.rank >= 1 && c.rankedAmong === 3)).toBe(true);
    const pmqa = ok(
      await h.q(`{ pmqaAssessment(orgCode: "1601", fiscalYear: ${LAST_YEAR}) { status overallLevel profile { nameTh } } }`, {}, await token('area-director', '1601')),
    ).pmqaAssessment;
    expect(pmqa).toMatchObject({ status: 'COMPLETE', profile: { nameTh: 'สำนักงานเขตพื้นที่การศึกษาประถมศึกษาลพบุรี เขต 1' } });
  });

  it('does nothing when loaded again, and resumes an interrupted load', async () => {
    expect((await seedDemoIndicators(h.service.dataSource, 'lopburi', { today: TODAY })).steps).toEqual([]);
    const before = await figures(h);
    // As if the first start had stopped after the second office.
    await h.service.dataSource.query(`DELETE FROM demo_seed_step WHERE step IN ('results', 'pmqa')`);
    await h.service.dataSource.query(`DELETE FROM indicator_result WHERE org_code = '1650'`);
    const resumed = await seedDemoIndicators(h.service.dataSource, 'lopburi', { today: TODAY });
    expect(resumed.steps).toEqual(['results', 'pmqa']);
    expect(await figures(h)).toEqual(before);
  });

  it('leaves a database that holds other indicators alone', async () => {
    await second.service.dataSource.query(`DELETE FROM demo_seed_step`);
    expect(await seedDemoIndicators(second.service.dataSource, 'lopburi', { today: TODAY })).toMatchObject({ loaded: false });
  });
});
