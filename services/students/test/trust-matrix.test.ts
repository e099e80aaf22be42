import { randomUUID } from 'node:crypto';
import { DEFAULT_SCOPES, type Role } from '@smss/auth';
import { readTrustModel } from '@smss/trust';
import {
  entitiesQuery,
  leafPaths,
  nonNullByPath,
  rawLeaks,
  recordsIn,
  schemaFromSdlFile,
  selectAll,
  trustReader,
  type GraphQLResponse,
  type LeafPath,
} from '@smss/testing';
import { DEFAULT_LIMITS } from '@smss/service-kit';
import { SCHEMA_PATH } from '../src/server';
import { buildTrustWorld, unknownNationalId, type TrustWorld } from './fixtures';
import { startStudents, type StudentsHarness } from './support';

/*
 * The generated authorisation matrix: every role × every root field and `_entities` type × every field
 * path `selectAll` reaches (plainly and through inline fragments with @include) × allow / deny.
 */

let h: StudentsHarness;
let w: TrustWorld;
const schema = schemaFromSdlFile(SCHEMA_PATH);
const model = readTrustModel(schema);
const { isPersonal, isRecordType, recordsAlong, underPersonalObject } = trustReader(model);

interface Viewer {
  name: string;
  role: Role;
  org: string;
  scopes?: string[];
}
const A = '1016010001'; // school A, area 1601 (see support.ts)
const VIEWERS: Viewer[] = [
  { name: 'OBEC administrator', role: 'obec-admin', org: 'OBEC' },
  { name: 'OBEC analyst', role: 'obec-analyst', org: 'OBEC' },
  { name: 'area officer of the area', role: 'area-officer', org: '1601' },
  { name: 'area officer of another area', role: 'area-officer', org: '1602' },
  { name: 'area director of the area', role: 'area-director', org: '1601' },
  { name: 'director of the school', role: 'school-director', org: A },
  { name: 'staff of the school', role: 'school-staff', org: A },
  { name: 'staff of another school', role: 'school-staff', org: '1016020001' },
  { name: 'partner', role: 'partner', org: 'EEF' },
  { name: 'partner with pii:read', role: 'partner', org: 'EEF', scopes: ['aggregates:read', 'pii:read'] },
  { name: 'staff of the school without pii:read', role: 'school-staff', org: A, scopes: [] },
];
const levelOf = (v: Viewer) =>
  v.role.startsWith('obec')
    ? 'OBEC'
    : v.role.startsWith('area')
      ? 'AREA'
      : v.role === 'partner'
        ? 'PARTNER'
        : 'SCHOOL';
const hasPii = (v: Viewer) => (v.scopes ?? DEFAULT_SCOPES[v.role]).includes('pii:read');
/** pii:read unmasks; a partner's agreement would have to include the field too (none does here). */
const canUnmask = (v: Viewer) => hasPii(v) && levelOf(v) !== 'PARTNER';

/**
 * Who may see the fixture's records of a type (all owned in area 1601, school A; the conflict's other
 * side by the area offices only): what the owner rules must produce.
 */
function sees(v: Viewer, typeName: string): boolean {
  if (!isRecordType(typeName)) return true;
  const level = levelOf(v);
  if (level === 'OBEC') return true;
  if (level === 'AREA') return v.org === '1601';
  if (typeName === 'ConflictEnrolment') return false;
  return level === 'SCHOOL' && v.org === A;
}

interface Root {
  name: string;
  type: string;
  /** Where the root's selection sits in `data`, as leafValues writes paths. */
  prefix: string;
  query: (selection: string) => string;
  variables: () => Record<string, unknown>;
  /** What the root must return: allowed → the fixture record(s), denied → none. */
  check: (v: Viewer, r: GraphQLResponse<any>) => void;
}

const entities = (type: string, reps: () => Array<Record<string, unknown>>, check: Root['check']): Root => ({
  name: `_entities ${type}`,
  type,
  prefix: '_entities[].',
  query: entitiesQuery(type),
  variables: () => ({ r: reps() }),
  check,
});

const ROOTS: Root[] = [
  {
    name: 'student(id)',
    type: 'Student',
    prefix: 'student.',
    query: (sel) => `query($id: ID!) { student(id: $id) ${sel} }`,
    variables: () => ({ id: w.a1.id }),
    check: (v, r) => expect(r.data.student?.id ?? null).toBe(sees(v, 'Student') ? w.a1.id : null),
  },
  {
    name: 'studentByNationalId',
    type: 'Student',
    prefix: 'studentByNationalId.',
    query: (sel) => `query($n: String!) { studentByNationalId(nationalId: $n) ${sel} }`,
    variables: () => ({ n: w.a1.nationalId }),
    check: (v, r) => {
      if (!hasPii(v)) {
        expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(recordsIn(r.data)).toBe(0);
      } else expect(r.data.studentByNationalId?.id ?? null).toBe(sees(v, 'Student') ? w.a1.id : null);
    },
  },
  {
    name: 'dmcRounds',
    type: 'DmcRound',
    prefix: 'dmcRounds[].',
    query: (sel) => `{ dmcRounds ${sel} }`,
    variables: () => ({}),
    check: (_v, r) => expect(r.data.dmcRounds.length).toBeGreaterThanOrEqual(1),
  },
  {
    name: 'enrollmentConflicts',
    type: 'EnrollmentConflictConnection',
    prefix: 'enrollmentConflicts.',
    query: (sel) => `{ enrollmentConflicts ${sel} }`,
    variables: () => ({}),
    check: (v, r) => {
      const ids = r.data.enrollmentConflicts.edges.map((e: any) => e.node.id);
      expect(ids).toEqual(sees(v, 'EnrollmentConflict') ? [w.conflictId] : []);
      expect(r.data.enrollmentConflicts.totalCount).toBe(ids.length);
    },
  },
  entities(
    'Student',
    () => [w.a1, w.a2, w.aT].map((s) => ({ __typename: 'Student', id: s.id })),
    (v, r) =>
      expect(r.data._entities.map((e: any) => e?.id ?? null)).toEqual(
        [w.a1, w.a2, w.aT].map((s) => (sees(v, 'Student') ? s.id : null)),
      ),
  ),
  entities(
    'School',
    () => [{ __typename: 'School', id: h.schools.a.id }],
    (v, r) => {
      const students = r.data._entities[0].students;
      expect(students.totalCount).toBe(sees(v, 'Student') ? 2 : 0); // a1 and a2 are active at school A
      expect(students.edges.length).toBe(students.totalCount);
    },
  ),
  entities(
    'AreaOffice',
    () => [{ __typename: 'AreaOffice', code: '1601' }],
    (_v, r) => expect(r.data._entities[0].enrollmentSummary.total).toBeGreaterThanOrEqual(3),
  ),
  entities(
    'Province',
    () => [{ __typename: 'Province', code: '16' }],
    (_v, r) => expect(r.data._entities[0].enrollmentSummary.total).toBeGreaterThanOrEqual(3),
  ),
];

/** Fields whose fixture values are in `w.raw` (the rest are enums, flags and counts). */
const RAW_FIELDS = new Set([
  'nationalId',
  'gCode',
  'firstNameTh',
  'lastNameTh',
  'birthDate',
  'disabilityType',
]);

const MODES = [
  { name: 'plain', viaFragments: false },
  { name: 'fragments + @include', viaFragments: true },
];
const DEPTH = 4;
/** Small pages keep the deepest selections under the subgraph's cost limit. */
const ARGS = {
  'School.students': '(first: 5)',
  // Attendance (Students II): its fields with required arguments, so the matrix reaches them too.
  'School.attendance': '(date: "2026-11-03")',
  'School.attendanceRate': '(from: "2026-11-02", to: "2026-11-13")',
  'School.classroomAttendanceRates': '(from: "2026-11-02", to: "2026-11-13")',
  'AreaOffice.attendanceRate': '(from: "2026-11-02", to: "2026-11-13")',
  'Student.attendanceRate': '(from: "2026-11-02", to: "2026-11-13")',
};

beforeAll(async () => {
  // The matrix selects every field four levels deep in one operation: above the default cost limit
  // (the limit has its own tests); depth and alias limits stay as deployed.
  h = await startStudents({ limits: { ...DEFAULT_LIMITS, maxCost: 10_000_000 } });
  w = await buildTrustWorld(h);
}, 120_000);
afterAll(() => h.stop());

/**
 * Attendance figures a partner gets only when they give back no small cell (resolvers/attendance.ts):
 * a day's or a range's `attended` and `rate`, and every classroom figure.
 */
const PARTNER_DERIVED = new Set([
  'SchoolAttendanceDay.attended',
  'SchoolAttendanceDay.rate',
  'AttendanceRate.attended',
  'AttendanceRate.rate',
]);
const partnerDerivedSuppression = (typeName: string, field: string, path: string) =>
  PARTNER_DERIVED.has(`${typeName}.${field}`) ||
  /\.(classrooms|classroomAttendanceRates)(\[\])?\./.test(path);

describe('the generated authorisation matrix', () => {
  it('gives every allowed viewer the records (unmasked iff pii:read) and every denied viewer none, on every path', async () => {
    const raw = new Set(w.raw);
    const cells = {
      allow: 0,
      deny: 0,
      unmasked: 0,
      masked: 0,
      withheld: 0,
      suppressed: 0,
      aggregate: 0,
      open: 0,
    };
    for (const root of ROOTS) {
      for (const mode of MODES) {
        const options = { depth: DEPTH, viaFragments: mode.viaFragments, args: ARGS };
        const selection = selectAll(schema, root.type, options);
        const paths: LeafPath[] = leafPaths(schema, root.type, options);
        let reference: Map<string, unknown[]> | undefined;
        for (const v of VIEWERS) {
          const run = await h.as(v.role, v.org, v.scopes);
          const r = await run(root.query(selection), root.variables());
          const where = `${v.name} × ${root.name} (${mode.name})`;
          if (root.name === 'studentByNationalId' && !hasPii(v)) expect(r.errors?.length).toBe(1);
          else expect([where, r.errors]).toEqual([where, undefined]);
          root.check(v, r);
          const got = nonNullByPath(r.data);
          reference ??= got; // the OBEC administrator sees everything: the reference shape
          const refused = root.name === 'studentByNationalId' && !hasPii(v);
          for (const p of paths) {
            const path = root.prefix + p.path;
            const values = got.get(path) ?? [];
            const expected = reference.get(path)?.length ?? 0;
            const rule = model.types.get(p.typeName)?.fields.get(p.field);
            const personal = isPersonal(p.typeName, p.field);
            const cell = `${where}: ${path}`;
            if (refused || !recordsAlong(p).every((t) => sees(v, t))) {
              expect([cell, values]).toEqual([cell, []]);
              cells.deny += 1;
            } else if (
              !canUnmask(v) &&
              ((personal && rule?.dataClass === 'sensitive') || underPersonalObject(p))
            ) {
              expect([cell, values]).toEqual([cell, []]);
              cells.withheld += 1;
            } else if (personal && canUnmask(v)) {
              expect([cell, values.length]).toEqual([cell, expected]);
              if (RAW_FIELDS.has(p.field))
                for (const x of values) expect([cell, raw.has(String(x))]).toEqual([cell, true]);
              cells.unmasked += 1;
            } else if (personal) {
              expect([cell, values.length]).toEqual([cell, expected]);
              for (const x of values) expect([cell, raw.has(String(x))]).toEqual([cell, false]);
              cells.masked += 1;
            } else if (rule?.smallCell && levelOf(v) === 'PARTNER') {
              for (const x of values) expect([cell, (x as number) >= 5 || x === 0]).toEqual([cell, true]);
              cells.suppressed += 1;
            } else if (recordsAlong(p).length) {
              expect([cell, values.length]).toEqual([cell, expected]);
              cells.allow += 1;
            } else if (levelOf(v) === 'PARTNER' && partnerDerivedSuppression(p.typeName, p.field, path)) {
              // Figures that would give back a suppressed count (attended = enrolled − small cells; a
              // classroom's figures): a partner gets the reference value or nothing, never another.
              const ref = reference.get(path) ?? [];
              for (const x of values) expect([cell, ref.includes(x)]).toEqual([cell, true]);
              cells.suppressed += 1;
            } else if (rule?.dataClass === 'aggregate') {
              // Aggregates are the same figures for every signed-in viewer.
              expect([cell, values]).toEqual([cell, reference.get(path) ?? []]);
              cells.aggregate += 1;
            } else {
              // Open fields outside records (ids of the directory, page info): never more than OBEC sees.
              expect([cell, values.length <= expected]).toEqual([cell, true]);
              cells.open += 1;
            }
          }
          if (!VIEWERS.slice(0, 1).includes(v) && (!hasPii(v) || !sees(v, 'Student')))
            expect([where, rawLeaks(r, w.raw)]).toEqual([where, []]);
        }
      }
    }
    const total = Object.values(cells).reduce((a, b) => a + b, 0);
    console.log(`students authorisation matrix: ${total} cells`, cells);
    expect(total).toBeGreaterThan(5000);
    expect(cells.deny).toBeGreaterThan(1000);
    expect(cells.unmasked).toBeGreaterThan(100);
    expect(cells.masked).toBeGreaterThan(50);
    expect(cells.suppressed).toBeGreaterThan(10);
  });

  it('returns no record and no personal value for 1,000 out-of-scope ids per viewer, by _entities, student(id) and studentByNationalId', async () => {
    const FIELDS = `id nationalId gCode firstNameTh lastNameTh birthDate disadvantage { poverty disabilityType }`;
    let cells = 0;
    for (const v of VIEWERS) {
      const run = await h.as(v.role, v.org, v.scopes);
      // Nothing is out of OBEC's scope: ids and national IDs nobody holds answer the same as hidden ones.
      const obec = levelOf(v) === 'OBEC';
      const ids = obec ? Array.from({ length: 1000 }, () => randomUUID()) : w.outOfScope.ids;
      const nationalIds = obec ? ids.map((_, i) => unknownNationalId(i)) : w.outOfScope.nationalIds;
      expect(ids.length).toBeGreaterThanOrEqual(1000);
      for (let i = 0; i < ids.length; i += 25) {
        const batch = ids.slice(i, i + 25);
        const ent = await run(
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Student { ${FIELDS} } } }`,
          { r: batch.map((id) => ({ __typename: 'Student', id })) },
        );
        expect(ent.errors).toBeUndefined();
        expect(ent.data._entities).toEqual(batch.map(() => null));
        const byId = await run(
          `query { ${batch.map((id, j) => `s${j}: student(id: "${id}") { ${FIELDS} }`).join(' ')} }`,
        );
        expect(byId.errors).toBeUndefined();
        expect(Object.values(byId.data).every((x) => x === null)).toBe(true);
        const keys = nationalIds.slice(i, i + 25);
        const byNid = await run(
          `query { ${keys.map((n, j) => `s${j}: studentByNationalId(nationalId: "${n}") { ${FIELDS} }`).join(' ')} }`,
        );
        if (hasPii(v)) {
          expect(byNid.errors).toBeUndefined();
          expect(Object.values(byNid.data).every((x) => x === null)).toBe(true);
        } else expect(byNid.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
        expect(rawLeaks([ent, byId, byNid], [...keys, ...batch])).toEqual([]);
        expect(recordsIn([ent.data, byId.data, byNid.data])).toBe(0);
        cells += batch.length * 3;
      }
    }
    console.log(
      `students out-of-scope ids: ${cells} cells (${VIEWERS.length} viewers × 1,000 ids × 3 paths)`,
    );
    expect(cells).toBe(VIEWERS.length * 3 * w.outOfScope.ids.length);
  }, 300_000); // 33,000 lookups: about 70 s on a loaded 2-core machine

  it.each([
    ['a partner', []],
    ['a partner holding pii:read', ['aggregates:read', 'pii:read']],
  ])('shows %s no raw personal value and no record on any field it can reach', async (_who, scopes) => {
    const run = await h.as('partner', 'EEF', scopes.length ? scopes : undefined);
    const recordIds = [w.a1.id, w.a2.id, w.aT.id, w.b1.id, w.conflictId];
    for (const root of ROOTS) {
      const r = await run(
        root.query(selectAll(schema, root.type, { depth: 5, viaFragments: true })),
        root.variables(),
      );
      expect(rawLeaks(r, [...w.raw, ...recordIds])).toEqual([]);
    }
  });
});
