import { parse, graphql, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { Client } from 'pg';
import { withAgreement, type MaybeViewer, type Role, type Viewer } from '@smss/auth';
import { createTestDatabase, type TestDatabase } from '@smss/testing';
import {
  applyTrustLayer,
  CreatePersonalDataAccess1764547200000,
  TRUST_DIRECTIVES_SDL,
  TrustState,
  type PartnerProfile,
  type TrustRules,
} from '../src';

// A miniature subgraph: two schools in two area offices, one child each.
const SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
${TRUST_DIRECTIVES_SDL}
type Query { child(id: ID!): Child  children: [Child!]!  school(code: String!): School  conn: ChildConnection! }
type School @key(fields: "code") @owner(by: "NONE") @public {
  code: String!
  children: [Child!]!
  poorCount: Int @aggregate @smallCell
}
type Child @key(fields: "id") @owner(by: "SCHOOL") @public {
  id: ID!
  nationalId: String! @personal
  name: String @personal
  flags: Flags @sensitive
  friends: [Child!]!
}
type Flags @owner(by: "PARENT") @sensitive { poverty: String  disability: String }
type ChildConnection @owner(by: "NONE") @public { edges: [ChildEdge!]!  totalCount: Int! }
type ChildEdge @owner(by: "NONE") @public { node: Child! }
`;

interface Row { id: string; nationalId: string; name: string; school: string; area: string; flags: { poverty: string; disability: string | null } }
const ROWS: Row[] = [
  { id: 'c1', nationalId: '1101700123451', name: 'สมชาย', school: '1016010001', area: '1601', flags: { poverty: 'POOR', disability: null } },
  { id: 'c2', nationalId: '1101700123452', name: 'สมหญิง', school: '1016020001', area: '1602', flags: { poverty: 'NONE', disability: 'ตาบอด' } },
];
const byId = (id: string) => ROWS.find((r) => r.id === id) ?? null;

const resolvers = {
  Query: {
    child: (_: unknown, { id }: { id: string }) => byId(id),
    children: () => ROWS,
    school: (_: unknown, { code }: { code: string }) => ({ code }),
    conn: () => ({ edges: ROWS.map((node) => ({ node })), totalCount: ROWS.length }),
  },
  School: {
    __resolveReference: (ref: { code: string }) => ref,
    children: (s: { code: string }) => ROWS.filter((r) => r.school === s.code),
    poorCount: (s: { code: string }) => (s.code === '1016010001' ? 3 : 12),
  },
  Child: {
    __resolveReference: (ref: { id: string }) => byId(ref.id),
    friends: () => ROWS,
  },
};

interface Ctx { viewer: MaybeViewer; trust: TrustState }
const EEF: PartnerProfile = { partnerCode: 'EEF', areaOfficeCodes: ['1601'], include: { Child: ['id', 'flags'], Flags: ['poverty'] } };
const rules: TrustRules<Ctx> = {
  owners: { Child: (c: Row) => ({ schoolCode: c.school, areaOfficeCode: c.area }) },
  partners: new Map([['EEF', EEF]]),
};

const viewer = (role: Role, orgCode: string, scopes: string[] = ['pii:read']): Viewer => ({
  authenticated: true,
  subject: `${role}-subject`,
  role,
  level: role.startsWith('obec') ? 'OBEC' : role.startsWith('area') ? 'AREA' : role === 'partner' ? 'PARTNER' : 'SCHOOL',
  orgCode,
  scopes,
});

let db: TestDatabase;
let pg: Client;
let schema: GraphQLSchema;

beforeAll(async () => {
  db = await createTestDatabase('trust');
  pg = new Client({ connectionString: db.url });
  await pg.connect();
  await new CreatePersonalDataAccess1764547200000().up({ query: (sql: string) => pg.query(sql) } as never);
  schema = buildSubgraphSchema({ typeDefs: parse(SDL), resolvers: resolvers as never });
  applyTrustLayer<Ctx>(schema, rules);
});
afterAll(async () => {
  await pg.end();
  await db.drop();
});

const run = async (v: MaybeViewer, source: string, variableValues?: Record<string, unknown>) => {
  const trust = new TrustState(v, `req-${Math.random()}`, (sql, params) => pg.query(sql, params as unknown[]));
  return graphql({ schema, source, variableValues, contextValue: { viewer: v, trust } });
};
const auditRows = async () =>
  (await pg.query(`SELECT subject, record_type, record_id, fields FROM personal_data_access ORDER BY id`)).rows;

describe('classification', () => {
  it('refuses a schema with an unclassified field, an owner-less type or a record type without owner rule', () => {
    const bad = buildSubgraphSchema({
      typeDefs: parse(`${TRUST_DIRECTIVES_SDL}
        type Query { a: A  b: B }
        type A @owner(by: "SCHOOL") { id: ID! @public  secret: String }
        type B @public { id: ID! }`),
      resolvers: {} as never,
    });
    expect(() => applyTrustLayer<Ctx>(bad, { owners: {} })).toThrow(
      /A\.secret: unclassified[\s\S]*B: no @owner[\s\S]*A: @owner\(by: "SCHOOL"\) but the service gives no owner rule/,
    );
  });

  it('refuses personal data in a type that is not a record', () => {
    const bad = buildSubgraphSchema({
      typeDefs: parse(`${TRUST_DIRECTIVES_SDL}
        type Query { a: A }
        type A @owner(by: "NONE") @public { id: ID!  name: String @personal }`),
      resolvers: {} as never,
    });
    expect(() => applyTrustLayer<Ctx>(bad, { owners: {} })).toThrow(/A\.name: personal data in a type with no owner/);
  });
});

describe('row scope on every path', () => {
  const school1 = viewer('school-staff', '1016010001');

  it('answers unknown and out-of-scope ids the same way: null', async () => {
    const mine = await run(school1, `{ child(id: "c1") { id } }`);
    expect(mine.data).toEqual({ child: { id: 'c1' } });
    expect(await run(school1, `{ child(id: "c2") { id name } }`)).toEqual({ data: { child: null } });
    expect(await run(school1, `{ child(id: "nope") { id name } }`)).toEqual({ data: { child: null } });
  });

  it('drops out-of-scope records from root lists, nested lists and connection edges', async () => {
    const r = await run(
      school1,
      `{ children { id friends { id } } school(code: "1016020001") { children { id } } conn { edges { node { id } } } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      children: [{ id: 'c1', friends: [{ id: 'c1' }] }],
      school: { children: [] },
      conn: { edges: [{ node: { id: 'c1' } }] },
    });
  });

  it('nulls out-of-scope entities in _entities, through fragments too', async () => {
    const r = await run(
      viewer('area-officer', '1601'),
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Child { id ... @include(if: true) { name } } } }`,
      { r: [{ __typename: 'Child', id: 'c2' }, { __typename: 'Child', id: 'c1' }] },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ _entities: [null, { id: 'c1', name: 'สมชาย' }] });
  });

  it('refuses every root field to anonymous callers', async () => {
    const r = await run({ authenticated: false }, `{ children { id } }`);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.data).toBeNull();
  });
});

describe('masking and the audit', () => {
  beforeEach(() => pg.query('TRUNCATE personal_data_access'));

  it('masks personal fields and withholds sensitive ones without pii:read, and audits nothing then', async () => {
    const r = await run(viewer('school-staff', '1016010001', []), `{ child(id: "c1") { nationalId name flags { poverty } } }`);
    expect(r.data).toEqual({ child: { nationalId: '1••••••••••••', name: 'ส••••', flags: null } });
    expect(await auditRows()).toEqual([]);
  });

  it('audits what was resolved, however it was asked: aliases, inline fragments, @include', async () => {
    const r = await run(
      viewer('area-officer', '1601'),
      `query($yes: Boolean = true) { a: child(id: "c1") { ... on Child { ... @include(if: $yes) { n: name } } flags { poverty } } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ a: { n: 'สมชาย', flags: { poverty: 'POOR' } } });
    // One INSERT per level of execution (here: the child's fields, then its flags' fields).
    const rows = await auditRows();
    for (const row of rows)
      expect(row).toMatchObject({ subject: 'area-officer-subject', record_type: 'Child', record_id: 'c1' });
    expect(rows.flatMap((row) => row.fields).sort()).toEqual(['Flags.poverty', 'flags', 'name']);
  });

  it('fails closed: when the audit cannot be written, no personal value leaves', async () => {
    await pg.query('ALTER TABLE personal_data_access RENAME TO pda_away');
    try {
      const r = await run(viewer('obec-admin', 'OBEC'), `{ child(id: "c1") { id name nationalId } }`);
      expect(r.data).toEqual({ child: null });
      expect(r.errors?.[0]?.extensions?.messageTh).toMatch(/บันทึกการเข้าถึง/);
      expect(JSON.stringify(r)).not.toContain('สมชาย');
      expect(JSON.stringify(r)).not.toContain('1101700123451');
    } finally {
      await pg.query('ALTER TABLE pda_away RENAME TO personal_data_access');
    }
  });
});

describe('partners', () => {
  const eef = viewer('partner', 'EEF');

  it('sees only records of its areas, only the fields its profile includes, and small counts suppressed', async () => {
    const r = await run(
      eef,
      `{ children { id name nationalId flags { poverty disability } } a: school(code: "1016010001") { poorCount } b: school(code: "1016020001") { poorCount } }`,
    );
    // Include-only: `name` (nullable) is withheld as null, not masked; `nationalId` (non-null) is refused.
    expect(r.errors?.map((e) => [e.message, e.path?.join('.')])).toEqual([
      ["Child.nationalId is not in your partner agreement's profile", 'children.0.nationalId'],
    ]);
    const ok = await run(
      eef,
      `{ children { id name flags { poverty disability } } a: school(code: "1016010001") { poorCount } b: school(code: "1016020001") { poorCount } }`,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toEqual({
      children: [{ id: 'c1', name: null, flags: { poverty: 'POOR', disability: null } }],
      a: { poorCount: null },
      b: { poorCount: 12 },
    });
  });

  it('reads under the agreement the gateway asserted: its areas and schools, its fields, even without pii:read', async () => {
    const agreement = {
      id: 'a1',
      partnerCode: 'Q-INFO',
      areaOfficeCodes: [],
      schoolCodes: ['1016020001'],
      include: { Child: ['id', 'name'] },
      purposes: ['research'],
      keyVersion: 1,
      validTo: '2099-12-31',
    };
    const partner = withAgreement(viewer('partner', 'Q-INFO', ['aggregates:read']), agreement);
    const r = await run(partner, `{ children { id name } child(id: "c1") { id } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ children: [{ id: 'c2', name: 'สมหญิง' }], child: null });
    // Another partner's agreement is not taken: the claim must name the viewer's own partner code.
    const other = withAgreement(viewer('partner', 'OTHER', ['aggregates:read']), agreement);
    expect((await run(other, `{ children { id } }`)).data).toEqual({ children: [] });
  });

  it('sees no record at all without an agreement', async () => {
    const r = await run(viewer('partner', 'OTHER'), `{ children { id } child(id: "c1") { id } }`);
    expect(r.data).toEqual({ children: [], child: null });
  });
});

describe('need to know (records restricted to named subjects)', () => {
  // A secret memo of school 1016010001: named subjects only, whatever their level; an ordinary one by hierarchy.
  const MEMO_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
${TRUST_DIRECTIVES_SDL}
type Query { memo(id: ID!): Memo  memos: [Memo!]! }
type Memo @key(fields: "id") @owner(by: "SCHOOL") @public { id: ID!  subject: String! }
`;
  interface Memo { id: string; subject: string; secret: boolean }
  const MEMOS: Memo[] = [
    { id: 'm1', subject: 'ลับ: เรื่องสอบสวนวินัย', secret: true },
    { id: 'm2', subject: 'ประชุมผู้ปกครอง', secret: false },
  ];
  const memoSchema = buildSubgraphSchema({
    typeDefs: parse(MEMO_SDL),
    resolvers: {
      Query: { memo: (_: unknown, { id }: { id: string }) => MEMOS.find((m) => m.id === id) ?? null, memos: () => MEMOS },
      Memo: { __resolveReference: (ref: { id: string }) => MEMOS.find((m) => m.id === ref.id) ?? null },
    } as never,
  });
  applyTrustLayer<Ctx>(memoSchema, {
    owners: {
      Memo: (m: Memo) =>
        m.secret
          ? [{ subjects: ['school-director-subject'] }, { schoolCode: '1016010001', areaOfficeCode: '1601' }]
          : { schoolCode: '1016010001', areaOfficeCode: '1601' },
    },
    needToKnow: ['Memo'],
  });
  const memoRun = (v: MaybeViewer, source: string, variableValues?: Record<string, unknown>) =>
    graphql({
      schema: memoSchema,
      source,
      variableValues,
      contextValue: { viewer: v, trust: new TrustState(v, 'req', (sql, params) => pg.query(sql, params as unknown[])) },
    });

  it.each([
    ['the named subject', viewer('school-director', '1016010001'), ['m1', 'm2']],
    ['an OBEC administrator not named', viewer('obec-admin', 'OBEC'), ['m2']],
    ['the area office not named', viewer('area-officer', '1601'), ['m2']],
    ['staff of the school not named', viewer('school-staff', '1016010001'), ['m2']],
  ] as const)('shows %s exactly the records it may see, in lists, by id and through _entities', async (_who, v, ids) => {
    const list = await memoRun(v, `{ memos { id subject } }`);
    expect((list.data as { memos: Array<{ id: string }> }).memos.map((m) => m.id)).toEqual(ids);
    const one = await memoRun(v, `{ memo(id: "m1") { id subject } }`);
    expect((one.data as { memo: { id: string } | null }).memo?.id ?? null).toBe(ids.includes('m1' as never) ? 'm1' : null);
    const ent = await memoRun(
      v,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Memo { ... @include(if: true) { id subject } } } }`,
      { r: [{ __typename: 'Memo', id: 'm1' }] },
    );
    expect(ent.errors).toBeUndefined();
    expect((ent.data as { _entities: Array<{ id: string } | null> })._entities[0]?.id ?? null).toBe(ids.includes('m1' as never) ? 'm1' : null);
    if (!ids.includes('m1' as never)) expect(JSON.stringify([list, one, ent])).not.toContain('สอบสวน');
  });

  it('refuses a need-to-know type without an owner rule', () => {
    const s = buildSubgraphSchema({ typeDefs: parse(MEMO_SDL), resolvers: {} as never });
    expect(() => applyTrustLayer<Ctx>(s, { owners: { Memo: () => null }, needToKnow: ['Memo', 'Other'] })).toThrow(
      /Other: listed as need-to-know but the service gives no owner rule/,
    );
  });
});
