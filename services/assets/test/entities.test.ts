import { randomUUID } from 'node:crypto';
import { rawLeaks, tokenFor } from '@smss/testing';
import {
  assetInput,
  buildingInput,
  M,
  ok,
  STAFF,
  startAssets,
  type AssetsHarness,
  type TestSchool,
} from './support';

/**
 * The contract the gateway relies on: `_entities` resolves School, Building, Asset and Procurement
 * representations in request order, one result each, under the same rules as the root fields — unknown
 * and out-of-scope are both null — and nothing to a caller without a token.
 */
let h: AssetsHarness;
let a: TestSchool;
let b: TestSchool;
let ids: { buildingA: string; buildingB: string; assetA: string; assetB: string };

beforeAll(async () => {
  h = await startAssets({ today: () => '2026-12-01' });
  a = await h.addSchool('9681');
  b = await h.addSchool('9682');
  const sa = await tokenFor('school-staff', a.obecCode);
  const sb = await tokenFor('school-staff', b.obecCode);
  ids = {
    buildingA: ok(await h.q(M.building, { i: buildingInput(a.id) }, sa)).recordBuilding.id,
    buildingB: ok(await h.q(M.building, { i: buildingInput(b.id) }, sb)).recordBuilding.id,
    assetA: ok(await h.q(M.asset, { i: assetInput(a.id, { custodianStaffId: STAFF(11) }) }, sa)).registerAsset
      .id,
    assetB: ok(await h.q(M.asset, { i: assetInput(b.id, { custodianStaffId: STAFF(12) }) }, sb)).registerAsset
      .id,
  };
}, 60_000);
afterAll(() => h?.stop());

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Building { id name } ... on Asset { id code custodian { id } } ... on School { id assets(first: 5) { totalCount } } } }`;

describe('_entities', () => {
  it('answers every representation in request order; out-of-scope and unknown ids are both null', async () => {
    const r = [
      { __typename: 'Building', id: ids.buildingB },
      { __typename: 'Asset', id: ids.assetA },
      { __typename: 'Asset', id: randomUUID() },
      { __typename: 'Building', id: ids.buildingA },
      { __typename: 'Asset', id: ids.assetB },
      { __typename: 'School', id: b.id },
      { __typename: 'School', id: a.id },
    ];
    const res = await h.q(ENTITIES, { r }, await tokenFor('area-officer', '9681'));
    const e = ok(res)._entities;
    expect(e.map((x: { id?: string } | null) => x?.id ?? null)).toEqual([
      null,
      ids.assetA,
      null,
      ids.buildingA,
      null,
      b.id,
      a.id,
    ]);
    expect(e[1].custodian).toEqual({ id: STAFF(11) });
    expect(e.slice(5).map((s: { assets: { totalCount: number } }) => s.assets.totalCount)).toEqual([0, 1]);
    expect(rawLeaks(res, [STAFF(12)])).toEqual([]);
  });

  it('withholds the custodian without pii:read and answers nothing without a token', async () => {
    const r = [{ __typename: 'Asset', id: ids.assetA }];
    const analyst = ok(await h.q(ENTITIES, { r }, await tokenFor('obec-analyst', 'OBEC')))._entities[0];
    expect(analyst).toMatchObject({ id: ids.assetA, custodian: null });
    const anonymous = await h.q(ENTITIES, { r });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(rawLeaks(anonymous, [STAFF(11), ids.assetA])).toEqual([]);
  });
});
