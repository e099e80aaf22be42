import { randomUUID } from 'node:crypto';
import { maskText } from '@smss/auth';
import { ok, rawLeaks, schemaFromSdlFile, selectAll, tokenFor } from '@smss/testing';
import { SCHEMA_PATH } from '../src/server';
import { CREATE, start__Name__, type __Name__Harness, type TestSchool } from './support';

/**
 * The contract the gateway relies on: `_entities` resolves School and __Record__ representations in
 * request order, one result each, under the same rules as the root fields, with personal data masked
 * without pii:read and audited when read. The __Record__ selection is EVERY field of the type (from the
 * SDL), through inline fragments with @include: a field added later is covered without editing this test.
 */
const RECORD_FIELDS = selectAll(schemaFromSdlFile(SCHEMA_PATH), '__Record__', {
  depth: 1,
  viaFragments: true,
});
const RECORDS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on __Record__ ${RECORD_FIELDS} } }`;
const SCHOOLS = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on School { id __records__(first: 10) { totalCount edges { node { id } } } } } }`;

const PERSON_A = 'ครูสมศรี ใจดี';
const PERSON_B = 'ครูประเสริฐ มั่นคง';

let h: __Name__Harness;
let schoolA: TestSchool;
let schoolB: TestSchool;
let recordA: string;
let recordB: string;
let t: Record<'staffA' | 'directorA' | 'areaA' | 'areaB' | 'admin' | 'analyst' | 'partner', string>;

beforeAll(async () => {
  h = await start__Name__();
  // Two schools in two area offices of this suite's own directory replica, one record each.
  schoolA = await h.addSchool('9601');
  schoolB = await h.addSchool('9602');
  t = {
    staffA: await tokenFor('school-staff', schoolA.obecCode),
    directorA: await tokenFor('school-director', schoolA.obecCode),
    areaA: await tokenFor('area-officer', '9601'),
    areaB: await tokenFor('area-officer', '9602'),
    admin: await tokenFor('obec-admin', 'OBEC'),
    analyst: await tokenFor('obec-analyst', 'OBEC'),
    partner: await tokenFor('partner', 'EEF'),
  };
  const create = async (school: TestSchool, person: string, token: string) =>
    ok(
      await h.q(
        CREATE,
        { input: { schoolId: school.id, title: 'ตัวอย่าง', responsiblePerson: person } },
        token,
      ),
    ).create__Record__.id as string;
  recordA = await create(schoolA, PERSON_A, t.staffA);
  recordB = await create(schoolB, PERSON_B, t.areaB);
});
afterAll(() => h?.stop());

const records = (token: string | undefined, ids: string[]) =>
  h.q(RECORDS, { r: ids.map((id) => ({ __typename: '__Record__', id })) }, token);

describe('School through _entities', () => {
  it.each([
    ['the staff of school A', 'staffA', [1, 0]],
    ['the area office of school B', 'areaB', [0, 1]],
    ['an OBEC administrator', 'admin', [1, 1]],
    ['a partner (aggregates only, no records)', 'partner', [0, 0]],
  ] as const)('gives %s only the records it may see, in request order', async (_who, key, counts) => {
    const res = await h.q(
      SCHOOLS,
      {
        r: [
          { __typename: 'School', id: schoolA.id },
          { __typename: 'School', id: schoolB.id },
        ],
      },
      t[key],
    );
    const entities = ok(res)._entities;
    expect(entities.map((s: { id: string }) => s.id)).toEqual([schoolA.id, schoolB.id]);
    expect(entities.map((s: any) => s.__records__.totalCount)).toEqual(counts);
    expect(entities.map((s: any) => s.__records__.edges.length)).toEqual(counts);
  });
});

describe('__Record__ through _entities', () => {
  it('resolves every representation in request order: out-of-scope and unknown ids are both null', async () => {
    const unknown = randomUUID();
    const res = await records(t.staffA, [recordB, recordA, unknown, recordA]);
    const entities = ok(res)._entities;
    expect(entities.map((e: { id?: string } | null) => e?.id ?? null)).toEqual([
      null,
      recordA,
      null,
      recordA,
    ]);
    expect(entities[1]).toMatchObject({ responsiblePerson: PERSON_A, school: { id: schoolA.id } });
    expect(rawLeaks(res, [PERSON_B])).toEqual([]);
  });

  it.each([
    ['the school’s director', true, 'directorA'],
    ['its area office', true, 'areaA'],
    ['an OBEC administrator', true, 'admin'],
    ['another area office', false, 'areaB'],
    ['a partner', false, 'partner'],
  ] as const)('lets %s see the record: %s', async (_who, visible, key) => {
    const res = await records(t[key], [recordA]);
    expect(res.errors).toBeUndefined();
    const [entity] = res.data._entities;
    if (visible) expect(entity).toMatchObject({ id: recordA, responsiblePerson: PERSON_A });
    else expect(entity).toBeNull();
    if (!visible) expect(rawLeaks(res, [PERSON_A])).toEqual([]);
  });

  it('masks personal data without pii:read and audits only what it released unmasked', async () => {
    const audited = (
      subject: string,
    ): Promise<Array<{ record_type: string; record_id: string; fields: string[] }>> =>
      h.service.dataSource.query(
        `SELECT record_type, record_id, fields FROM personal_data_access WHERE subject = $1 AND record_id = $2 ORDER BY id`,
        [subject, recordA],
      );
    const masked = ok(await records(t.analyst, [recordA]))._entities[0];
    expect(masked.responsiblePerson).toBe(maskText(PERSON_A));
    expect(await audited('test:obec-analyst:OBEC')).toEqual([]);

    const before = (await audited('test:obec-admin:OBEC')).length;
    const plain = ok(await records(t.admin, [recordA]))._entities[0];
    expect(plain.responsiblePerson).toBe(PERSON_A);
    const rows = await audited('test:obec-admin:OBEC');
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toEqual({
      record_type: '__Record__',
      record_id: recordA,
      fields: ['responsiblePerson'],
    });
  });

  it('answers nothing to a caller without a token', async () => {
    const res = await records(undefined, [recordA]);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(rawLeaks(res, [PERSON_A])).toEqual([]);
  });
});
