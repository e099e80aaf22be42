import type { Role } from '@smss/auth';
import { pickWith, seededRandom, testSeed } from '@smss/testing';
import { startCorrespondence, type CorrespondenceHarness } from './support';
import { buildWorld, type World } from './trust-fixtures';

/*
 * Audit completeness: a seeded random mix of reads (viewers, paths, aliases, fragments) of every personal field.
 * Every unmasked personal value returned has its row in personal_data_access (record type, record id, field,
 * subject) before it left; a masked or withheld value has none.
 */
let h: CorrespondenceHarness;
let w: World;
beforeAll(async () => {
  h = await startCorrespondence();
  w = await buildWorld(h, 'A', '9601');
}, 120_000);
afterAll(() => h?.stop());

interface Read {
  name: string;
  query: (wrap: (sel: string, type: string) => string, alias: string) => string;
  variables: () => Record<string, unknown>;
  /** The audit rows an unmasked read writes: record type, record id, fields. */
  audited: () => Array<[string, string, string[]]>;
}
const READS: Read[] = [
  {
    name: 'a sent letter’s signatory and recorder',
    query: (wrap, a) => `query($id: ID!) { ${a}letter(id: $id) ${wrap('id signedBy createdBy', 'Letter')} }`,
    variables: () => ({ id: w.sentLetterId }),
    audited: () => [['Letter', w.sentLetterId, ['createdBy', 'signedBy']]],
  },
  {
    name: 'who acknowledged a delivery, and its endorsers',
    query: (wrap, a) =>
      `query($r: [_Any!]!) { ${a}_entities(representations: $r) { ... on LetterDelivery ${wrap('id acknowledgedBy endorsements { id assignedTo decidedBy }', 'LetterDelivery')} } }`,
    variables: () => ({ r: [{ __typename: 'LetterDelivery', id: w.deliveryId }] }),
    audited: () => [
      ['LetterDelivery', w.deliveryId, ['acknowledgedBy']],
      ['Endorsement', '*', ['assignedTo', 'decidedBy']],
      ['Endorsement', '*', ['assignedTo', 'decidedBy']],
    ],
  },
  {
    name: 'a destruction committee',
    query: (wrap, a) =>
      `query($id: ID!) { ${a}destructionList(id: $id) ${wrap('id committee { name position }', 'DestructionList')} }`,
    variables: () => ({ id: w.listId }),
    audited: () => [['DestructionList', w.listId, ['CommitteeMember.name']]],
  },
  {
    name: 'the secret-document registrars',
    query: (wrap, a) =>
      `query($o: String) { ${a}secretRegistrars(orgCode: $o) ${wrap('orgCode subject', 'SecretRegistrar')} }`,
    variables: () => ({ o: w.school.obecCode }),
    audited: () => [['SecretRegistrar', '*', ['subject']]],
  },
];
const VIEWERS: Array<{ role: Role; org: () => string; scopes?: string[]; pii: boolean; sees: boolean }> = [
  { role: 'obec-admin', org: () => 'OBEC', pii: true, sees: true },
  { role: 'obec-analyst', org: () => 'OBEC', pii: false, sees: true },
  { role: 'area-officer', org: () => '9601', pii: true, sees: true },
  { role: 'area-officer', org: () => '9602', pii: true, sees: false },
  { role: 'school-director', org: () => w.school.obecCode, pii: true, sees: true },
  { role: 'school-staff', org: () => w.school.obecCode, scopes: [], pii: false, sees: true },
  { role: 'partner', org: () => 'EEF', scopes: ['aggregates:read', 'pii:read'], pii: false, sees: false },
];

describe('the personal-data audit', () => {
  it('records every unmasked personal value of 200 random reads, and nothing for masked or hidden ones', async () => {
    const seed = testSeed();
    const rnd = seededRandom(seed);
    const pick = pickWith(rnd);
    const failures: string[] = [];
    for (let i = 0; i < 200; i += 1) {
      const v = pick(VIEWERS);
      const read = pick(READS);
      const subject = `audit-${seed}-${i}`;
      const token = await h.as(v.role, v.org(), subject, v.scopes);
      const fragments = rnd() < 0.5;
      const wrap = (sel: string, type: string) =>
        fragments ? `{ __typename ... on ${type} @include(if: true) { ${sel} } }` : `{ ${sel} }`;
      const alias = rnd() < 0.5 ? 'x: ' : '';
      const res = await h.q(read.query(wrap, alias), read.variables(), token);
      const rows: Array<{ record_type: string; record_id: string; fields: string[] }> =
        await h.service.dataSource.query(
          `SELECT record_type, record_id, fields FROM personal_data_access WHERE subject = $1 ORDER BY record_type, record_id`,
          [subject],
        );
      const where = `seed ${seed} read ${i}: ${v.role}@${v.org()} ${read.name}`;
      if (res.errors) failures.push(`${where}: ${JSON.stringify(res.errors)}`);
      const raw = JSON.stringify(res.data);
      const leaked = w.raw.filter((x) => raw.includes(x));
      if (v.pii && v.sees) {
        const got = rows.map((r) => `${r.record_type}|${[...r.fields].sort().join(',')}`).sort();
        const want = read
          .audited()
          .map(([t, , f]) => `${t}|${[...f].sort().join(',')}`)
          .sort();
        if (JSON.stringify(got) !== JSON.stringify(want))
          failures.push(`${where}: audited ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
        for (const [t, id] of read.audited())
          if (id !== '*' && !rows.some((r) => r.record_type === t && r.record_id === id))
            failures.push(`${where}: no row for ${t} ${id}`);
        if (!leaked.length) failures.push(`${where}: no personal value came back`);
      } else {
        if (rows.length) failures.push(`${where}: ${rows.length} audit rows for masked or hidden values`);
        if (leaked.length) failures.push(`${where}: leaked ${leaked.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('withholds the value when its audit row cannot be written (fail closed)', async () => {
    const token = await h.as('obec-admin', 'OBEC', 'audit-closed');
    await h.service.dataSource.query(`ALTER TABLE personal_data_access RENAME TO pda_away`);
    try {
      const res = await h.q(
        `query($id: ID!) { letter(id: $id) { id signedBy } }`,
        { id: w.sentLetterId },
        token,
      );
      expect(JSON.stringify(res)).not.toContain(w.raw[0]);
      expect(res.errors?.[0]?.extensions?.messageTh).toMatch(/บันทึกการเข้าถึง/);
    } finally {
      await h.service.dataSource.query(`ALTER TABLE pda_away RENAME TO personal_data_access`);
    }
  });
});
