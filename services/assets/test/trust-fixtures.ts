import {
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Role } from '@smss/auth';
import { costDirectivesFrom, DEFAULT_LIMITS, measureOperation } from '@smss/service-kit';
import { schemaFromSdlFile, tokenFor } from '@smss/testing';
import { syntheticNationalId } from '@smss/thai';
import { readTrustModel, type TrustModel } from '@smss/trust';
import { SCHEMA_PATH, typeDefs } from '../src/server';
import {
  assetInput,
  buildingInput,
  M,
  ok,
  procurementInput,
  type AssetsHarness,
  type TestSchool,
} from './support';

/*
 * Fixtures and helpers for the generated trust tests (matrix, audit completeness): schools with one record
 * of every assets type each, carrying synthetic personal values the tests look for in responses, and the
 * viewers of every role. (The selection helpers follow finance's test/trust-fixtures.ts; they would belong
 * in @smss/testing once a third service needs them.)
 */

export const TODAY = '2026-10-15';
export const schema: GraphQLSchema = schemaFromSdlFile(SCHEMA_PATH);
export const model: TrustModel = readTrustModel(schema);
/** Types the layer scopes as records (owned by a school, area office or partner). */
export const RECORD_TYPES = new Set(
  [...model.types].filter(([, r]) => ['SCHOOL', 'AREA_OFFICE', 'PARTNER'].includes(r.owner)).map(([n]) => n),
);
export const isPersonal = (type: string, field: string): boolean => {
  const c = model.types.get(type)?.fields.get(field)?.dataClass;
  return c === 'personal' || c === 'sensitive';
};

/** One school's records and the raw personal values they hold. */
export interface SchoolWorld {
  school: TestSchool;
  buildingId: string;
  assetId: string;
  procurementId: string;
  companyProcurementId: string;
  stockTakeId: string;
  surveyId: string;
  /** Raw personal values that must never leave masked-out or out of scope. */
  raw: {
    custodian: string;
    committee: string;
    procurementCommittee: string;
    inspector: string;
    vendorName: string;
    vendorTaxId: string;
    recipient: string;
  };
  company: { name: string; taxId: string };
}

export const rawValues = (w: SchoolWorld): string[] => Object.values(w.raw);

const uuidOf = (seed: number, kind: number) =>
  `${String(seed).padStart(8, '0')}-${String(kind).padStart(4, '0')}-4000-8000-${String(seed * 10 + kind).padStart(12, '0')}`;

/**
 * A school with a record of every assets type: a building with a repair, a submitted survey, an asset held
 * by a custodian with a pending sale to a person, a stock-take with its committee and results, a received
 * procurement from a person (committee, inspector) and one from a company, and its infrastructure.
 */
export async function schoolWorld(
  h: AssetsHarness,
  tag: string,
  seed: number,
  areaOfficeCode: string,
): Promise<SchoolWorld> {
  const school = await h.addSchool(areaOfficeCode);
  const staff = await tokenFor('school-staff', school.obecCode);
  const director = await tokenFor('school-director', school.obecCode);
  const raw = {
    custodian: uuidOf(seed, 1),
    committee: uuidOf(seed, 2),
    procurementCommittee: uuidOf(seed, 3),
    inspector: uuidOf(seed, 4),
    vendorName: `นายผู้ขาย${tag}`,
    vendorTaxId: syntheticNationalId(seed),
    recipient: `นายผู้ซื้อ${tag}`,
  };
  const company = { name: `บริษัทครุภัณฑ์${tag} จำกัด`, taxId: '0105536000011' };
  const building = ok(
    await h.q(M.building, { i: buildingInput(school.id, { name: `อาคาร ${tag}` }) }, staff),
  ).recordBuilding;
  ok(
    await h.q(
      M.repair,
      {
        i: {
          buildingId: building.id,
          repairedOn: '2026-10-01',
          description: 'ซ่อมหลังคา',
          cost: '5000.00',
          budgetSource: 'OBEC_BUDGET',
        },
      },
      staff,
    ),
  );
  const survey = ok(await h.q(M.submit, { s: school.id, fy: 2570 }, staff)).submitBuildingSurvey;
  const asset = ok(
    await h.q(
      M.asset,
      {
        i: assetInput(school.id, {
          buildingId: building.id,
          custodianStaffId: raw.custodian,
          location: 'ห้อง 1',
        }),
      },
      staff,
    ),
  ).registerAsset;
  const spare = ok(
    await h.q(
      M.asset,
      { i: assetInput(school.id, { categoryCode: '7110-002', cost: '3500.00', description: 'เก้าอี้' }) },
      staff,
    ),
  ).registerAsset;
  ok(
    await h.q(
      M.requestDisposal,
      {
        i: {
          assetId: spare.id,
          method: 'SALE',
          reason: 'ชำรุด',
          proceeds: '100.00',
          recipient: raw.recipient,
        },
      },
      staff,
    ),
  );
  const procurement = ok(
    await h.q(
      M.procurement,
      {
        i: procurementInput(school.id, {
          reference: `ซ ${tag}/1`,
          orderedOn: '2026-10-02',
          vendor: { kind: 'PERSON', name: raw.vendorName, taxId: raw.vendorTaxId },
          committeeStaffIds: [raw.procurementCommittee],
          items: [
            {
              description: 'เครื่องพิมพ์',
              quantity: 1,
              unitPrice: '7900.00',
              assetCategoryCode: '7440-004',
              assetUsage: 'ADMINISTRATION',
            },
          ],
        }),
      },
      staff,
    ),
  ).recordProcurement;
  ok(
    await h.q(
      M.receive,
      { id: procurement.id, i: { receivedOn: '2026-10-10', inspectionCommitteeStaffIds: [raw.inspector] } },
      staff,
    ),
  );
  const companyProcurement = ok(
    await h.q(
      M.procurement,
      {
        i: procurementInput(school.id, {
          reference: `ซ ${tag}/2`,
          orderedOn: '2026-10-03',
          vendor: { kind: 'ORGANISATION', ...company },
          committeeStaffIds: [raw.procurementCommittee],
          items: [{ description: 'หมึกพิมพ์', quantity: 2, unitPrice: '500.00' }],
        }),
      },
      staff,
    ),
  ).recordProcurement;
  const take = ok(
    await h.q(
      M.openStockTake,
      { i: { schoolId: school.id, fiscalYear: 2570, committeeStaffIds: [raw.committee] } },
      director,
    ),
  ).openStockTake;
  ok(await h.q(M.recordResults, { id: take.id, r: [{ assetId: asset.id, result: 'FOUND' }] }, staff));
  ok(
    await h.q(
      M.infrastructure,
      {
        i: {
          schoolId: school.id,
          internet: { connected: true, connectionType: 'FIBRE', provider: 'NT', downloadMbps: 100 },
          electricity: 'GRID',
          waterSources: ['PIPED'],
        },
      },
      staff,
    ),
  );
  return {
    school,
    buildingId: building.id,
    assetId: asset.id,
    procurementId: procurement.id,
    companyProcurementId: companyProcurement.id,
    stockTakeId: take.id,
    surveyId: survey.id,
    raw,
    company,
  };
}

/** A viewer of the matrix: its token, which fixture schools it may see, whether it may read personal data. */
export interface Viewer {
  name: string;
  role: Role;
  org: string;
  subject: string;
  token: string;
  sees: ReadonlySet<string>;
  pii: boolean;
}

export async function viewer(
  name: string,
  role: Role,
  org: string,
  sees: string[],
  pii: boolean,
  scopes?: string[],
): Promise<Viewer> {
  const subject = `test:${name.replace(/\s+/g, '-')}`;
  return {
    name,
    role,
    org,
    subject,
    token: await tokenFor(role, org, scopes, subject),
    sees: new Set(sees),
    pii,
  };
}

// ---- generated selections ---------------------------------------------------------------------

export const ARGS: Record<string, string> = {
  'School.procurements': '(fiscalYear: 2570, first: 10)',
  'School.buildingSurvey': '(fiscalYear: 2570)',
  'School.stockTake': '(fiscalYear: 2570)',
  'School.assets': '(first: 10)',
  'AreaOffice.assetSummary': '(fiscalYear: 2570)',
  'Province.assetSummary': '(fiscalYear: 2570)',
};

export interface SelectionTree {
  type: string;
  leaves: string[];
  objects: Array<{ field: string; args: string; child: SelectionTree }>;
}

/** Every field reachable from `typeName` down to `depth` object hops (fields needing arguments only with ARGS). */
export function selectionTree(typeName: string, depth: number): SelectionTree | null {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) return null;
  const tree: SelectionTree = { type: typeName, leaves: [], objects: [] };
  for (const f of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (f.name.startsWith('_')) continue;
    const args = ARGS[`${typeName}.${f.name}`] ?? '';
    if (!args && f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(f.type);
    if (isLeafType(named)) tree.leaves.push(f.name);
    else if (depth > 0) {
      const child = selectionTree(named.name, depth - 1);
      if (child) tree.objects.push({ field: f.name, args, child });
    }
  }
  return tree;
}

export function render(tree: SelectionTree, viaFragments: boolean): string {
  const parts = [
    ...tree.leaves,
    ...tree.objects.map((o) => `${o.field}${o.args} ${render(o.child, viaFragments)}`),
  ].join(' ');
  return viaFragments
    ? `{ __typename ... on ${tree.type} @include(if: true) { ${parts} } }`
    : `{ __typename ${parts} }`;
}

export function fieldsOf(tree: SelectionTree, into = new Set<string>()): Set<string> {
  for (const l of tree.leaves) into.add(`${tree.type}.${l}`);
  for (const o of tree.objects) {
    into.add(`${tree.type}.${o.field}`);
    fieldsOf(o.child, into);
  }
  return into;
}

export function typesReachableFrom(roots: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.pop()!;
    const type = schema.getType(name);
    if (seen.has(name) || !isObjectType(type)) continue;
    seen.add(name);
    for (const f of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (!f.name.startsWith('_')) queue.push(getNamedType(f.type).name);
    }
  }
  return seen;
}

const costs = costDirectivesFrom(typeDefs);
export function costOf(query: string, variables: Record<string, unknown> = {}): number {
  const op = parse(query).definitions[0] as OperationDefinitionNode;
  return measureOperation(schema, op, {}, variables, {
    defaultListSize: DEFAULT_LIMITS.defaultListSize,
    costs,
  }).cost;
}

/** Split a tree into pieces whose operation fits the cost limit; together they select every path of the tree. */
export function piecesOf(
  tree: SelectionTree,
  fits: (t: SelectionTree) => boolean,
): { pieces: SelectionTree[]; refused: SelectionTree[] } {
  if (fits(tree)) return { pieces: [tree], refused: [] };
  const own: SelectionTree = { ...tree, objects: [] };
  const out = { pieces: fits(own) ? [own] : [], refused: fits(own) ? [] : [own] };
  for (const o of tree.objects) {
    const wrap = (child: SelectionTree): SelectionTree => ({ ...tree, objects: [{ ...o, child }] });
    const sub = piecesOf(o.child, (c) => fits(wrap(c)));
    out.pieces.push(...sub.pieces.map(wrap));
    out.refused.push(...sub.refused.map(wrap));
  }
  return out;
}

// ---- reading responses --------------------------------------------------------------------------

export interface PersonalValue {
  type: string;
  field: string;
  value: unknown;
  record?: { type: string; id: string };
}

/** The id the audit writes for a record object in a response (Infrastructure: its school's id). */
function recordIdOf(type: string, obj: Record<string, unknown>): string | undefined {
  if (typeof obj.id === 'string') return obj.id;
  if (type === 'Infrastructure') return (obj.school as { id?: string } | undefined)?.id;
  return undefined;
}

/** Every personal value in a response (needs `__typename` selected), with the record it belongs to. */
export function personalValues(value: unknown, record?: { type: string; id: string }): PersonalValue[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v) => personalValues(v, record));
  const obj = value as Record<string, unknown>;
  const type = typeof obj.__typename === 'string' ? obj.__typename : undefined;
  const id = type && RECORD_TYPES.has(type) ? recordIdOf(type, obj) : undefined;
  const own = type && id ? { type, id } : record;
  const out: PersonalValue[] = [];
  for (const [key, v] of Object.entries(obj)) {
    if (type && isPersonal(type, key)) out.push({ type, field: key, value: v, record: own });
    else out.push(...personalValues(v, own));
  }
  return out;
}

export function totalCounts(value: unknown): number[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(totalCounts);
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    k === 'totalCount' && typeof v === 'number' ? [v] : totalCounts(v),
  );
}

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
