import { randomUUID } from 'node:crypto';
import { DEFAULT_SCOPES, type Role } from '@smss/auth';
import { DEFAULT_LIMITS } from '@smss/service-kit';
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
} from '@smss/testing';
import { readTrustModel } from '@smss/trust';
import { SCHEMA_PATH } from '../src/server';
import { startCorrespondence, type CorrespondenceHarness } from './support';
import { asViewer, buildWorld, type World } from './trust-fixtures';

/*
 * The generated authorisation matrix: every viewer × every root field and `_entities` type × every field path
 * `selectAll` reaches (plainly and through inline fragments with @include) × a school the viewer may see and one
 * it may not; then 1,000 out-of-scope ids per viewer. Allowed: the records, personal values unmasked exactly with
 * pii:read. Denied: no record, no raw personal value, no count.
 */
let h: CorrespondenceHarness;
const worlds = {} as Record<'A' | 'B', World>;
const schema = schemaFromSdlFile(SCHEMA_PATH);
const model = readTrustModel(schema);
const { isPersonal, recordsAlong, underPersonalObject } = trustReader(model);
const outOfScope: { letters: string[]; entries: string[]; deliveries: string[]; raw: string[] } = {
  letters: [],
  entries: [],
  deliveries: [],
  raw: [],
};

interface V {
  name: string;
  role: Role;
  org: () => string;
  scopes?: string[];
}
const VIEWERS: V[] = [
  { name: 'OBEC administrator', role: 'obec-admin', org: () => 'OBEC' },
  { name: 'OBEC analyst', role: 'obec-analyst', org: () => 'OBEC' },
  { name: 'area officer of A', role: 'area-officer', org: () => '9501' },
  { name: 'area director of A', role: 'area-director', org: () => '9501' },
  { name: 'area officer of B', role: 'area-officer', org: () => '9502' },
  { name: 'director of school A', role: 'school-director', org: () => worlds.A.school.obecCode },
  { name: 'staff of school A', role: 'school-staff', org: () => worlds.A.school.obecCode },
  {
    name: 'staff of school A without pii:read',
    role: 'school-staff',
    org: () => worlds.A.school.obecCode,
    scopes: [],
  },
  { name: 'staff of another school of A', role: 'school-staff', org: () => '1095019999' },
  { name: 'partner', role: 'partner', org: () => 'EEF' },
  {
    name: 'partner with pii:read',
    role: 'partner',
    org: () => 'EEF',
    scopes: ['aggregates:read', 'pii:read'],
  },
];
const level = (v: V) =>
  v.role.startsWith('obec')
    ? 'OBEC'
    : v.role.startsWith('area')
      ? 'AREA'
      : v.role === 'partner'
        ? 'PARTNER'
        : 'SCHOOL';
const pii = (v: V) => (v.scopes ?? DEFAULT_SCOPES[v.role]).includes('pii:read') && level(v) !== 'PARTNER';
/** Every record of a world is its school's: seen by OBEC, the school's area office and the school. */
const sees = (v: V, w: World) =>
  level(v) === 'OBEC' ||
  (level(v) === 'AREA' && v.org() === w.area) ||
  (level(v) === 'SCHOOL' && v.org() === w.school.obecCode);

interface Root {
  name: string;
  type: string;
  prefix: string;
  query: (sel: string) => string;
  variables: (w: World) => Record<string, unknown>;
  /** Open to everyone (aggregates, the directory stubs) rather than the world's records. */
  open?: boolean;
}
const year = () => new Date(h.clock.now.getTime() + 7 * 3600_000).getUTCFullYear() + 543;
const entities = (type: string, rep: (w: World) => Record<string, unknown>, open = false): Root => ({
  name: `_entities ${type}`,
  type,
  prefix: '_entities[].',
  query: entitiesQuery(type),
  variables: (w) => ({ r: [{ __typename: type, ...rep(w) }] }),
  open,
});
const ROOTS: Root[] = [
  {
    name: 'letter(id) sent',
    type: 'Letter',
    prefix: 'letter.',
    query: (s) => `query($id: ID!) { letter(id: $id) ${s} }`,
    variables: (w) => ({ id: w.sentLetterId }),
  },
  {
    name: 'letter(id) received',
    type: 'Letter',
    prefix: 'letter.',
    query: (s) => `query($id: ID!) { letter(id: $id) ${s} }`,
    variables: (w) => ({ id: w.receivedLetterId }),
  },
  {
    name: 'letters(holder)',
    type: 'LetterConnection',
    prefix: 'letters.',
    query: (s) => `query($o: String) { letters(filter: { holderOrgCode: $o }, first: 5) ${s} }`,
    variables: (w) => ({ o: w.school.obecCode }),
  },
  {
    name: 'correspondenceRegister',
    type: 'RegisterEntryConnection',
    prefix: 'correspondenceRegister.',
    query: (s) =>
      `query($o: String, $y: Int!) { correspondenceRegister(orgCode: $o, kind: RECEIVE, year: $y, first: 5) ${s} }`,
    variables: (w) => ({ o: w.school.obecCode, y: year() }),
  },
  {
    name: 'inbox',
    type: 'LetterDeliveryConnection',
    prefix: 'inbox.',
    query: (s) => `query($o: String) { inbox(orgCode: $o, first: 5) ${s} }`,
    variables: (w) => ({ o: w.school.obecCode }),
  },
  {
    name: 'overdueLetters',
    type: 'LetterDeliveryConnection',
    prefix: 'overdueLetters.',
    query: (s) => `query($o: String) { overdueLetters(orgCode: $o, first: 5) ${s} }`,
    variables: (w) => ({ o: w.school.obecCode }),
  },
  {
    name: 'secretRegistrars',
    type: 'SecretRegistrar',
    prefix: 'secretRegistrars[].',
    query: (s) => `query($o: String) { secretRegistrars(orgCode: $o) ${s} }`,
    variables: (w) => ({ o: w.school.obecCode }),
  },
  {
    name: 'destructionList',
    type: 'DestructionList',
    prefix: 'destructionList.',
    query: (s) => `query($id: ID!) { destructionList(id: $id) ${s} }`,
    variables: (w) => ({ id: w.listId }),
  },
  entities('Letter', (w) => ({ id: w.receivedLetterId })),
  entities('LetterDelivery', (w) => ({ id: w.deliveryId })),
  entities('RegisterEntry', (w) => ({ id: w.entryId })),
  entities('DestructionList', (w) => ({ id: w.listId })),
  entities('School', (w) => ({ id: w.school.id })),
  entities('AreaOffice', (w) => ({ code: w.area }), true),
];
const ARGS = {
  'School.inbox': '(first: 5)',
  'AreaOffice.inbox': '(first: 5)',
  'Letter.deliveries': '(first: 5)',
  'DestructionList.items': '(first: 5)',
};
const DEPTH = 4;
/** Fields whose value depends on who asks (the number in the viewer's own register): not compared with OBEC's. */
const VIEWER_RELATIVE = new Set(['Letter.registerNumber']);

beforeAll(async () => {
  h = await startCorrespondence({ limits: { ...DEFAULT_LIMITS, maxCost: 10_000_000 } });
  worlds.A = await buildWorld(h, 'A', '9501');
  worlds.B = await buildWorld(h, 'B', '9502');
  // The out-of-scope bulk: 1,000 letters of a school in area 9503, each with its register entry and a delivery.
  const bulk = await h.addSchool('9503');
  await h.configure('9503', bulk.obecCode);
  const { services } = h.domain();
  const staff = asViewer('school-staff', bulk.obecCode, 'bulk.clerk@smss.test');
  for (let i = 0; i < 1000; i += 1) {
    const signer = `ผู้ลงนามลับ${i}ข`;
    outOfScope.raw.push(signer);
    const l = await services.letters.send(
      staff,
      { kind: 'EXTERNAL', subject: `ลับ${i}`, signedBy: signer, recipients: { orgCodes: ['9503'] } },
      'bulk',
    );
    outOfScope.letters.push(l.id);
  }
  outOfScope.entries = (
    await h.service.dataSource.query(`SELECT id FROM register_entry WHERE org_code = $1`, [bulk.obecCode])
  ).map((r: any) => r.id);
  outOfScope.deliveries = (
    await h.service.dataSource.query(`SELECT id FROM delivery WHERE sender_org = $1`, [bulk.obecCode])
  ).map((r: any) => r.id);
}, 300_000);
afterAll(() => h?.stop());

describe('the generated authorisation matrix of the correspondence subgraph', () => {
  it('gives every allowed viewer the records (unmasked iff pii:read) and every denied viewer none, on every path', async () => {
    const cells = { allow: 0, deny: 0, unmasked: 0, masked: 0, open: 0 };
    const failures: string[] = [];
    const rawAll = [...worlds.A.raw, ...worlds.B.raw];
    for (const root of ROOTS)
      for (const viaFragments of [false, true]) {
        const options = { depth: DEPTH, viaFragments, args: ARGS };
        const selection = selectAll(schema, root.type, options);
        const paths = leafPaths(schema, root.type, options);
        for (const key of ['A', 'B'] as const) {
          const w = worlds[key];
          let reference: Map<string, unknown[]> | undefined;
          for (const v of VIEWERS) {
            const token = await h.as(v.role, v.org(), `viewer:${v.name}`, v.scopes);
            const r: GraphQLResponse = await h.q(root.query(selection), root.variables(w), token);
            const where = `${v.name} × ${root.name} of ${key}${viaFragments ? ' (fragments)' : ''}`;
            if (r.errors?.length) failures.push(`${where}: ${JSON.stringify(r.errors).slice(0, 300)}`);
            const got = nonNullByPath(r.data);
            if (!reference && got.size < 3) failures.push(`${where}: the reference viewer got no records`);
            reference ??= got; // the OBEC administrator sees everything
            const allowed = root.open || sees(v, w);
            for (const p of paths) {
              const path = root.prefix + p.path;
              const values = got.get(path) ?? [];
              const expected = reference.get(path)?.length ?? 0;
              const personal = isPersonal(p.typeName, p.field);
              const cell = `${where}: ${path}`;
              if (recordsAlong(p).length && !allowed) {
                if (values.length) failures.push(`${cell}: ${values.length} values for a denied viewer`);
                cells.deny += 1;
              } else if (VIEWER_RELATIVE.has(`${p.typeName}.${p.field}`)) {
                cells.open += 1;
              } else if (personal && pii(v) && !underPersonalObject(p)) {
                if (values.length !== expected) failures.push(`${cell}: ${values.length} of ${expected}`);
                cells.unmasked += 1;
              } else if (personal) {
                if (values.length !== expected)
                  failures.push(`${cell}: ${values.length} of ${expected} (masked)`);
                for (const x of values)
                  if (rawAll.includes(String(x)))
                    failures.push(`${cell}: ${String(x)} unmasked without pii:read`);
                cells.masked += 1;
              } else if (recordsAlong(p).length) {
                if (values.length !== expected) failures.push(`${cell}: ${values.length} of ${expected}`);
                cells.allow += 1;
              } else {
                if (values.length > expected) failures.push(`${cell}: more than OBEC sees`);
                cells.open += 1;
              }
            }
            if (!allowed || !pii(v)) {
              const leaked = rawLeaks(r, w.raw);
              if (leaked.length) failures.push(`${where}: leaked ${leaked.join(', ')}`);
            }
          }
        }
      }
    const total = Object.values(cells).reduce((a, b) => a + b, 0);
    console.log(`correspondence authorisation matrix: ${total} cells`, cells);
    expect(failures.slice(0, 30)).toEqual([]);
    expect(total).toBeGreaterThan(10_000);
    expect(cells.deny).toBeGreaterThan(1000);
    expect(cells.unmasked).toBeGreaterThan(100);
    expect(cells.masked).toBeGreaterThan(100);
  }, 600_000);

  it('returns no record and no personal value for 1,000 out-of-scope ids per viewer, by _entities and by id', async () => {
    let cells = 0;
    for (const v of VIEWERS) {
      const token = await h.as(v.role, v.org(), `viewer:${v.name}`, v.scopes);
      // Nothing is out of OBEC's scope: ids nobody holds must answer the same as hidden ones.
      const obec = level(v) === 'OBEC';
      const ids = (list: string[]) => (obec ? list.map(() => randomUUID()) : list);
      const letters = ids(outOfScope.letters);
      const entries = ids(outOfScope.entries);
      const deliveries = ids(outOfScope.deliveries);
      expect(letters.length).toBeGreaterThanOrEqual(1000);
      for (let i = 0; i < letters.length; i += 50) {
        const reps = [
          ...letters.slice(i, i + 50).map((id) => ({ __typename: 'Letter', id })),
          ...entries.slice(i, i + 50).map((id) => ({ __typename: 'RegisterEntry', id })),
          ...deliveries.slice(i, i + 50).map((id) => ({ __typename: 'LetterDelivery', id })),
        ];
        const ent = await h.q(
          `query($r: [_Any!]!) { _entities(representations: $r) {
            ... on Letter { id subject signedBy createdBy attachments { id } registerEntries { id } }
            ... on RegisterEntry { id number details { subject } }
            ... on LetterDelivery { id acknowledgedBy letter { signedBy } } } }`,
          { r: reps },
          token,
        );
        expect(ent.errors).toBeUndefined();
        expect(ent.data._entities).toEqual(reps.map(() => null));
        for (const part of [letters.slice(i, i + 25), letters.slice(i + 25, i + 50)]) {
          // 25 aliases a request: the platform's alias limit is 30.
          const byId = await h.q(
            `{ ${part.map((id, j) => `l${j}: letter(id: "${id}") { id signedBy }`).join(' ')} }`,
            {},
            token,
          );
          expect(byId.errors).toBeUndefined();
          expect(Object.values(byId.data).every((x) => x === null)).toBe(true);
          expect(rawLeaks([ent, byId], outOfScope.raw)).toEqual([]);
          expect(recordsIn([ent.data, byId.data])).toBe(0);
        }
        cells += reps.length + 50;
      }
      // Nor do they count: a search over every letter finds none of them.
      const list = await h.q(`{ letters(filter: { search: "ผู้ลงนามลับ" }) { totalCount } }`, {}, token);
      const found = await h.q(`{ letters(filter: { search: "ลับ" }) { totalCount } }`, {}, token);
      if (!obec) expect([v.name, found.data?.letters.totalCount]).toEqual([v.name, 0]);
      expect(list.errors).toBeUndefined();
    }
    console.log(`correspondence out-of-scope ids: ${cells} cells (${VIEWERS.length} viewers)`);
    expect(cells).toBeGreaterThanOrEqual(VIEWERS.length * 3000);
  }, 600_000);
});
