import { randomUUID } from 'node:crypto';
import { syntheticNationalId } from '@smss/thai';
import { readTrustModel, type TrustModel } from '@smss/trust';
import {
  inParallel,
  leafPaths,
  leafValues,
  rawLeaks,
  schemaFromSdlFile,
  selectAll,
  trustReader,
  type GraphQLResponse,
} from '@smss/testing';
import { SCHEMA_PATH } from '../src/server';
import { fakeArea, fakeSchool, replicateSchools } from './support';
import { buildTrustWorld, FISCAL_YEAR, type TrustWorld, type Viewer } from './trust-fixtures';

/**
 * The generated authorisation matrix: every viewer × every root field and `_entities` type of this
 * subgraph × every field path `selectAll` reaches (plainly, and through inline fragments with @include),
 * checked against a hand-written oracle of who may see which record (trust-fixtures.ts).
 */

const schema = schemaFromSdlFile(SCHEMA_PATH);
const model: TrustModel = readTrustModel(schema);
const HIDDEN_MESSAGE = 'Not found, or not visible to you';

let w: TrustWorld;
beforeAll(async () => {
  w = await buildTrustWorld();
}, 120_000);
afterAll(() => w?.h.stop());

type Variant = 'plain' | 'fragments';

interface Op {
  name: string;
  /** The type `selectAll` selects on (the op's root object). */
  rootType: string;
  document: (selection: string) => string;
  variables: () => Record<string, unknown>;
  root: (data: any) => any;
  /** A single record: its fixture key (for leaveBalance: the person's). */
  target?: string;
  /** A list: the fixture keys listed (for this viewer), and the ids the response lists. */
  expected?: (v: Viewer) => string[];
  listed?: (root: any) => string[];
  /** A non-null root field: a record out of reach is NOT_FOUND, not null. */
  nonNull?: boolean;
}

const classOf = (typeName: string, field: string) => model.types.get(typeName)?.fields.get(field)?.dataClass;
const { isPersonal } = trustReader(model);

function operations(): Op[] {
  const ops: Op[] = [];
  const keys = (type: string) => [...w.records.values()].filter((r) => r.type === type).map((r) => r.key);
  const id = (key: string) => w.records.get(key)!.id;
  for (const k of keys('StaffMember')) {
    ops.push({
      name: `staffMember(id: ${k})`,
      rootType: 'StaffMember',
      document: (s) => `query($id: ID!) { staffMember(id: $id) ${s} }`,
      variables: () => ({ id: id(k) }),
      root: (d) => d?.staffMember,
      target: k,
    });
    ops.push({
      name: `_entities(StaffMember ${k})`,
      rootType: 'StaffMember',
      document: (s) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on StaffMember ${s} } }`,
      variables: () => ({ r: [{ __typename: 'StaffMember', id: id(k) }] }),
      root: (d) => d?._entities?.[0],
      target: k,
    });
    ops.push({
      name: `leaveBalance(staffId: ${k})`,
      rootType: 'LeaveBalance',
      document: (s) => `query($s: ID!) { leaveBalance(staffId: $s, fiscalYear: ${FISCAL_YEAR}) ${s} }`,
      variables: () => ({ s: id(k) }),
      root: (d) => d?.leaveBalance,
      target: k,
      nonNull: true,
    });
  }
  for (const k of keys('LeaveRequest')) {
    ops.push({
      name: `leaveRequest(id: ${k})`,
      rootType: 'LeaveRequest',
      document: (s) => `query($id: ID!) { leaveRequest(id: $id) ${s} }`,
      variables: () => ({ id: id(k) }),
      root: (d) => d?.leaveRequest,
      target: k,
    });
  }
  const nodes = (root: any) => (root?.edges ?? []).map((e: any) => e.node.id as string);
  const seen = (v: Viewer, list: string[]) => list.filter((k) => v.sees.has(k));
  ops.push({
    name: 'myStaffRecord',
    rootType: 'StaffMember',
    document: (s) => `{ myStaffRecord ${s} }`,
    variables: () => ({}),
    root: (d) => d?.myStaffRecord,
    expected: (v) => (v.own ? [v.own] : []),
    listed: (root) => (root ? [root.id] : []),
  });
  ops.push({
    name: 'staff(first: 100)',
    rootType: 'StaffConnection',
    document: (s) => `{ staff(first: 100) ${s} }`,
    variables: () => ({}),
    root: (d) => d?.staff,
    expected: (v) => seen(v, keys('StaffMember')),
    listed: nodes,
  });
  ops.push({
    name: 'leaveRequests(first: 100)',
    rootType: 'LeaveRequestConnection',
    document: (s) => `{ leaveRequests(first: 100) ${s} }`,
    variables: () => ({}),
    root: (d) => d?.leaveRequests,
    expected: (v) => seen(v, keys('LeaveRequest')),
    listed: nodes,
  });
  ops.push({
    name: 'leaveRequestsAwaitingMyDecision',
    rootType: 'LeaveRequestConnection',
    document: (s) => `{ leaveRequestsAwaitingMyDecision(first: 100) ${s} }`,
    variables: () => ({}),
    root: (d) => d?.leaveRequestsAwaitingMyDecision,
    expected: (v) => [...v.decides],
    listed: nodes,
  });
  const staffAt: Record<string, string[]> = {
    X: ['sX', 'dX'],
    Y: ['mv'],
    Z: ['sZ'],
    A: ['sX', 'dX', 'mv', 'oA'],
    B: ['sZ'],
  };
  const licencesOf = (people: string[]) => people.flatMap((p) => w.records.get(p)!.licences ?? []);
  for (const where of ['X', 'Y', 'Z', 'A', 'B'] as const) {
    const school = where === 'A' || where === 'B' ? null : w.schools[where];
    const area = where === 'A' ? w.areaA : where === 'B' ? w.areaB : null;
    ops.push({
      name: `expiringTeachingLicences(${school ? `school ${where}` : `area ${where}`})`,
      rootType: 'TeachingLicenceConnection',
      document: (s) =>
        `query($s: ID, $a: String) { expiringTeachingLicences(withinDays: 3650, includeExpired: true, first: 100, schoolId: $s, areaOfficeCode: $a) ${s} }`,
      variables: () => (school ? { s: school.id } : { a: area }),
      root: (d) => d?.expiringTeachingLicences,
      expected: (v) => seen(v, licencesOf(staffAt[where]!)),
      listed: nodes,
    });
    ops.push(
      school
        ? {
            name: `_entities(School ${where})`,
            rootType: 'School',
            document: (s) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on School ${s} } }`,
            variables: () => ({ r: [{ __typename: 'School', id: school.id }] }),
            root: (d) => d?._entities?.[0],
            expected: (v) => seen(v, staffAt[where]!),
            listed: (root) => nodes(root?.staff),
          }
        : {
            name: `_entities(AreaOffice ${where})`,
            rootType: 'AreaOffice',
            document: (s) =>
              `query($r: [_Any!]!) { _entities(representations: $r) { ... on AreaOffice ${s} } }`,
            variables: () => ({ r: [{ __typename: 'AreaOffice', code: area }] }),
            root: (d) => d?._entities?.[0],
            expected: (v) => seen(v, staffAt[where]!),
            listed: (root) => nodes(root?.staff),
          },
    );
  }
  ops.push({
    name: 'publicHolidays',
    rootType: 'PublicHoliday',
    document: (s) => `{ publicHolidays(from: "2027-01-01", to: "2027-01-31") ${s} }`,
    variables: () => ({}),
    root: (d) => d?.publicHolidays,
    expected: () => [],
    listed: () => [],
  });
  return ops;
}

/** Every object of the response with a fixture record's id, with the record. */
function fixtureObjects(value: unknown): Array<{ obj: Record<string, any>; key: string }> {
  const out: Array<{ obj: Record<string, any>; key: string }> = [];
  const walk = (x: unknown) => {
    if (x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(walk);
    const obj = x as Record<string, any>;
    const rec = typeof obj.id === 'string' ? w.byId.get(obj.id) : undefined;
    if (rec) out.push({ obj, key: rec.key });
    Object.values(obj).forEach(walk);
  };
  walk(value);
  return out;
}

const sameSet = (a: string[], b: string[]) => expect([...a].sort()).toEqual([...b].sort());

/** Checks one response; returns the cells (leaf paths) it covered, each with its expectation. */
function checkResponse(v: Viewer, op: Op, variant: Variant, res: GraphQLResponse): Map<string, number> {
  const where = `${v.key} × ${op.name} (${variant})`;
  const root = op.root(res.data);
  const hidden = w.rawHiddenFrom(v);
  // 0 raw values of records out of reach, anywhere — data and errors alike.
  expect({ where, leaks: rawLeaks(res, hidden) }).toEqual({ where, leaks: [] });
  // Records: the target (or the listed ones) exactly as the oracle says.
  let allowed: boolean;
  if (op.target) {
    allowed = v.sees.has(op.target);
    if (allowed) {
      expect({ where, errors: res.errors }).toEqual({ where, errors: undefined });
      const expectedId = w.records.get(op.target)!.id;
      expect({ where, id: root?.id ?? root?.staff?.id }).toEqual({ where, id: expectedId });
    } else if (op.nonNull) {
      expect({ where, data: res.data ?? null }).toEqual({ where, data: null });
      expect(res.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
        ['NOT_FOUND', HIDDEN_MESSAGE],
      ]);
    } else {
      expect({ where, errors: res.errors, root: root ?? null }).toEqual({
        where,
        errors: undefined,
        root: null,
      });
    }
  } else {
    expect({ where, errors: res.errors }).toEqual({ where, errors: undefined });
    const expected = op.expected!(v).map((k) => w.records.get(k)!.id);
    allowed = expected.length > 0;
    sameSet(op.listed!(root), expected);
  }
  // Every record anywhere in the response is one the viewer may see, shown as its class says.
  for (const { obj, key } of fixtureObjects(res.data)) {
    expect({ where, key, visible: v.sees.has(key) }).toEqual({ where, key, visible: true });
    const rec = w.records.get(key)!;
    for (const field of Object.keys(obj)) {
      if (!isPersonal(rec.type, field)) continue;
      const raw = rec.raw[field] ?? null;
      if (v.pii) expect({ where, key, field, value: obj[field] }).toEqual({ where, key, field, value: raw });
      else {
        expect({ where, key, field, masked: obj[field] !== raw || raw === null }).toEqual({
          where,
          key,
          field,
          masked: true,
        });
        if (classOf(rec.type, field) === 'sensitive') expect(obj[field]).toBeNull();
      }
    }
    // Nested lists hold exactly the records of this person the viewer may see.
    const ids = (list: any[]) => list.map((x) => x.id as string);
    const visibleOf = (list: string[] | undefined) =>
      (list ?? []).filter((k) => v.sees.has(k)).map((k) => w.records.get(k)!.id);
    if (rec.type === 'StaffMember') {
      if (Array.isArray(obj.appointments)) sameSet(ids(obj.appointments), visibleOf(rec.appointments));
      if (Array.isArray(obj.leaveRequests)) sameSet(ids(obj.leaveRequests), visibleOf(rec.leave));
      if (Array.isArray(obj.teachingLicences)) sameSet(ids(obj.teachingLicences), visibleOf(rec.licences));
      if ('currentAppointment' in obj && obj.currentAppointment)
        expect(obj.currentAppointment.id).toBe(w.records.get(rec.currentAppointment!)!.id);
    }
    if (rec.type === 'LeaveRequest' && 'staff' in obj) {
      const person = w.records.get(rec.staff!)!;
      expect({ where, key, staff: obj.staff?.id ?? null }).toEqual({
        where,
        key,
        staff: v.sees.has(person.key) ? person.id : null,
      });
    }
  }
  // The cells: every leaf path of the selection, checked in this response.
  const byPath = new Map<string, unknown[]>();
  for (const [path, value] of leafValues(root ?? null))
    byPath.set(path, [...(byPath.get(path) ?? []), value]);
  const cells = new Map<string, number>();
  const seenRaw = new Set(w.rawOf(v.sees));
  const allRaw = new Set(w.allRaw);
  for (const lp of leafPaths(schema, op.rootType, { depth: 3, viaFragments: variant === 'fragments' })) {
    const values = byPath.get(lp.path) ?? [];
    const personal = isPersonal(lp.typeName, lp.field);
    let expectation: string;
    if (!allowed) {
      expectation = 'deny: no record, no raw value';
      expect(values.filter((x) => x != null && allRaw.has(String(x)))).toEqual([]);
    } else if (personal && v.pii) {
      expectation = 'allow: unmasked';
      expect(values.filter((x) => x != null && !seenRaw.has(String(x)))).toEqual([]);
    } else if (personal) {
      expectation = 'allow: masked';
      expect(values.filter((x) => x != null && allRaw.has(String(x)))).toEqual([]);
      if (classOf(lp.typeName, lp.field) === 'sensitive') expect(values.filter((x) => x != null)).toEqual([]);
    } else {
      expectation = 'allow: shown';
    }
    cells.set(expectation, (cells.get(expectation) ?? 0) + 1);
  }
  return cells;
}

describe('the generated authorisation matrix: every role × root field / entity × field path', () => {
  it('gives each viewer exactly the records the oracle allows, personal values unmasked iff pii:read, and 0 raw values of the rest', async () => {
    const ops = operations();
    const totals = new Map<string, number>();
    let expectedCells = 0;
    const jobs = w.viewers.flatMap((v) =>
      ops.flatMap((op) => (['plain', 'fragments'] as const).map((variant) => ({ v, op, variant }))),
    );
    await inParallel(jobs, 4, async ({ v, op, variant }) => {
      const selection = selectAll(schema, op.rootType, { depth: 3, viaFragments: variant === 'fragments' });
      const res = await w.h.q(op.document(selection), op.variables(), v.token);
      expectedCells += leafPaths(schema, op.rootType, {
        depth: 3,
        viaFragments: variant === 'fragments',
      }).length;
      for (const [k, n] of checkResponse(v, op, variant, res)) totals.set(k, (totals.get(k) ?? 0) + n);
    });
    const cells = [...totals.values()].reduce((a, b) => a + b, 0);
    console.log(
      `personnel trust matrix: ${w.viewers.length} viewers × ${ops.length} operations × 2 (plain, fragments) = ${jobs.length} requests; ` +
        `${cells} cells (role × path × expectation): ${JSON.stringify(Object.fromEntries(totals))}`,
    );
    expect(cells).toBe(expectedCells);
    expect(jobs.length).toBe(w.viewers.length * ops.length * 2);
    for (const expectation of [
      'deny: no record, no raw value',
      'allow: unmasked',
      'allow: masked',
      'allow: shown',
    ])
      expect(totals.get(expectation) ?? 0).toBeGreaterThan(0);
  }, 600_000);
});

describe('out-of-scope ids by the thousand', () => {
  const N = 1000;
  const bulk: { staff: string[]; leave: string[]; raw: string[] } = { staff: [], leave: [], raw: [] };

  beforeAll(async () => {
    // 1,000 people (and their leave) at a school of a third area office no viewer belongs to.
    let areaC: string;
    do areaC = fakeArea();
    while (areaC === w.areaA || areaC === w.areaB);
    const school = fakeSchool(areaC);
    await replicateSchools(w.h, [school]);
    const seed = 5_000_000 + Math.floor(Math.random() * 1_000) * 10_000;
    const people = Array.from({ length: N }, (_, i) => ({
      id: randomUUID(),
      nationalId: syntheticNationalId(seed + i),
      first: `นอกเขตคนที่${i}ก`,
      phone: `09${String(seed + i)
        .padStart(8, '0')
        .slice(-8)}`,
      reason: `เหตุผลลับนอกเขตลำดับ${i}ข`,
    }));
    bulk.staff = people.map((p) => p.id);
    bulk.raw = people.flatMap((p) => [p.nationalId, p.first, p.phone, p.reason]);
    const ds = w.h.service.dataSource;
    await ds.query(
      `INSERT INTO staff (id, national_id, first_name_th, last_name_th, phone, salary, service_start_date,
                          vacation_opening_fiscal_year, created_by)
       SELECT u.id, u.nid, u.first, 'ฮ่องเต้', u.phone, 45678.90, '2010-05-16', 2570, 'test'
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(id, nid, first, phone)`,
      [bulk.staff, people.map((p) => p.nationalId), people.map((p) => p.first), people.map((p) => p.phone)],
    );
    await ds.query(
      `INSERT INTO appointment (staff_id, kind, posting_kind, school_id, school_code, area_office_code, position_type,
                                start_date, created_by)
       SELECT id, 'INITIAL', 'SCHOOL', $2, $3, $4, 'EDUCATION_SUPPORT_STAFF', '2010-05-16', 'test' FROM unnest($1::uuid[]) AS id`,
      [bulk.staff, school.id, school.obecCode, areaC],
    );
    const leave: Array<{ id: string }> = await ds.query(
      `INSERT INTO leave_request (staff_id, leave_type, start_date, end_date, period, days, counting_rule, fiscal_year,
                                  reason, school_id, school_code, area_office_code, approver_level, approver_org_code,
                                  requested_by, requested_at)
       SELECT u.id, 'SICK', '2027-01-05', '2027-01-05', tsrange('2027-01-05', '2027-01-06', '[)'), 1, 'WORKING_DAYS', 2570,
              u.reason, $3, $4::text, $5, 'SCHOOL_DIRECTOR', $4::text, 'test', now() - interval '1 day'
         FROM unnest($1::uuid[], $2::text[]) AS u(id, reason)
       RETURNING id`,
      [bulk.staff, people.map((p) => p.reason), school.id, school.obecCode, areaC],
    );
    bulk.leave = leave.map((l) => l.id);
  }, 120_000);

  const outsiders = () => w.viewers.filter((v) => !v.obec);
  const aliased = (field: string, arg: string, type: string, ids: string[]) =>
    `{ ${ids.map((id, i) => `r${i}: ${field}(${arg}: "${id}") { ...all }`).join(' ')} }
     fragment all on ${type} ${selectAll(schema, type, { depth: 2 })}`;

  it('answers 1,000 out-of-scope StaffMember entities with null for every viewer below OBEC: 0 records, 0 personal values', async () => {
    let cells = 0;
    const selection = selectAll(schema, 'StaffMember', { depth: 2 });
    for (const v of outsiders()) {
      const res = await w.h.q(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on StaffMember ${selection} } }`,
        { r: bulk.staff.map((id) => ({ __typename: 'StaffMember', id })) },
        v.token,
      );
      expect({ viewer: v.key, errors: res.errors }).toEqual({ viewer: v.key, errors: undefined });
      expect(res.data._entities).toHaveLength(N);
      expect(res.data._entities.filter((e: unknown) => e !== null)).toEqual([]);
      expect(rawLeaks(res, bulk.raw)).toEqual([]);
      cells += res.data._entities.length;
    }
    expect(cells).toBe(outsiders().length * N);
  }, 300_000);

  it('answers 1,000 out-of-scope ids of staffMember(id) and leaveRequest(id) with null, and of leaveBalance with NOT_FOUND like an unknown id', async () => {
    const unknown = await w.h.q(
      `query($s: ID!) { leaveBalance(staffId: $s, fiscalYear: ${FISCAL_YEAR}) { fiscalYear } }`,
      { s: randomUUID() },
      w.viewers[0]!.token,
    );
    expect(unknown.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    for (const v of outsiders()) {
      const staff = await w.h.q(aliased('staffMember', 'id', 'StaffMember', bulk.staff), {}, v.token);
      const leave = await w.h.q(aliased('leaveRequest', 'id', 'LeaveRequest', bulk.leave), {}, v.token);
      for (const res of [staff, leave]) {
        expect({ viewer: v.key, errors: res.errors }).toEqual({ viewer: v.key, errors: undefined });
        expect(Object.keys(res.data)).toHaveLength(N);
        expect(Object.values(res.data).filter((x) => x !== null)).toEqual([]);
        expect(rawLeaks(res, bulk.raw)).toEqual([]);
      }
      // leaveBalance is non-null: each id asked on its own, each refused exactly as an unknown one.
      const balanceSelection = selectAll(schema, 'LeaveBalance', { depth: 2 });
      await inParallel(bulk.staff, 8, async (id) => {
        const res = await w.h.q(
          `query($s: ID!) { leaveBalance(staffId: $s, fiscalYear: ${FISCAL_YEAR}) ${balanceSelection} }`,
          { s: id },
          v.token,
        );
        expect(res.data ?? null).toBeNull();
        expect(res.errors?.map((e) => [e.message, e.extensions])).toEqual(
          unknown.errors?.map((e) => [e.message, e.extensions]),
        );
        expect(rawLeaks(res, bulk.raw)).toEqual([]);
      });
    }
  }, 600_000);
});

describe('partners', () => {
  it('get no raw personal value from a query selecting every field they can reach, yet see the aggregates', async () => {
    const all = (type: string) => selectAll(schema, type, { depth: 3 });
    const staffReps = [...w.records.values()]
      .filter((r) => r.type === 'StaffMember')
      .map((r) => ({ __typename: 'StaffMember', id: r.id }));
    const document = `query($staff: [_Any!]!, $schools: [_Any!]!, $areas: [_Any!]!, $x: ID, $a: String) {
      staff(first: 100) ${all('StaffConnection')}
      leaveRequests(first: 100) ${all('LeaveRequestConnection')}
      leaveRequestsAwaitingMyDecision(first: 100) ${all('LeaveRequestConnection')}
      myStaffRecord ${all('StaffMember')}
      bySchool: expiringTeachingLicences(withinDays: 3650, includeExpired: true, first: 100, schoolId: $x) ${all('TeachingLicenceConnection')}
      byArea: expiringTeachingLicences(withinDays: 3650, includeExpired: true, first: 100, areaOfficeCode: $a) ${all('TeachingLicenceConnection')}
      ${[...w.records.values()]
        .filter((r) => r.type === 'StaffMember')
        .map((r, i) => `s${i}: staffMember(id: "${r.id}") ${all('StaffMember')}`)
        .join('\n')}
      ${[...w.records.values()]
        .filter((r) => r.type === 'LeaveRequest')
        .map((r, i) => `l${i}: leaveRequest(id: "${r.id}") ${all('LeaveRequest')}`)
        .join('\n')}
      people: _entities(representations: $staff) { ... on StaffMember ${all('StaffMember')} }
      schools: _entities(representations: $schools) { ... on School ${all('School')} }
      areas: _entities(representations: $areas) { ... on AreaOffice ${all('AreaOffice')} }
    }`;
    const variables = {
      staff: staffReps,
      schools: Object.values(w.schools).map((s) => ({ __typename: 'School', id: s.id })),
      areas: [w.areaA, w.areaB].map((code) => ({ __typename: 'AreaOffice', code })),
      x: w.schools.X.id,
      a: w.areaA,
    };
    for (const v of w.viewers.filter((x) => x.key.startsWith('partner'))) {
      const res = await w.h.q(document, variables, v.token);
      expect(res.errors).toBeUndefined();
      expect(rawLeaks(res, w.allRaw)).toEqual([]);
      expect(fixtureObjects(res.data)).toEqual([]);
      expect(res.data.people).toEqual(staffReps.map(() => null));
      expect(res.data.schools.map((s: any) => s.staffCount)).toEqual([2, 1, 1]);
      expect(res.data.schools.map((s: any) => s.staff.totalCount)).toEqual([0, 0, 0]);
      expect(res.data.areas.map((a: any) => a.staffCount)).toEqual([4, 1]);
      for (const id of w.records.values()) {
        if (id.type !== 'StaffMember') continue;
        const balance = await w.h.q(
          `query($s: ID!) { leaveBalance(staffId: $s, fiscalYear: ${FISCAL_YEAR}) ${all('LeaveBalance')} }`,
          { s: id.id },
          v.token,
        );
        expect(balance.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
        expect(rawLeaks(balance, w.allRaw)).toEqual([]);
      }
    }
  }, 120_000);
});
