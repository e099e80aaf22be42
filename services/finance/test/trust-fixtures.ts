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
  addSchool,
  grade,
  M,
  ok,
  publishSnapshot,
  snapshotFor,
  waitForInbox,
  type FinanceHarness,
  type TestSchool,
} from './support';

/*
 * Fixtures and helpers for the generated trust tests (matrix, audit completeness): a small world of
 * schools with one record of every finance type each, carrying synthetic personal values the tests
 * look for in responses, and the viewers of every role.
 */

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

/** One school's finance records and the raw personal values they hold. */
export interface SchoolWorld {
  school: TestSchool;
  projectId: string;
  activityId: string;
  personVoucherId: string;
  companyVoucherId: string;
  /** Raw personal values (names, tax IDs) that must never leave masked-out or out of scope. */
  raw: {
    projectOwner: string;
    activityOwner: string;
    receiptPayer: string;
    payeeName: string;
    payeeTaxId: string;
  };
  /** A company payee: readable to everyone who sees the voucher (its tax ID proves a juristic person). */
  company: { name: string; taxId: string };
}

export const rawValues = (w: SchoolWorld): string[] => Object.values(w.raw);

const RETURN = `mutation($i: RecordMoneyReturnedInput!) { recordMoneyReturned(input: $i) { id } }`;
const ACTIVITY = `mutation($i: CreateActivityInput!) { createActivity(input: $i) { id } }`;
const EVALUATE = `mutation($id: ID!, $i: EvaluationInput!) { evaluateProject(id: $id, input: $i) { id } }`;
const EVALUATE_ACTIVITY = `mutation($id: ID!, $i: EvaluationInput!) { evaluateActivity(id: $id, input: $i) { id } }`;

/**
 * A school with a record of every finance type: strategy, approved project with an activity (both
 * evaluated), a receipt, a person-payee voucher (approved: ledger entries), a company-payee voucher
 * (pending), a refund (money returned), per-head allocations from a DMC snapshot and the adjustment a
 * corrected snapshot makes.
 */
export async function schoolWorld(
  h: FinanceHarness,
  tag: string,
  seed: number,
  areaOfficeCode: string,
): Promise<SchoolWorld> {
  const school = await addSchool(h, { areaOfficeCode });
  const staff = await tokenFor('school-staff', school.obecCode);
  const director = await tokenFor('school-director', school.obecCode);
  const raw = {
    projectOwner: `ครูผู้รับผิดชอบ${tag}`,
    activityOwner: `ครูกิจกรรม${tag}`,
    receiptPayer: `ผู้ปกครองบริจาค${tag}`,
    payeeName: `นายผู้รับเงิน${tag}`,
    payeeTaxId: syntheticNationalId(seed),
  };
  const company = { name: `บริษัทศึกษาภัณฑ์${tag} จำกัด`, taxId: '0105536000011' };
  const strategy = ok(
    await h.q(
      M.strategy,
      { i: { schoolId: school.id, fiscalYear: 2569, code: 'S1', nameTh: `กลยุทธ์${tag}` } },
      staff,
    ),
  ).createStrategy;
  const project = ok(
    await h.q(
      M.project,
      {
        i: {
          strategyId: strategy.id,
          code: 'P1',
          nameTh: `โครงการ${tag}`,
          owner: raw.projectOwner,
          startDate: '2025-10-01',
          endDate: '2026-09-30',
          moneySourceCode: 'PER_HEAD_SUBSIDY',
          requestedBudget: '50000.00',
        },
      },
      staff,
    ),
  ).createProject;
  ok(await h.q(M.approveProject, { id: project.id, b: '50000.00' }, director));
  const activity = ok(
    await h.q(
      ACTIVITY,
      {
        i: {
          projectId: project.id,
          nameTh: `กิจกรรม${tag}`,
          owner: raw.activityOwner,
          requestedBudget: '1000.00',
        },
      },
      staff,
    ),
  ).createActivity;
  ok(
    await h.q(
      M.receipt,
      {
        i: {
          schoolId: school.id,
          date: '2025-10-15',
          moneySourceCode: 'PER_HEAD_SUBSIDY',
          amount: '100000.00',
          payer: raw.receiptPayer,
          description: 'เงินบริจาค',
        },
      },
      staff,
    ),
  );
  const voucher = (payee: Record<string, unknown>, amount: string) =>
    h.q(
      M.voucher,
      {
        i: {
          schoolId: school.id,
          date: '2025-11-20',
          projectId: project.id,
          activityId: activity.id,
          payee,
          description: 'ค่าวิทยากร',
          lines: [{ description: 'ค่าตอบแทน', amount }],
          withholdingTaxPercent: '3.00',
        },
      },
      staff,
    );
  const personVoucherId = ok(
    await voucher({ kind: 'PERSON', name: raw.payeeName, taxId: raw.payeeTaxId }, '1200.00'),
  ).createPaymentVoucher.id;
  ok(await h.q(M.approveVoucher, { id: personVoucherId }, director));
  const companyVoucherId = ok(await voucher({ kind: 'ORGANISATION', ...company }, '800.00'))
    .createPaymentVoucher.id;
  ok(
    await h.q(
      RETURN,
      {
        i: {
          schoolId: school.id,
          date: '2025-12-20',
          kind: 'REFUND_FROM_PAYEE',
          moneySourceCode: 'PER_HEAD_SUBSIDY',
          amount: '100.00',
          reason: 'คืนเงินส่วนเกิน',
          voucherId: personVoucherId,
        },
      },
      staff,
    ),
  );
  const evaluation = { outcome: 'ACHIEVED', result: 'บรรลุเป้าหมาย', obstacles: 'ไม่มี' };
  ok(await h.q(EVALUATE, { id: project.id, i: evaluation }, staff));
  ok(await h.q(EVALUATE_ACTIVITY, { id: activity.id, i: evaluation }, staff));
  const first = snapshotFor(school);
  await waitForInbox(h, (await publishSnapshot(h, first)).id);
  const corrected = snapshotFor(school, {
    roundId: first.roundId,
    snapshotVersion: 2,
    grades: [grade('P1', 14, 9, 6), grade('M1', 9, 6, 3)],
  });
  await waitForInbox(h, (await publishSnapshot(h, corrected)).id);
  return {
    school,
    projectId: project.id,
    activityId: activity.id,
    personVoucherId,
    companyVoucherId,
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
  'School.allocations': '(fiscalYear: 2569)',
  'School.allocationAdjustments': '(fiscalYear: 2569)',
  'School.actionPlan': '(fiscalYear: 2569)',
  'School.receipts': '(fiscalYear: 2569, first: 5)',
  'School.paymentVouchers': '(fiscalYear: 2569, first: 5)',
  'School.moneySourceBalances': '(fiscalYear: 2569)',
  'School.journal': '(fiscalYear: 2569, first: 5)',
  'School.trialBalance': '(fiscalYear: 2569)',
  'AreaOffice.allocationSummary': '(fiscalYear: 2569)',
  'Province.allocationSummary': '(fiscalYear: 2569)',
};

/** A selection tree: the leaves of one type and the object fields under it. */
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

/** The selection text: plain, or every level inside an inline fragment with @include(if: true). */
export function render(tree: SelectionTree, viaFragments: boolean): string {
  const parts = [
    ...tree.leaves,
    ...tree.objects.map((o) => `${o.field}${o.args} ${render(o.child, viaFragments)}`),
  ].join(' ');
  return viaFragments
    ? `{ __typename ... on ${tree.type} @include(if: true) { ${parts} } }`
    : `{ __typename ${parts} }`;
}

/** `Type.field` of every field a tree selects (for the coverage check). */
export function fieldsOf(tree: SelectionTree, into = new Set<string>()): Set<string> {
  for (const l of tree.leaves) into.add(`${tree.type}.${l}`);
  for (const o of tree.objects) {
    into.add(`${tree.type}.${o.field}`);
    fieldsOf(o.child, into);
  }
  return into;
}

/** Object types a query can return starting from these types (any depth, arguments aside). */
export function typesReachableFrom(roots: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.pop()!;
    const type = schema.getType(name);
    if (seen.has(name) || !isObjectType(type)) continue;
    seen.add(name);
    for (const f of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (f.name.startsWith('_')) continue;
      queue.push(getNamedType(f.type).name);
    }
  }
  return seen;
}

const costs = costDirectivesFrom(typeDefs);
/** The estimated cost the subgraph's own limits give an operation (they refuse over DEFAULT_LIMITS.maxCost). */
export function costOf(query: string, variables: Record<string, unknown> = {}): number {
  const op = parse(query).definitions[0] as OperationDefinitionNode;
  return measureOperation(schema, op, {}, variables, {
    defaultListSize: DEFAULT_LIMITS.defaultListSize,
    costs,
  }).cost;
}

/**
 * Split a tree into pieces whose operation fits the platform's cost limit (the same the subgraph
 * applies), every piece keeping the leaves of each level it passes through: together they select
 * every path of the tree. Pieces that cannot fit (a list of lists of lists) are returned apart: no
 * viewer may run them.
 */
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
  /** The record the value belongs to (itself, or the record a value object sits in). */
  record?: { type: string; id: string };
}

/** Every personal or sensitive value in a response (needs `__typename` selected), with its record. */
export function personalValues(value: unknown, record?: { type: string; id: string }): PersonalValue[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v) => personalValues(v, record));
  const obj = value as Record<string, unknown>;
  const type = typeof obj.__typename === 'string' ? obj.__typename : undefined;
  const own = type && RECORD_TYPES.has(type) && typeof obj.id === 'string' ? { type, id: obj.id } : record;
  const out: PersonalValue[] = [];
  for (const [key, v] of Object.entries(obj)) {
    if (type && isPersonal(type, key)) out.push({ type, field: key, value: v, record: own });
    else out.push(...personalValues(v, own));
  }
  return out;
}

/** Every `totalCount` in a response. */
export function totalCounts(value: unknown): number[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(totalCounts);
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    k === 'totalCount' && typeof v === 'number' ? [v] : totalCounts(v),
  );
}

/** A small seeded PRNG (mulberry32): the random tests print their seed and can be replayed with it. */
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
