import { seedDemoCorrespondence } from '../src/demo/seed';
import { ok, startCorrespondence, type CorrespondenceHarness, type TestSchool } from './support';

let h: CorrespondenceHarness;
const schools: TestSchool[] = [];

beforeAll(async () => {
  h = await startCorrespondence();
  for (const area of ['1601', '1601', '1601', '1602', '1602', '1650']) schools.push(await h.addSchool(area));
});
afterAll(() => h?.stop());

const counts = async () =>
  Object.fromEntries(
    await Promise.all(
      ['letter', 'delivery', 'register_entry', 'correspondence_unit', 'secret_registrar', 'outbox_event'].map(
        async (t) => [t, Number((await h.service.dataSource.query(`SELECT count(*) AS n FROM ${t}`))[0].n)],
      ),
    ),
  );

describe('the demo correspondence', () => {
  it('gives every demo school letters in its inbox, some overdue, and resumes without doubling anything', async () => {
    await seedDemoCorrespondence(h.domain(), { waitMs: 5000 });
    const first = await counts();
    await seedDemoCorrespondence(h.domain(), { waitMs: 5000 });
    expect(await counts()).toEqual(first);
    expect(first.correspondence_unit).toBe(1 + 3 + schools.length);
    for (const s of schools) {
      const inbox = ok(
        await h.q(
          `{ inbox(first: 20) { totalCount edges { node { status overdue letter { subject } } } } }`,
          {},
          await h.as('school-staff', s.obecCode, `dev:school-staff:${s.obecCode}`),
        ),
      ).inbox;
      expect(inbox.totalCount).toBeGreaterThanOrEqual(2); // the circular forwarded by its office, and its office's order
    }
    const overdue = ok(
      await h.q(`{ overdueLetters(first: 100) { totalCount } }`, {}, await h.as('obec-admin', 'OBEC')),
    ).overdueLetters;
    expect(overdue.totalCount).toBeGreaterThan(0);
    // The secret letter: the office's and the school's registrars (the dev token command's subjects) see it, OBEC does not.
    const secret = `{ letters(filter: { secrecy: CONFIDENTIAL }) { totalCount } }`;
    expect(
      ok(await h.q(secret, {}, await h.as('area-director', '1601', 'dev:area-director:1601'))).letters
        .totalCount,
    ).toBe(1);
    expect(
      ok(
        await h.q(
          secret,
          {},
          await h.as('school-director', schools[0]!.obecCode, `dev:school-director:${schools[0]!.obecCode}`),
        ),
      ).letters.totalCount,
    ).toBe(1);
    expect(ok(await h.q(secret, {}, await h.as('obec-admin', 'OBEC'))).letters.totalCount).toBe(0);
    // No real people: the only names are synthetic.
    const names = await h.service.dataSource.query(
      `SELECT DISTINCT signed_by FROM letter WHERE signed_by IS NOT NULL`,
    );
    expect(names.map((n: any) => n.signed_by)).toEqual(['นายสมมติ ตัวอย่าง']);
  }, 120_000);
});
