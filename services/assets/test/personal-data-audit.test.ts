import { randomUUID } from 'node:crypto';
import { DEFAULT_LIMITS } from '@smss/service-kit';
import { gql, tokenFor } from '@smss/testing';
import { M, ok, startAssets, type AssetsHarness } from './support';
import {
  costOf,
  personalValues,
  piecesOf,
  prng,
  render,
  schoolWorld,
  selectionTree,
  TODAY,
  viewer,
  type SchoolWorld,
  type SelectionTree,
  type Viewer,
} from './trust-fixtures';

/**
 * Audit completeness: a random mix of 1,000 reads — random viewers, records, field subsets, some through
 * inline fragments with @include, some through aliases reading a record twice — and for each one the audit
 * rows written under its request id must be exactly the unmasked personal values it returned (record type,
 * record id, field, subject): none missing, none for masked or withheld values.
 */
let h: AssetsHarness;
let worlds: SchoolWorld[];
let viewers: Viewer[];

beforeAll(async () => {
  h = await startAssets({ today: () => TODAY });
  ok(await h.q(M.schedule, { i: { fiscalYear: 2570 } }, await tokenFor('obec-admin', 'OBEC')));
  worlds = [
    await schoolWorld(h, 'ตรวจA1', 3001, '9671'),
    await schoolWorld(h, 'ตรวจA2', 3101, '9671'),
    await schoolWorld(h, 'ตรวจB', 3201, '9672'),
  ];
  const a1 = worlds[0]!.school.obecCode;
  const stranger = await h.addSchool('9673');
  viewers = await Promise.all([
    viewer('OBEC admin', 'obec-admin', 'OBEC', [], true),
    viewer('OBEC analyst', 'obec-analyst', 'OBEC', [], false),
    viewer('area officer 9671', 'area-officer', '9671', [], true),
    viewer('area director 9672', 'area-director', '9672', [], true),
    viewer('area officer 9671 without pii:read', 'area-officer', '9671', [], false, ['aggregates:read']),
    viewer('school director A1', 'school-director', a1, [], true),
    viewer('school staff A1', 'school-staff', a1, [], true),
    viewer('school staff A1 without pii:read', 'school-staff', a1, [], false, []),
    viewer('school staff elsewhere', 'school-staff', stranger.obecCode, [], true),
    viewer('partner', 'partner', 'EEF', [], false),
    viewer('partner holding pii:read', 'partner', 'EEF', [], false, ['pii:read']),
  ]);
}, 300_000);
afterAll(() => h?.stop());

interface Read {
  type: string;
  operation: (selection: string) => string;
  variables: (w: SchoolWorld) => Record<string, unknown>;
}

const READS: Read[] = [
  {
    type: 'School',
    operation: (s) => `query($r: [_Any!]!) { e: _entities(representations: $r) { ... on School ${s} } }`,
    variables: (w) => ({ r: [{ __typename: 'School', id: w.school.id }] }),
  },
  {
    type: 'Asset',
    operation: (s) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on Asset ${s} } }`,
    variables: (w) => ({
      r: [
        { __typename: 'Asset', id: w.assetId },
        { __typename: 'Asset', id: w.assetId },
      ],
    }),
  },
  {
    type: 'Procurement',
    // Aliases reading the same record twice: one audit entry per value, not two.
    operation: (s) => `query($id: ID!) { first: procurement(id: $id) ${s} again: procurement(id: $id) ${s} }`,
    variables: (w) => ({ id: w.procurementId }),
  },
  {
    type: 'Procurement',
    operation: (s) => `query($id: ID!) { procurement(id: $id) ${s} }`,
    variables: (w) => ({ id: w.companyProcurementId }),
  },
  {
    type: 'StockTake',
    operation: (s) => `query($id: ID!) { t: stockTake(id: $id) ${s} }`,
    variables: (w) => ({ id: w.stockTakeId }),
  },
  {
    type: 'AssetConnection',
    operation: (s) => `query($s: ID!) { assets(first: 10, filter: { schoolId: $s }) ${s} }`,
    variables: (w) => ({ s: w.school.id }),
  },
];

function randomSubset(tree: SelectionTree, random: () => number): SelectionTree {
  const leaves = tree.leaves.filter((l) => l === 'id' || random() < 0.5);
  const objects = tree.objects
    .filter(() => random() < 0.6)
    .map((o) => ({ ...o, child: randomSubset(o.child, random) }));
  return { ...tree, leaves: leaves.length ? leaves : tree.leaves.slice(0, 1), objects };
}

const piecesFor = (read: Read, w: SchoolWorld) =>
  piecesOf(
    selectionTree(read.type, 4)!,
    (t) => costOf(read.operation(render(t, false)), read.variables(w)) <= DEFAULT_LIMITS.maxCost,
  ).pieces;

describe('the personal-data audit of the assets subgraph', () => {
  it('records every unmasked personal value of 1,000 random reads, and nothing for masked or withheld ones', async () => {
    const seed = Number(process.env.AUDIT_SEED ?? Date.now() % 1_000_000);
    const random = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const PIECES = new Map(READS.map((read) => [read, piecesFor(read, worlds[0]!)]));
    const plan = Array.from({ length: 1000 }, () => {
      const read = pick(READS);
      return {
        read,
        world: pick(worlds),
        viewer: pick(viewers),
        tree: randomSubset(pick(PIECES.get(read)!), random),
        viaFragments: random() < 0.4,
        requestId: randomUUID(),
      };
    });
    const mismatches: string[] = [];
    let unmasked = 0;
    let masked = 0;
    let rows = 0;
    for (const r of plan) {
      const res = await gql(
        h.service.url,
        r.read.operation(render(r.tree, r.viaFragments)),
        r.read.variables(r.world),
        {
          token: r.viewer.token,
          headers: { 'x-request-id': r.requestId },
        },
      );
      const expected = new Set<string>();
      for (const pv of personalValues(res.data)) {
        if (pv.value == null || (Array.isArray(pv.value) && pv.value.length === 0)) continue;
        if (!r.viewer.pii) {
          masked += 1;
          continue;
        }
        unmasked += 1;
        const field = pv.record!.type === pv.type ? pv.field : `${pv.type}.${pv.field}`;
        expected.add(`${pv.record!.type} ${pv.record!.id} ${field}`);
      }
      const written: Array<{ subject: string; record_type: string; record_id: string; fields: string[] }> =
        await h.sql(
          `SELECT subject, record_type, record_id, fields FROM personal_data_access WHERE request_id = $1`,
          [r.requestId],
        );
      rows += written.length;
      const actual = new Set(
        written.flatMap((w) => w.fields.map((f) => `${w.record_type} ${w.record_id} ${f}`)),
      );
      const missing = [...expected].filter((x) => !actual.has(x));
      const extra = [...actual].filter((x) => !expected.has(x));
      const strangers = written.filter((w) => w.subject !== r.viewer.subject);
      if (
        missing.length ||
        extra.length ||
        strangers.length ||
        res.errors?.some((e) => e.extensions?.code !== 'NOT_FOUND')
      )
        mismatches.push(
          `${r.viewer.name} ${r.read.operation('{…}')} ${r.viaFragments ? '(fragments)' : ''}: missing ${missing.join('; ')} extra ${extra.join('; ')} errors ${JSON.stringify(res.errors ?? [])}`,
        );
    }
    console.log(
      `audit completeness (seed ${seed}): 1,000 reads, ${unmasked} unmasked values audited in ${rows} rows, ${masked} masked values unaudited`,
    );
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(unmasked).toBeGreaterThan(100);
    expect(masked).toBeGreaterThan(20);
  }, 600_000);
});
