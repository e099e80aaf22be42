import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import {
  Kind,
  parse,
  type ObjectTypeDefinitionNode,
  type OperationDefinitionNode,
  type TypeNode,
} from 'graphql';
import { costDirectivesFrom, DEFAULT_LIMITS, fragmentsOf, measureOperation } from '@smss/service-kit';
import { composeSupergraph } from '../src/compose';
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

describe('list sizes and costs from the supergraph', () => {
  const sdl = readFileSync(SUPERGRAPH_FILE, 'utf8');
  const doc = parse(sdl);
  const costs = costDirectivesFrom(doc);
  const objectTypes = doc.definitions.filter(
    (d): d is ObjectTypeDefinitionNode =>
      d.kind === Kind.OBJECT_TYPE_DEFINITION && !d.name.value.includes('__'),
  );
  const returns = (type: TypeNode): string =>
    type.kind === Kind.NAMED_TYPE ? type.name.value : returns(type.type);
  const isList = (type: TypeNode): boolean =>
    type.kind === Kind.LIST_TYPE || (type.kind === Kind.NON_NULL_TYPE && isList(type.type));

  it('gives every list field a size: an assumed size, or a slicing argument of the field that returns it', () => {
    const sizedBy = new Map<string, string[]>();
    for (const t of objectTypes) {
      for (const f of t.fields ?? []) {
        for (const sized of costs.get(`${t.name.value}.${f.name.value}`)?.sizedFields ?? [])
          sizedBy.set(`${returns(f.type)}.${sized}`, [
            ...(sizedBy.get(`${returns(f.type)}.${sized}`) ?? []),
            f.name.value,
          ]);
      }
    }
    const unsized: string[] = [];
    for (const t of objectTypes) {
      for (const f of t.fields ?? []) {
        const key = `${t.name.value}.${f.name.value}`;
        const info = costs.get(key);
        const hasFirst = f.arguments?.some((a) => a.name.value === 'first');
        if (hasFirst && !info?.slicingArguments?.includes('first'))
          unsized.push(`${key} (first is not a slicing argument)`);
        if (isList(f.type) && !info?.assumedSize && !info?.slicingArguments && !sizedBy.has(key))
          unsized.push(key);
      }
    }
    expect(unsized).toEqual([]);
  });

  it('costs the real lists by their size: 245 area offices, 77 provinces, a variable left at its default', async () => {
    const gateway = new ApolloGateway({ supergraphSdl: sdl });
    const { schema } = await gateway.load();
    const measure = (query: string, variables: Record<string, unknown> = {}) => {
      const d = parse(query);
      const op = d.definitions.find((x) => x.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
      return measureOperation(schema, op, fragmentsOf(d), variables, { defaultListSize: 20, costs });
    };
    expect(measure('{ areaOffices { code } }').cost).toBe(245 * 2);
    expect(measure('{ provinces { code } }').cost).toBe(77 * 2);
    expect(measure('query($n: Int = 100) { schools(first: $n) { edges { node { obecCode } } } }').cost).toBe(
      1 + 100 * 3,
    );
    expect(
      measure('{ areaOffices { schools(first: 100) { edges { node { obecCode } } } } }').cost,
    ).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    await gateway.stop();
  });
});
