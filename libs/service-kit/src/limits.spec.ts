import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { buildSchema, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import {
  costDirectivesFrom,
  DEFAULT_LIMITS,
  fragmentsOf,
  measureOperation,
  operationLimitsPlugin,
  type CostDirectives,
} from './limits';

const SDL = `
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
  directive @cost(weight: Int!) on FIELD_DEFINITION
  type Query {
    schools(first: Int = 20, after: String): SchoolConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"])
    areaOffices: [AreaOffice!]! @listSize(assumedSize: 245)
    regions: [Region!]! @listSize(assumedSize: 6)
    unsized: [Region!]!
    report: Report @cost(weight: 50)
    search: [SearchHit!]! @listSize(assumedSize: 10)
  }
  type SchoolConnection { totalCount: Int! edges: [SchoolEdge!]! }
  type SchoolEdge { node: School! }
  type School { id: ID! nameTh: String! students(first: Int = 20): StudentConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"]) }
  type StudentConnection { edges: [StudentEdge!]! }
  type StudentEdge { node: Student! }
  type Student { id: ID! }
  type AreaOffice { code: String! schools(first: Int = 20): SchoolConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"]) }
  type Region { code: String! provinces: [Province!]! @listSize(assumedSize: 22) }
  type Province { code: String! }
  type Report { total: Int! }
  union SearchHit = School | Region
`;

const schema = buildSchema(SDL);
const costs = costDirectivesFrom(parse(SDL));

function measure(
  query: string,
  variables: Record<string, unknown> = {},
  on: { schema: GraphQLSchema; costs: CostDirectives } = { schema, costs },
) {
  const doc = parse(query);
  const op = doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  return measureOperation(on.schema, op, fragmentsOf(doc), variables, {
    defaultListSize: 20,
    costs: on.costs,
  });
}

describe('operation cost', () => {
  it('sizes a connection’s edges by its first argument', () => {
    // schools 1 + edges 10 × (1 + node (1 + id 1 + nameTh 1))
    expect(measure('{ schools(first: 10) { edges { node { id nameTh } } } }')).toEqual({
      depth: 4,
      aliases: 0,
      cost: 1 + 10 * 4,
    });
  });

  it('costs a variable left at its default ($n: Int = 100) as 100, not as the list default', () => {
    const query = 'query($n: Int = 100) { schools(first: $n) { edges { node { id } } } }';
    expect(measure(query).cost).toBe(1 + 100 * 3);
    expect(measure(query, { n: 5 }).cost).toBe(1 + 5 * 3);
  });

  it('uses the schema’s argument default when neither a literal nor a variable gives first', () => {
    expect(measure('{ schools { edges { node { id } } } }').cost).toBe(1 + 20 * 3);
    expect(measure('query($n: Int) { schools(first: $n) { edges { node { id } } } }').cost).toBe(1 + 20 * 3);
  });

  it('sizes a list without a slicing argument by its declared size (245 area offices)', () => {
    expect(measure('{ areaOffices { code } }').cost).toBe(245 * 2);
    expect(measure('{ regions { provinces { code } } }').cost).toBe(6 * (1 + 22 * 2));
  });

  it('refuses what a per-list default of 20 used to let through: 245 offices × 100 schools', () => {
    const m = measure('{ areaOffices { schools(first: 100) { edges { node { id } } } } }');
    expect(m.cost).toBe(245 * (1 + 1 + 100 * 3));
    expect(m.cost).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
  });

  it('multiplies nested connections', () => {
    const m = measure(
      'query($n: Int) { schools(first: $n) { edges { node { students(first: 50) { edges { node { id } } } } } } }',
      { n: 100 },
    );
    expect(m.cost).toBe(1 + 100 * (1 + 1 + (1 + 50 * 3)));
    expect(m.depth).toBe(7);
  });

  it('costs named and inline fragments as the fields they expand to', () => {
    const plain = measure('{ schools(first: 10) { edges { node { id nameTh } } } }').cost;
    expect(
      measure(
        '{ schools(first: 10) { ...C } } fragment C on SchoolConnection { edges { node { ...S } } } fragment S on School { id nameTh }',
      ).cost,
    ).toBe(plain);
    expect(
      measure('{ schools(first: 10) { ... on SchoolConnection { edges { node { ... { id nameTh } } } } } }')
        .cost,
    ).toBe(plain);
  });

  it('counts every alias, and a fragment’s aliases each time it is spread', () => {
    const m = measure(
      '{ a: regions { ...R } b: regions { ...R } } fragment R on Region { c: code provinces { code } }',
    );
    expect(m.aliases).toBe(4);
    expect(m.cost).toBe(2 * 6 * (1 + 1 + 22 * 2));
  });

  it('leaves out @skip/@include selections only when the condition is known', () => {
    const q = 'query($s: Boolean) { regions { code } areaOffices @skip(if: $s) { code } }';
    expect(measure(q, { s: true }).cost).toBe(6 * 2);
    expect(measure(q, { s: false }).cost).toBe(6 * 2 + 245 * 2);
    expect(measure(q).cost).toBe(6 * 2 + 245 * 2); // unknown: counted
    expect(measure('{ regions { code } areaOffices @include(if: false) { code } }').cost).toBe(6 * 2);
    expect(measure('query($i: Boolean = false) { areaOffices @include(if: $i) { code } }').cost).toBe(0);
  });

  it('never lets a negative page size offset the cost of other fields', () => {
    const big = measure('{ areaOffices { schools(first: 100) { edges { node { id } } } } }').cost;
    expect(
      measure(
        '{ a: schools(first: -100000000) { edges { node { id } } } areaOffices { schools(first: 100) { edges { node { id } } } } }',
      ).cost,
    ).toBe(big + 1);
  });

  it('counts @cost weights', () => {
    expect(measure('{ report { total } }').cost).toBe(50 + 1);
  });

  it('costs a union by its costliest member, not the sum of its fragments', () => {
    const m = measure('{ search { ... on School { id nameTh } ... on Region { code provinces { code } } } }');
    expect(m.cost).toBe(10 * (1 + Math.max(2, 1 + 22 * 2)));
  });

  it('counts an undeclared list as the default size', () => {
    expect(measure('{ unsized { code } }').cost).toBe(20 * 2);
  });

  it('measures a fragment that spreads another twice, thirty levels deep, without expanding it', () => {
    const fragments = Array.from({ length: 30 }, (_, i) =>
      i < 29
        ? `fragment F${i} on Region { a${i}: code ...F${i + 1} ...F${i + 1} }`
        : `fragment F${i} on Region { code }`,
    ).join('\n');
    const started = Date.now();
    const m = measure(`{ regions { ...F0 } } ${fragments}`);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(m.aliases).toBeGreaterThan(DEFAULT_LIMITS.maxAliases);
    expect(m.cost).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
  });

  it('sizes a subgraph’s _entities by the representations the gateway sent', () => {
    const subgraphSdl = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@listSize"])
      type Query { ping: Int }
      type School @key(fields: "id") { id: ID! students(first: Int = 20): StudentConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"]) }
      type StudentConnection { edges: [StudentEdge!]! }
      type StudentEdge { node: Student! }
      type Student { id: ID! }
    `);
    const sub = {
      schema: buildSubgraphSchema({ typeDefs: subgraphSdl }),
      costs: costDirectivesFrom(subgraphSdl),
    };
    const query =
      'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on School { students(first: 50) { edges { node { id } } } } } }';
    const representations = Array.from({ length: 40 }, (_, i) => ({ __typename: 'School', id: String(i) }));
    expect(measure(query, { representations }, sub).cost).toBe(40 * (1 + 1 + 50 * 3));
  });
});

describe('operationLimitsPlugin', () => {
  const typeDefs = parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@listSize"])
    type Query { areaOffices: [AreaOffice!]! @listSize(assumedSize: 245) }
    type AreaOffice { code: String! schools(first: Int = 20): [String!]! @listSize(slicingArguments: ["first"]) }
  `);
  const server = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs, resolvers: { Query: { areaOffices: () => [] } } }),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      operationLimitsPlugin(DEFAULT_LIMITS, costDirectivesFrom(typeDefs)),
    ],
  });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('refuses an over-costly operation with QUERY_TOO_COMPLEX and HTTP 400 before resolving anything', async () => {
    const res = await server.executeOperation({
      query: 'query($n: Int = 300) { areaOffices { schools(first: $n) } }',
    });
    expect(res.http.status).toBe(400);
    const body = res.body.kind === 'single' ? res.body.singleResult : undefined;
    expect(body?.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(body?.errors?.[0]?.extensions?.messageTh).toMatch(/ต้นทุน/);
    expect(body?.data).toBeUndefined();
  });

  it('runs an operation within the limits', async () => {
    const res = await server.executeOperation({ query: '{ areaOffices { schools(first: 100) } }' });
    const body = res.body.kind === 'single' ? res.body.singleResult : undefined;
    expect(body?.errors).toBeUndefined();
    expect(body?.data).toEqual({ areaOffices: [] });
  });
});
