import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { composeSupergraph } from '../src/compose';
import { measureOperation } from '../src/limits';
import { readSubgraphList, SUPERGRAPH_FILE } from '../src/subgraphs';

describe('supergraph composition', () => {
  it('composes every subgraph listed in subgraphs.yaml', () => {
    const names = readSubgraphList().map((s) => s.name);
    expect(names).toContain('schools');
    const sdl = composeSupergraph();
    for (const name of names) expect(sdl).toContain(`@join__graph(name: "${name}"`);
  });

  it('matches the committed supergraph.graphql (run `npm run compose` when this fails)', () => {
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composeSupergraph());
  });

  it('loads in @apollo/gateway (composition alone accepts Router-only directives the gateway refuses)', async () => {
    const gateway = new ApolloGateway({ supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8') });
    const { schema } = await gateway.load();
    expect(schema.getType('School')).toBeDefined();
    await gateway.stop();
  });

  it('fails with the composition errors when subgraphs disagree', () => {
    const [schools] = readSubgraphList();
    const broken = { ...schools!, schemaPath: require.resolve('./fixtures/broken.graphql') };
    expect(() => composeSupergraph([schools!, { ...broken, name: 'broken' }])).toThrow(/composition failed/i);
  });
});

describe('operation measure', () => {
  const schema = buildSchema(`
    type Query { schools(first: Int): SchoolConnection! regions: [Region!]! }
    type SchoolConnection { totalCount: Int! edges: [SchoolEdge!]! }
    type SchoolEdge { node: School! }
    type School { id: ID! nameTh: String! students(first: Int): SchoolConnection! }
    type Region { code: String! provinces: [Province!]! }
    type Province { code: String! }
  `);
  const measure = (query: string, variables: Record<string, unknown> = {}) => {
    const doc = parse(query);
    const op = doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
    const fragments = Object.fromEntries(
      doc.definitions.filter((d) => d.kind === 'FragmentDefinition').map((d: any) => [d.name.value, d]),
    );
    return measureOperation(schema, op, fragments, variables, 20);
  };

  it('multiplies the cost of a connection by its first argument', () => {
    // schools(1) + edges(10 × (1 + node(1 + id 1 + nameTh 1)))
    expect(measure('{ schools(first: 10) { edges { node { id nameTh } } } }')).toEqual({
      depth: 4,
      aliases: 0,
      cost: 1 + 10 * 4,
    });
  });

  it('reads first from variables and nests multipliers', () => {
    const m = measure(
      'query($n: Int) { schools(first: $n) { edges { node { students(first: 50) { edges { node { id } } } } } } }',
      {
        n: 100,
      },
    );
    expect(m.cost).toBe(1 + 100 * (1 + 1 + (1 + 50 * 3)));
    expect(m.depth).toBe(7);
  });

  it('counts aliases and follows fragments', () => {
    const m = measure(
      '{ a: regions { ...R } b: regions { ...R } } fragment R on Region { code provinces { code } }',
    );
    expect(m.aliases).toBe(2);
    expect(m.cost).toBe(2 * 20 * (1 + 1 + 20 * 2));
  });
});
