import { randomUUID } from 'node:crypto';
import { rawLeaks } from '@smss/testing';
import { codeOf, ok, startIndicators, THIS_YEAR, token, type IndicatorsHarness } from './support';
import { A, B, buildTrustWorld, type TrustWorld } from './trust-fixtures';

/**
 * The contract the gateway relies on: `_entities` resolves every representation in request order, one
 * result each (duplicates included), under the same rules as the root fields; unknown and out-of-scope
 * look the same (null); nothing is answered without a token.
 */

let h: IndicatorsHarness;
let w: TrustWorld;

beforeAll(async () => {
  h = await startIndicators();
  w = await buildTrustWorld(h);
}, 180_000);
afterAll(() => h?.stop());

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  __typename
  ... on IndicatorResult { id orgCode reporterName indicator { code } }
  ... on Indicator { id code }
  ... on AreaOffice { code indicatorScores(fiscalYear: ${THIS_YEAR}, framework: KRS) { orgCode total } }
  ... on School { id indicatorResults(fiscalYear: ${THIS_YEAR}, framework: KRS, roundMonth: 12) { totalCount } } } }`;

describe('_entities', () => {
  it('answers a mixed batch in request order, one result per representation, duplicates and unknowns included', async () => {
    const unknown = randomUUID();
    const reps = [
      { __typename: 'IndicatorResult', id: w.results.B },
      { __typename: 'Indicator', id: w.ids.K1 },
      { __typename: 'IndicatorResult', id: w.results.A },
      { __typename: 'AreaOffice', code: B },
      { __typename: 'IndicatorResult', id: unknown },
      { __typename: 'School', id: w.schoolA.id },
      { __typename: 'IndicatorResult', id: w.results.A },
      { __typename: 'AreaOffice', code: A },
    ];
    const res = await h.q(ENTITIES, { r: reps }, await token('area-director', A));
    const e = ok(res)._entities;
    expect(e).toHaveLength(reps.length);
    expect(e[0]).toBeNull(); // area B's result: out of scope, like the unknown id
    expect(e[1]).toMatchObject({ __typename: 'Indicator', code: 'K1' });
    expect(e[2]).toMatchObject({ id: w.results.A, orgCode: A, reporterName: w.raw.A[0], indicator: { code: 'K1' } });
    expect(e[3]).toEqual({ __typename: 'AreaOffice', code: B, indicatorScores: null });
    expect(e[4]).toBeNull();
    expect(e[5]).toMatchObject({ id: w.schoolA.id, indicatorResults: { totalCount: 1 } });
    expect(e[6]).toEqual(e[2]);
    expect(e[7]).toMatchObject({ code: A, indicatorScores: { orgCode: A, total: '3.50000' } }); // 85 → 3 + 5 ÷ 10, weight 100
    expect(rawLeaks(res, w.raw.B)).toEqual([]);
  });

  it('answers nothing to a caller without a token', async () => {
    const res = await h.q(ENTITIES, { r: [{ __typename: 'IndicatorResult', id: w.results.A }] });
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(rawLeaks(res, w.raw.A)).toEqual([]);
  });
});
