import { gql, tokenFor } from '@smss/testing';
import { startSchools, type SchoolsHarness } from './support';

let h: SchoolsHarness;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await startSchools();
  tokens.admin = await tokenFor('obec-admin', 'OBEC');
  tokens.analyst = await tokenFor('obec-analyst', 'OBEC');
  tokens.area1 = await tokenFor('area-officer', '1601');
  tokens.area2 = await tokenFor('area-officer', '1602');
  tokens.school = await tokenFor('school-director', '1016010001');
  tokens.partner = await tokenFor('partner', 'EEF');
});
afterAll(() => h.stop());

const CREATE = `mutation($input: CreateSchoolInput!) { createSchool(input: $input) {
  id obecCode nameTh province { code } district { code } areaOffice { code } status version statusHistory { toStatus changedBy } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateSchoolInput!) { updateSchool(id: $id, input: $input) {
  id nameTh status version mergedInto { obecCode } statusHistory { fromStatus toStatus reason effectiveDate } } }`;

let counter = 0;
const newSchool = (overrides: Record<string, unknown> = {}) => {
  counter += 1;
  const n = String(9000 + counter).padStart(4, '0');
  return {
    obecCode: `101601${n}`,
    smisCode: `1601${n}`,
    nameTh: `โรงเรียนบ้านทดสอบ${counter}`,
    nameEn: `Ban Thotsop ${counter} School`,
    areaOfficeCode: '1601',
    districtCode: '1601',
    latitude: 14.8,
    longitude: 100.65,
    levels: ['PRE_PRIMARY', 'PRIMARY'],
    schoolType: 'PRIMARY',
    ...overrides,
  };
};

const count = async (sql: string, params: unknown[] = []) =>
  Number((await h.service.dataSource.query(sql, params))[0].count);

describe('directory mutations', () => {
  it('lets an OBEC administrator create a school, recording history and one outbox event', async () => {
    const before = await count(`SELECT count(*) FROM outbox_event`);
    const input = newSchool();
    const res = await gql(h.service.url, CREATE, { input }, { token: tokens.admin });
    expect(res.errors).toBeUndefined();
    expect(res.data.createSchool).toMatchObject({
      obecCode: input.obecCode,
      province: { code: '16' },
      district: { code: '1601' },
      areaOffice: { code: '1601' },
      status: 'OPEN',
      version: 1,
      statusHistory: [{ toStatus: 'OPEN', changedBy: 'test:obec-admin:OBEC' }],
    });
    expect(await count(`SELECT count(*) FROM outbox_event`)).toBe(before + 1);
    const [event] = await h.service.dataSource.query(
      `SELECT subject, envelope FROM outbox_event WHERE aggregate_id = $1`,
      [res.data.createSchool.id],
    );
    expect(event.subject).toBe(`schools.school.upserted.v1.${res.data.createSchool.id}`);
    expect(event.envelope.payload).toMatchObject({
      obecCode: input.obecCode,
      areaOfficeCode: '1601',
      version: 1,
    });
  });

  it('lets an area officer create and edit schools of their own area', async () => {
    const created = await gql(h.service.url, CREATE, { input: newSchool() }, { token: tokens.area1 });
    expect(created.errors).toBeUndefined();
    const updated = await gql(
      h.service.url,
      UPDATE,
      { id: created.data.createSchool.id, input: { nameTh: 'โรงเรียนบ้านเปลี่ยนชื่อ', expectedVersion: 1 } },
      { token: tokens.area1 },
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateSchool).toMatchObject({ nameTh: 'โรงเรียนบ้านเปลี่ยนชื่อ', version: 2 });
  });

  it('forbids an area officer to create or edit a school of another area, and writes nothing', async () => {
    const before = await count(`SELECT count(*) FROM outbox_event`);
    const created = await gql(h.service.url, CREATE, { input: newSchool() }, { token: tokens.area2 });
    expect(created.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(created.errors?.[0]?.extensions?.messageTh).toMatch(/เขตพื้นที่/);
    const [target] = await h.service.dataSource.query(
      `SELECT id FROM school WHERE area_office_code = '1601' LIMIT 1`,
    );
    const updated = await gql(
      h.service.url,
      UPDATE,
      { id: target.id, input: { nameTh: 'โรงเรียนผิดเขต' } },
      { token: tokens.area2 },
    );
    expect(updated.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await count(`SELECT count(*) FROM school WHERE name_th = 'โรงเรียนผิดเขต'`)).toBe(0);
    expect(await count(`SELECT count(*) FROM outbox_event`)).toBe(before);
  });

  it.each([
    ['anonymous', undefined, 'UNAUTHENTICATED'],
    ['a school director', 'school', 'FORBIDDEN'],
    ['an OBEC analyst without directory:write', 'analyst', 'FORBIDDEN'],
    ['a partner agency', 'partner', 'FORBIDDEN'],
  ])('refuses writes from %s', async (_who, key, code) => {
    const res = await gql(
      h.service.url,
      CREATE,
      { input: newSchool() },
      { token: key ? tokens[key] : undefined },
    );
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
  });

  it('rejects bad input with BAD_USER_INPUT listing every field in English and Thai', async () => {
    const before = await count(`SELECT count(*) FROM school`);
    const res = await gql(
      h.service.url,
      CREATE,
      {
        input: newSchool({
          obecCode: '12345',
          smisCode: 'abc',
          nameTh: 'English only',
          latitude: 40,
          levels: [],
        }),
      },
      { token: tokens.admin },
    );
    expect(res.status).toBe(200);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = res.errors?.[0]?.extensions?.problems.map((p: any) => p.field).sort();
    expect(fields).toEqual(['latitude', 'levels', 'nameTh', 'obecCode', 'smisCode']);
    for (const p of res.errors?.[0]?.extensions?.problems ?? [])
      expect(p.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    expect(await count(`SELECT count(*) FROM school`)).toBe(before);
  });

  it('rejects an enum value outside the schema as a GraphQL validation error, not a 500', async () => {
    const res = await gql(
      h.service.url,
      CREATE,
      { input: newSchool({ schoolType: 'UNIVERSITY' }) },
      { token: tokens.admin },
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rejects a district the area office does not serve', async () => {
    const res = await gql(
      h.service.url,
      CREATE,
      { input: newSchool({ districtCode: '1602' }) },
      { token: tokens.area1 },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await gql(
      h.service.url,
      CREATE,
      { input: newSchool({ districtCode: '9999' }) },
      { token: tokens.admin },
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('answers a duplicate OBEC code with CONFLICT', async () => {
    const input = newSchool();
    await gql(h.service.url, CREATE, { input }, { token: tokens.admin });
    const again = await gql(
      h.service.url,
      CREATE,
      { input: { ...input, smisCode: '16019999' } },
      { token: tokens.admin },
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('answers a stale expectedVersion with CONFLICT and leaves the school unchanged', async () => {
    const created = await gql(h.service.url, CREATE, { input: newSchool() }, { token: tokens.admin });
    const id = created.data.createSchool.id;
    const res = await gql(
      h.service.url,
      UPDATE,
      { id, input: { nameTh: 'โรงเรียนเก่า', expectedVersion: 7 } },
      { token: tokens.admin },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await count(`SELECT count(*) FROM school WHERE id = $1 AND version = 1`, [id])).toBe(1);
  });

  it('merges a school into another open one and keeps the status history', async () => {
    const a = await gql(h.service.url, CREATE, { input: newSchool() }, { token: tokens.admin });
    const b = await gql(h.service.url, CREATE, { input: newSchool() }, { token: tokens.admin });
    const noReason = await gql(
      h.service.url,
      UPDATE,
      {
        id: a.data.createSchool.id,
        input: { status: 'MERGED', mergedIntoObecCode: b.data.createSchool.obecCode },
      },
      { token: tokens.admin },
    );
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const merged = await gql(
      h.service.url,
      UPDATE,
      {
        id: a.data.createSchool.id,
        input: {
          status: 'MERGED',
          statusReason: 'ยุบรวมโรงเรียนขนาดเล็ก',
          statusEffectiveDate: '2026-05-16',
          mergedIntoObecCode: b.data.createSchool.obecCode,
        },
      },
      { token: tokens.admin },
    );
    expect(merged.errors).toBeUndefined();
    expect(merged.data.updateSchool).toMatchObject({
      status: 'MERGED',
      mergedInto: { obecCode: b.data.createSchool.obecCode },
      statusHistory: [
        { fromStatus: null, toStatus: 'OPEN' },
        {
          fromStatus: 'OPEN',
          toStatus: 'MERGED',
          reason: 'ยุบรวมโรงเรียนขนาดเล็ก',
          effectiveDate: '2026-05-16',
        },
      ],
    });
    const intoMerged = await gql(
      h.service.url,
      UPDATE,
      {
        id: b.data.createSchool.id,
        input: { status: 'MERGED', statusReason: 'x', mergedIntoObecCode: a.data.createSchool.obecCode },
      },
      { token: tokens.admin },
    );
    expect(intoMerged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers an unknown school id with NOT_FOUND', async () => {
    const res = await gql(
      h.service.url,
      UPDATE,
      { id: '00000000-0000-0000-0000-000000000000', input: { nameTh: 'โรงเรียน' } },
      { token: tokens.admin },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const garbage = await gql(
      h.service.url,
      UPDATE,
      { id: 'not-a-uuid', input: { nameTh: 'โรงเรียน' } },
      { token: tokens.admin },
    );
    expect(garbage.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
