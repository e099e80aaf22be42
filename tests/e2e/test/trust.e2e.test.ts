import { readFileSync } from 'node:fs';
import { parse, print, type FieldNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { readSubgraphList, SUPERGRAPH_FILE } from '@smss/gateway';
import type { Role } from '@smss/auth';
import { readTrustModel } from '@smss/trust';
import {
  eventually,
  gql,
  leafPathCount,
  objectsOfTypes,
  rawLeaks,
  schemaFromSdlFile,
  selectAll,
  tokenFor,
} from '@smss/testing';
import { syntheticNationalId } from '@smss/thai';
import { startPlatform, type Platform } from './platform';

/**
 * The trust layer through the gateway, across every subgraph: a generated matrix of viewers × the
 * school entry point × every field path reachable from it (plain, and through inline fragments with
 * @include), for a school the viewer may see and one it may not. Records come from two schools in two
 * area offices, made through the gateway with synthetic people.
 */
let p: Platform;
let admin: string;
let api: GraphQLSchema;
/** `staffRaw`: the personnel record's values, which a school staff member sees only of their own record. */
const schools: Record<'A' | 'B', { id: string; obecCode: string; area: string; raw: string[]; staffRaw: string[] }> =
  {} as never;

/** Record types (an owner other than NONE or PARENT) in any subgraph. */
const RECORD_TYPES = new Set<string>();

beforeAll(async () => {
  p = await startPlatform();
  admin = await tokenFor('obec-admin', 'OBEC');
  api = Supergraph.build(readFileSync(SUPERGRAPH_FILE, 'utf8')).apiSchema().toGraphQLJSSchema();
  for (const sg of readSubgraphList()) {
    const model = readTrustModel(schemaFromSdlFile(sg.schemaPath));
    for (const [name, rule] of model.types) if (!['NONE', 'PARENT'].includes(rule.owner)) RECORD_TYPES.add(name);
  }
  for (const [key, area] of [['A', '1601'], ['B', '1602']] as const) {
    const res = await via(
      `query($a: String) { schools(first: 1, filter: { areaOfficeCode: $a, schoolType: PRIMARY, status: OPEN }) { edges { node { id obecCode } } } }`,
      { a: area },
    );
    const school = res.data.schools.edges[0].node;
    schools[key] = { ...school, area, raw: [], staffRaw: [] };
  }
  // Every subgraph learns the directory from events; wait for the replicas.
  for (const name of ['students', 'personnel', 'finance'])
    await eventually(async () => {
      const rows = await p.services[name]!.dataSource.query(
        `SELECT count(*)::int AS n FROM directory_school_replica WHERE school_id = ANY($1::uuid[])`,
        [[schools.A.id, schools.B.id]],
      );
      return rows[0].n === 2;
    }, 60_000);
  const seed = 700_000 + Math.floor(Math.random() * 90_000) * 10;
  let n = 0;
  for (const key of ['A', 'B'] as const) {
    const s = schools[key];
    const th = key === 'A' ? 'กอ' : 'ขอ'; // names are Thai letters only
    const people: Array<[string, string]> = [
      [`ชื่อนักเรียน${th}หนึ่ง`, `สกุลลับ${th}หนึ่ง`],
      [`ชื่อนักเรียน${th}สอง`, `สกุลลับ${th}สอง`],
    ];
    for (const [first, last] of people) {
      const nationalId = syntheticNationalId(seed + n++);
      const r = await via(`mutation($i: RegisterStudentInput!) { registerStudent(input: $i) { id } }`, {
        i: {
          nationalId, prefix: 'เด็กหญิง', firstNameTh: first, lastNameTh: last, birthDate: '2017-03-04',
          gender: 'FEMALE', schoolCode: s.obecCode, academicYear: 2569, gradeLevel: 'P3', classroom: '1',
          startedOn: '2026-05-16', poverty: 'EXTREMELY_POOR',
        },
      });
      expect(r.errors).toBeUndefined();
      s.raw.push(nationalId, first, last);
    }
    const staffId = syntheticNationalId(seed + 500 + n++);
    const first = `ครู${th}ทดสอบ`;
    const r = await via(`mutation($i: RegisterStaffInput!) { registerStaff(input: $i) { id } }`, {
      i: {
        nationalId: staffId, firstNameTh: first, lastNameTh: `นามสกุลครู${th}`, serviceStartDate: '2015-05-16',
        posting: { schoolId: s.id, positionType: 'TEACHER' },
      },
    });
    expect(r.errors).toBeUndefined();
    s.raw.push(staffId, first, `นามสกุลครู${th}`);
    s.staffRaw.push(staffId, first, `นามสกุลครู${th}`);
  }
}, 180_000);
afterAll(() => p.stop());

function via(query: string, variables: Record<string, unknown> = {}, token: string = admin) {
  return gql(p.gatewayUrl, query, variables, { token, asGateway: false });
}

interface ViewerCase {
  name: string;
  role: Role;
  org: string;
  scopes?: string[];
  sees: Array<'A' | 'B'>;
  pii: boolean;
}
const VIEWERS: ViewerCase[] = [
  { name: 'OBEC admin', role: 'obec-admin', org: 'OBEC', sees: ['A', 'B'], pii: true },
  { name: 'OBEC analyst (no pii:read)', role: 'obec-analyst', org: 'OBEC', sees: ['A', 'B'], pii: false },
  { name: 'area officer of A', role: 'area-officer', org: '1601', sees: ['A'], pii: true },
  { name: 'area director of B', role: 'area-director', org: '1602', sees: ['B'], pii: true },
  { name: 'area officer of A without pii:read', role: 'area-officer', org: '1601', scopes: [], sees: ['A'], pii: false },
  { name: 'school staff of A', role: 'school-staff', org: 'A', sees: ['A'], pii: true },
  { name: 'school director of B', role: 'school-director', org: 'B', sees: ['B'], pii: true },
  { name: 'partner', role: 'partner', org: 'EEF', sees: [], pii: false },
  { name: 'partner holding pii:read', role: 'partner', org: 'EEF', scopes: ['pii:read', 'aggregates:read'], sees: [], pii: false },
];

const SKIP = ['School.mergedInto', 'School.statusHistory'];

/** `{ __typename a b { … } }` → one selection per top-level field, optionally through an inline fragment with @include. */
function perField(selection: string, viaFragments: boolean): string[] {
  const doc = parse(`{ x ${selection} }`);
  const root = doc.definitions[0] as OperationDefinitionNode;
  const school = root.selectionSet.selections[0] as FieldNode;
  return school
    .selectionSet!.selections.filter((f) => (f as FieldNode).name.value !== '__typename')
    .map((f) => {
      const body = print(f);
      return viaFragments
        ? `{ __typename ... on School @include(if: true) { id ${body} } }`
        : `{ __typename id ${body} }`;
    });
}

const ARGS = {
  'School.students': '(first: 3, filter: { activeOnly: false })',
  'School.staff': '(first: 2)',
  'School.allocations': '(fiscalYear: 2569)',
  'AreaOffice.schools': '(first: 1)',
  'AreaOffice.allocationSummary': '(fiscalYear: 2569)',
  'Province.allocationSummary': '(fiscalYear: 2569)',
};

describe('the trust layer through the gateway, every subgraph composed', () => {
  it('shows each viewer exactly the records of its scope on every field path, unmasked only with pii:read', async () => {
    let cells = 0;
    const failures: string[] = [];
    const seen: Record<string, { records: number; leaks: Set<string> }> = {};
    for (const v of VIEWERS) {
      const org = v.org === 'A' || v.org === 'B' ? schools[v.org].obecCode : v.org;
      const token = await tokenFor(v.role, org, v.scopes);
      for (const viaFragments of [false, true]) {
        // One query per top-level field of School, so each stays inside the cost limit.
        for (const selection of perField(selectAll(api, 'School', { depth: 4, args: ARGS, typenames: true, skip: SKIP }), viaFragments)) {
          const query = `query($id: ID!) { school(id: $id) ${selection} }`;
          for (const key of ['A', 'B'] as const) {
            const s = schools[key];
            const res = await via(query, { id: s.id }, token);
            cells += leafPathCount(selection);
            const where = `${v.name} → school ${key} ${selection.slice(0, 60)}${viaFragments ? ' (fragments)' : ''}`;
            if (res.status >= 500) failures.push(`${where}: HTTP ${res.status}`);
            const bad = (res.errors ?? []).filter((e) => ['INTERNAL_SERVER_ERROR', 'QUERY_TOO_COMPLEX'].includes(e.extensions?.code));
            if (bad.length) failures.push(`${where}: ${bad.map((e) => e.message).join('; ')}`);
            const records = objectsOfTypes(res.data, RECORD_TYPES);
            const leaks = rawLeaks(res, s.raw);
            seen[`${v.name}|${key}|${viaFragments}`] ??= { records: 0, leaks: new Set() };
            const tally = seen[`${v.name}|${key}|${viaFragments}`]!;
            tally.records += records.length;
            leaks.forEach((x) => tally.leaks.add(x));
            if (!v.sees.includes(key)) {
              if (records.length) failures.push(`${where}: ${records.length} records of a school it may not see (${[...new Set(records.map((r) => r.__typename))].join(', ')})`);
              if (leaks.length) failures.push(`${where}: leaked ${leaks.join(', ')}`);
            } else if (!v.pii && leaks.length) failures.push(`${where}: unmasked without pii:read: ${leaks.join(', ')}`);
            else if (v.role === 'school-staff' && leaks.some((x) => s.staffRaw.includes(x)))
              failures.push(`${where}: a colleague's staff record shown to a school staff member`);
          }
        }
        for (const key of v.sees) {
          const tally = seen[`${v.name}|${key}|${viaFragments}`]!;
          const where = `${v.name} → school ${key}${viaFragments ? ' (fragments)' : ''}`;
          if (tally.records < 3) failures.push(`${where}: expected its records, got ${tally.records}`);
          // Personnel: a school staff member sees only their own staff record (here: none of the school's).
          const expected = schools[key].raw.filter((x) => v.role !== 'school-staff' || !schools[key].staffRaw.includes(x));
          if (v.pii && expected.some((x) => !tally.leaks.has(x)))
            failures.push(`${where}: expected every personal value unmasked, missing ${expected.filter((x) => !tally.leaks.has(x)).join(', ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
    console.log(`trust matrix through the gateway: ${cells} cells (viewers × field paths × allow/deny)`);
    expect(cells).toBeGreaterThan(1000);
  }, 300_000);

  it('answers 1,000 out-of-scope student ids exactly like unknown ones, for every school and area viewer', async () => {
    const [own] = (await p.services.students!.dataSource.query(
      `SELECT s.id FROM student s JOIN enrollment e ON e.student_id = s.id WHERE e.school_id = $1 LIMIT 1`,
      [schools.B.id],
    )) as Array<{ id: string }>;
    const outOfScope = [own!.id];
    for (const v of VIEWERS.filter((x) => !x.sees.includes('B'))) {
      const org = v.org === 'A' || v.org === 'B' ? schools[v.org].obecCode : v.org;
      const token = await tokenFor(v.role, org, v.scopes);
      let records = 0;
      let leaks = 0;
      for (let batch = 0; batch < 40; batch += 1) {
        const ids = Array.from({ length: 25 }, (_, i) => (i === 0 ? outOfScope[0]! : crypto.randomUUID()));
        const query = `query { ${ids.map((id, i) => `s${i}: student(id: "${id}") { id nationalId firstNameTh }`).join(' ')} }`;
        const res = await via(query, {}, token);
        records += Object.values(res.data ?? {}).filter((x) => x != null).length;
        leaks += rawLeaks(res, schools.B.raw).length;
        expect(res.errors ?? []).toEqual([]);
      }
      expect({ viewer: v.name, records, leaks }).toEqual({ viewer: v.name, records: 0, leaks: 0 });
    }
  }, 300_000);
});
