import { ok, tokenFor } from '@smss/testing';
import { CREATE, start__Name__, type __Name__Harness, type TestSchool } from './support';

let h: __Name__Harness;
let school: TestSchool;
let otherSchool: TestSchool;

beforeAll(async () => {
  h = await start__Name__();
  school = await h.addSchool('9601');
  otherSchool = await h.addSchool('9602');
});
afterAll(() => h?.stop());

const count = async (table: string) =>
  Number((await h.service.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

describe('create__Record__', () => {
  it('records the row and its event in one transaction, with no personal data in the event', async () => {
    const token = await tokenFor('school-staff', school.obecCode);
    const input = {
      schoolId: school.id,
      title: 'ตัวอย่าง',
      responsiblePerson: 'ครูสมศรี',
      recordedOn: '2025-06-10',
    };
    const created = ok(await h.q(CREATE, { input }, token)).create__Record__;
    expect(created).toMatchObject({
      title: 'ตัวอย่าง',
      responsiblePerson: 'ครูสมศรี',
      recordedOn: '2025-06-10',
      version: 1,
    });
    expect(created.school).toEqual({ id: school.id });
    const [event] = await h.service.dataSource.query(
      `SELECT subject, envelope FROM outbox_event WHERE aggregate_id = $1`,
      [created.id],
    );
    expect(event.subject).toBe('__name__.__record_kebab__.recorded.v1');
    expect(event.envelope.payload).toEqual({
      id: created.id,
      schoolId: school.id,
      schoolCode: school.obecCode,
      areaOfficeCode: school.areaOfficeCode,
      title: 'ตัวอย่าง',
      recordedOn: '2025-06-10',
      version: 1,
    });
    expect(JSON.stringify(event.envelope)).not.toContain('ครูสมศรี');
  });

  it('refuses bad input with every problem in English and Thai, and writes nothing', async () => {
    const token = await tokenFor('school-staff', school.obecCode);
    const [rows, events] = [await count('__record_snake__'), await count('outbox_event')];
    const res = await h.q(
      CREATE,
      { input: { schoolId: school.id, title: ' ', responsiblePerson: '', recordedOn: '2025-13-01' } },
      token,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    const fields = res.errors?.[0]?.extensions?.problems.map((p: { field: string }) => p.field).sort();
    expect(fields).toEqual(['recordedOn', 'responsiblePerson', 'title']);
    expect([await count('__record_snake__'), await count('outbox_event')]).toEqual([rows, events]);
  });

  it('refuses a school outside the viewer’s reach with FORBIDDEN and an unknown one with NOT_FOUND', async () => {
    const input = (schoolId: string) => ({ input: { schoolId, title: 't', responsiblePerson: 'p' } });
    const staff = await tokenFor('school-staff', school.obecCode);
    const forbidden = await h.q(CREATE, input(otherSchool.id), staff);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const analyst = await h.q(CREATE, input(school.id), await tokenFor('obec-analyst', 'OBEC'));
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await h.q(CREATE, input('00000000-0000-4000-8000-000000000000'), staff);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(unknown.errors?.[0]?.extensions?.messageTh).toMatch(/ไม่พบ/);
  });
});
