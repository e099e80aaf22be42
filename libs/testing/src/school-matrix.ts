import type { Role } from '@smss/auth';
import { tokenFor, type GraphQLResponse } from './graphql';
import { renderTree, type SelectionTree } from './selection-tree';
import {
  entitiesQuery,
  leafPathCount,
  objectsOfTypes,
  personalValues,
  rawLeaks,
  totalCounts,
  type TrustReader,
} from './trust-matrix';

/*
 * The authorisation matrix of a subgraph whose records all belong to a school (assets, finance): every
 * viewer × every entry (root field or `_entities` type) × every piece of its selection tree (plain, and
 * with every level inside an inline fragment with @include) × a fixture school the viewer may see and one
 * it may not. Allowed: no error, the records, personal values unmasked exactly when the viewer holds
 * pii:read (a company's name and tax ID are no one's personal data). Denied: no record, no count, no raw
 * personal value, no error but NOT_FOUND, no school id or code in an error. The service's test keeps its
 * fixtures, its entries and what it expects of the totals.
 */

/** A viewer of the matrix: its token, which fixture schools it may see, whether it may read personal data. */
export interface MatrixViewer {
  name: string;
  role: Role;
  org: string;
  subject: string;
  token: string;
  /** The keys of the fixture schools (worlds) it may see. */
  sees: ReadonlySet<string>;
  pii: boolean;
}

/** A viewer with its own subject (`test:<name>`), so the audit rows of its reads can be told apart. */
export async function matrixViewer(
  name: string,
  role: Role,
  org: string,
  sees: string[],
  pii: boolean,
  scopes?: string[],
): Promise<MatrixViewer> {
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

/** The fixture school a world holds, and the company whose name and tax ID it uses. */
export interface MatrixWorld {
  school: { id: string; obecCode: string };
  company: { name: string; taxId: string };
}

/** One root field or `_entities` type of the matrix. */
export interface MatrixEntry<W> {
  name: string;
  /** The type its selection starts from. */
  type: string;
  /** The operation around a selection. */
  operation: (selection: string) => string;
  variables?: (w: W) => Record<string, unknown>;
  /** The raw personal values of the school every field path of this entry reaches together. */
  reaches: (w: W) => string[];
  /** A school's records (scoped) rather than reference data or aggregates (open to every viewer). */
  scoped: boolean;
  /** Scoped, but answers a file rather than records (a register export): a denied viewer gets no answer. */
  noRecords?: boolean;
  /** How many object hops its selection tree goes down (the test's default otherwise). */
  depth?: number;
}

export interface SchoolMatrix<W extends MatrixWorld> {
  entries: readonly MatrixEntry<W>[];
  viewers: readonly MatrixViewer[];
  worlds: Readonly<Record<string, W>>;
  /** An entry's selection in pieces the subgraph's cost limit accepts. */
  pieces: (entry: MatrixEntry<W>) => SelectionTree[];
  query: (query: string, variables: Record<string, unknown>, token: string) => Promise<GraphQLResponse>;
  /** Every raw personal value of a world's records. */
  rawValues: (w: W) => string[];
  reader: Pick<TrustReader, 'recordTypes' | 'isPersonal'>;
  /** The type whose personal values may name a company (a vendor, a payee). */
  companyType: string;
}

/** Run the matrix: the cells it checked (leaf paths asked) and every failure, described. */
export async function runSchoolMatrix<W extends MatrixWorld>(
  m: SchoolMatrix<W>,
): Promise<{ cells: number; failures: string[] }> {
  let cells = 0;
  const failures: string[] = [];
  const allRaw = Object.values(m.worlds).flatMap(m.rawValues);
  for (const entry of m.entries) {
    const pieces = m.pieces(entry);
    for (const v of m.viewers) {
      for (const [key, w] of Object.entries(m.worlds)) {
        const allowed = !entry.scoped || v.sees.has(key);
        for (const viaFragments of [false, true]) {
          const where = `${v.name} → ${entry.name} of ${key}${viaFragments ? ' (fragments)' : ''}`;
          const leaks = new Set<string>();
          let records = 0;
          for (const piece of pieces) {
            const selection = renderTree(piece, viaFragments);
            const res = await m.query(entry.operation(selection), entry.variables?.(w) ?? {}, v.token);
            cells += leafPathCount(selection);
            const here = `${where}: ${selection.slice(0, 80)}…`;
            if (res.status >= 500) failures.push(`${here} HTTP ${res.status}`);
            for (const x of rawLeaks(res, allRaw)) leaks.add(x);
            records += objectsOfTypes(res.data, m.reader.recordTypes).length;
            const errors = res.errors ?? [];
            if (allowed) {
              if (errors.length) failures.push(`${here} errors ${JSON.stringify(errors)}`);
              for (const pv of personalValues(res.data, m.reader)) {
                if (pv.value == null) continue;
                if (typeof pv.value === 'object') {
                  // A personal object (the people of a committee): released whole with pii:read, never without.
                  if (!v.pii)
                    failures.push(`${here} ${pv.type}.${pv.field} (people) released without pii:read`);
                  continue;
                }
                const text = String(pv.value);
                const company = pv.type === m.companyType && [w.company.name, w.company.taxId].includes(text);
                if (v.pii && text.includes('•'))
                  failures.push(`${here} ${pv.type}.${pv.field} masked for a pii:read viewer`);
                if (!v.pii && !company && !/^.•+$/u.test(text))
                  failures.push(`${here} ${pv.type}.${pv.field} = ${text} unmasked without pii:read`);
              }
            } else {
              if (objectsOfTypes(res.data, m.reader.recordTypes).length)
                failures.push(`${here} returned records`);
              if (totalCounts(res.data).some((n) => n !== 0)) failures.push(`${here} counted records`);
              if (entry.noRecords && Object.values(res.data ?? {}).some((x) => x != null))
                failures.push(`${here} returned the file`);
              const unexpected = errors.filter((e) => e.extensions?.code !== 'NOT_FOUND');
              if (unexpected.length) failures.push(`${here} errors ${JSON.stringify(unexpected)}`);
              const said = JSON.stringify(errors);
              if (said.includes(w.school.obecCode) || said.includes(w.school.id))
                failures.push(`${here} an error names the school`);
            }
          }
          if (allowed) {
            if (entry.scoped && !entry.noRecords && records === 0) failures.push(`${where}: no records`);
            const got = [...leaks].sort();
            const want = v.pii ? [...entry.reaches(w)].sort() : [];
            if (JSON.stringify(got) !== JSON.stringify(want))
              failures.push(
                `${where}: raw personal values ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`,
              );
          } else if (records || leaks.size) {
            failures.push(`${where}: ${records} records, leaked ${[...leaks].join(', ')}`);
          }
        }
      }
    }
  }
  return { cells, failures };
}

/**
 * A partner's sweep: every piece of every entry of every world, through fragments; the raw values of
 * `raw` that came back and the records it got (both must be empty).
 */
export async function partnerSweep<W extends MatrixWorld>(
  m: Pick<SchoolMatrix<W>, 'entries' | 'worlds' | 'pieces' | 'query' | 'reader'>,
  partner: MatrixViewer,
  raw: readonly string[],
): Promise<{ leaked: string[]; records: Array<Record<string, unknown>> }> {
  const leaked: string[] = [];
  const records: Array<Record<string, unknown>> = [];
  for (const entry of m.entries)
    for (const w of Object.values(m.worlds))
      for (const piece of m.pieces(entry)) {
        const res = await m.query(
          entry.operation(renderTree(piece, true)),
          entry.variables?.(w) ?? {},
          partner.token,
        );
        leaked.push(...rawLeaks(res, raw));
        records.push(...objectsOfTypes(res.data, m.reader.recordTypes));
      }
  return { leaked, records };
}

/** `{ r0: field(id: "…") selection r1: … }`: one request asking for many ids by aliases. */
export const aliasedById = (field: string, ids: readonly string[], selection: string): string =>
  `{ ${ids.map((id, j) => `r${j}: ${field}(id: "${id}") ${selection}`).join(' ')} }`;

/** What out-of-scope lookups gave back for one viewer: records, raw values of the bulk, errors. */
export interface OutOfScopeTally {
  records: number;
  leaks: number;
  errors: Set<string>;
  /**
   * Count a response: records (every selection asks for `id`, so any record that came back carries one),
   * raw values of the bulk, and errors (NOT_FOUND allowed where asked).
   */
  check: (res: GraphQLResponse, allowNotFound?: boolean) => void;
  /** `_entities` must answer null for every one of `count` representations. */
  checkNullEntities: (res: GraphQLResponse, count: number) => void;
}

export function outOfScopeTally(raw: readonly string[]): OutOfScopeTally {
  const tally: OutOfScopeTally = {
    records: 0,
    leaks: 0,
    errors: new Set<string>(),
    check: (res, allowNotFound = false) => {
      tally.records += JSON.stringify(res.data ?? null).split('"id"').length - 1;
      tally.leaks += rawLeaks(res, raw).length;
      for (const e of res.errors ?? [])
        if (!allowNotFound || e.extensions?.code !== 'NOT_FOUND')
          tally.errors.add(`${e.extensions?.code}: ${e.message}`);
    },
    checkNullEntities: (res, count) => {
      tally.check(res);
      const answered = (res.data as { _entities?: unknown[] } | undefined)?._entities;
      if (answered?.length !== count || answered.some((e) => e !== null))
        tally.errors.add('_entities did not answer null for every representation');
    },
  };
  return tally;
}

/** One viewer's line of an out-of-scope sweep: how many ids it asked, and what came back. */
export interface OutOfScopeLine {
  viewer: string;
  ids: number;
  records: number;
  leaks: number;
  errors: string[];
}

/**
 * Every viewer asks for the out-of-scope bulk (`lookUp` returns how many ids it asked); nothing is out of
 * an OBEC viewer's scope, so it is given ids nobody holds (`fresh`), which must look the same.
 */
export async function outOfScopeSweep(
  viewers: readonly MatrixViewer[],
  raw: readonly string[],
  lookUp: (
    v: MatrixViewer,
    tally: OutOfScopeTally,
    pick: <T>(bulk: readonly T[], fresh: () => T) => T[],
  ) => Promise<number>,
): Promise<OutOfScopeLine[]> {
  const lines: OutOfScopeLine[] = [];
  for (const v of viewers) {
    const obec = v.role.startsWith('obec');
    const pick = <T>(bulk: readonly T[], fresh: () => T): T[] => (obec ? bulk.map(() => fresh()) : [...bulk]);
    const tally = outOfScopeTally(raw);
    const ids = await lookUp(v, tally, pick);
    lines.push({
      viewer: v.name,
      ids,
      records: tally.records,
      leaks: tally.leaks,
      errors: [...tally.errors],
    });
  }
  return lines;
}

/**
 * The directory types every school subgraph extends, as open matrix entries (aggregates, reference data:
 * every viewer gets them): `_entities` AreaOffice and Province of the world's school.
 */
export function directoryEntries<
  W extends MatrixWorld & { school: { areaOfficeCode: string; provinceCode: string } },
>(): MatrixEntry<W>[] {
  return (['AreaOffice', 'Province'] as const).map((type) => ({
    name: `_entities ${type}`,
    type,
    operation: entitiesQuery(type),
    variables: (w: W) => ({
      r: [
        { __typename: type, code: type === 'AreaOffice' ? w.school.areaOfficeCode : w.school.provinceCode },
      ],
    }),
    reaches: () => [],
    scoped: false,
  }));
}

/**
 * The viewers of a school matrix, in and out of reach of two fixture schools — `A1` of area A and `B` of
 * area B — with and without pii:read: OBEC, area officers and directors, the school's director and staff,
 * staff of another school of area A, and partners.
 */
export function schoolMatrixViewers(at: {
  areaA: string;
  areaB: string;
  schoolA1: string;
  otherSchoolOfA: string;
  /** What the matrix calls the school staff of A1 (their part in the fixtures, e.g. a custodian). */
  staffOfA1?: string;
}): Promise<MatrixViewer[]> {
  const { areaA, areaB, schoolA1: A1 } = at;
  return Promise.all([
    matrixViewer('OBEC admin', 'obec-admin', 'OBEC', ['A1', 'B'], true),
    matrixViewer('OBEC analyst (no pii:read)', 'obec-analyst', 'OBEC', ['A1', 'B'], false),
    matrixViewer('area officer of A', 'area-officer', areaA, ['A1'], true),
    matrixViewer('area officer of another area (B)', 'area-officer', areaB, ['B'], true),
    matrixViewer('area director of A', 'area-director', areaA, ['A1'], true),
    matrixViewer('school director of A1', 'school-director', A1, ['A1'], true),
    matrixViewer(at.staffOfA1 ?? 'school staff of A1', 'school-staff', A1, ['A1'], true),
    matrixViewer('school staff of another school of A', 'school-staff', at.otherSchoolOfA, [], true),
    matrixViewer('partner', 'partner', 'EEF', [], false),
    matrixViewer('partner holding pii:read', 'partner', 'EEF', [], false, ['pii:read', 'aggregates:read']),
    matrixViewer('school staff of A1 without pii:read', 'school-staff', A1, ['A1'], false, []),
  ]);
}

/**
 * The readers of an audit mix (whom they may see is the trust layer's business, not the mix's): OBEC,
 * area offices A and B, a school of A, with and without pii:read, a school elsewhere, partners.
 */
export function auditMixViewers(at: {
  areaA: string;
  areaB: string;
  schoolA1: string;
  elsewhere: string;
}): Promise<MatrixViewer[]> {
  const { areaA, areaB, schoolA1: a1 } = at;
  return Promise.all([
    matrixViewer('OBEC admin', 'obec-admin', 'OBEC', [], true),
    matrixViewer('OBEC analyst', 'obec-analyst', 'OBEC', [], false),
    matrixViewer(`area officer ${areaA}`, 'area-officer', areaA, [], true),
    matrixViewer(`area director ${areaB}`, 'area-director', areaB, [], true),
    matrixViewer(`area officer ${areaA} without pii:read`, 'area-officer', areaA, [], false, [
      'aggregates:read',
    ]),
    matrixViewer('school director A1', 'school-director', a1, [], true),
    matrixViewer('school staff A1', 'school-staff', a1, [], true),
    matrixViewer('school staff A1 without pii:read', 'school-staff', a1, [], false, []),
    matrixViewer('school staff elsewhere', 'school-staff', at.elsewhere, [], true),
    matrixViewer('partner', 'partner', 'EEF', [], false),
    matrixViewer('partner holding pii:read', 'partner', 'EEF', [], false, ['pii:read']),
  ]);
}
