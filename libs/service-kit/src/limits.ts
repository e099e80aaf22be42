import {
  getNamedType,
  getNullableType,
  getVariableValues,
  isAbstractType,
  isListType,
  isObjectType,
  Kind,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { AppError } from '@smss/core';

/**
 * Operation limits shared by the gateway and every subgraph: the same depth, alias and cost rules
 * run at the edge and again in each subgraph, so a direct subgraph call gets no more than a call
 * through the gateway.
 */
export interface OperationLimits {
  /** Deepest field nesting (the root field is depth 1). */
  maxDepth: number;
  /** Aliased fields in one operation (each time a fragment is spread counts). */
  maxAliases: number;
  /** Estimated cost: every field costs its weight (1 unless `@cost`), times the size of each list above it. */
  maxCost: number;
  /** Size of a list the schema declares no `@listSize` for (every list field should declare one). */
  defaultListSize: number;
}

export const DEFAULT_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxCost: 50_000,
  defaultListSize: 20,
};

/** What `@listSize` and `@cost` (federation v2.9, `https://specs.apollo.dev/cost/v0.1`) say about one field. */
export interface FieldCost {
  weight?: number;
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

/** `Type.field` → what its directives declare. */
export type CostDirectives = ReadonlyMap<string, FieldCost>;

const directiveIs = (d: DirectiveNode, name: string): boolean =>
  d.name.value === name || d.name.value.endsWith(`__${name}`);

const literal = (v: ValueNode | undefined): unknown => {
  if (!v) return undefined;
  if (v.kind === Kind.INT) return Number(v.value);
  if (v.kind === Kind.STRING) return v.value;
  if (v.kind === Kind.LIST) return v.values.map(literal);
  return undefined;
};

/**
 * Read `@listSize` and `@cost` from SDL: a subgraph's own type definitions or the composed
 * supergraph (the gateway's API schema drops directives, so the gateway reads them here).
 */
export function costDirectivesFrom(...documents: DocumentNode[]): CostDirectives {
  const out = new Map<string, FieldCost>();
  for (const doc of documents) {
    for (const def of doc.definitions) {
      if (
        def.kind !== Kind.OBJECT_TYPE_DEFINITION &&
        def.kind !== Kind.OBJECT_TYPE_EXTENSION &&
        def.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
        def.kind !== Kind.INTERFACE_TYPE_EXTENSION
      )
        continue;
      for (const field of def.fields ?? []) {
        const info: FieldCost = {};
        for (const d of field.directives ?? []) {
          const arg = (name: string) => literal(d.arguments?.find((a) => a.name.value === name)?.value);
          if (directiveIs(d, 'listSize')) {
            const assumed = arg('assumedSize');
            if (typeof assumed === 'number') info.assumedSize = assumed;
            const slicing = arg('slicingArguments');
            if (Array.isArray(slicing)) info.slicingArguments = slicing.map(String);
            const sized = arg('sizedFields');
            if (Array.isArray(sized)) info.sizedFields = sized.map(String);
          } else if (directiveIs(d, 'cost')) {
            const weight = arg('weight');
            if (typeof weight === 'number') info.weight = weight;
          }
        }
        if (Object.keys(info).length) {
          const key = `${def.name.value}.${field.name.value}`;
          out.set(key, { ...out.get(key), ...info });
        }
      }
    }
  }
  return out;
}

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
}

export interface MeasureOptions {
  defaultListSize: number;
  costs?: CostDirectives;
}

/** A count from an argument: a non-negative integer, else unknown (never a negative that lowers the cost). */
const asCount = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.floor(v)) : undefined;

/**
 * Measure what an operation will run: depth, aliases and an estimated cost.
 *
 * - Arguments are read as the executor will see them: literals, sent variables, the defaults of the
 *   operation's variable definitions, then the field's argument default in the schema.
 * - A list's size comes from `@listSize`: its slicing argument (`first`), sizing the field itself or
 *   its `sizedFields` (a connection's `edges`), else `assumedSize`, else `defaultListSize`.
 *   `_entities` counts its representations.
 * - Fragments (named and inline) are costed on each concrete type they apply to; for an abstract
 *   type the costliest concrete type counts. `@skip`/`@include` exclude a selection only when their
 *   condition is known (a literal or a variable with a value); otherwise it counts.
 * - Negative slicing arguments count as 0, so a bad page size cannot offset the cost of other fields.
 * Every selection set is measured once per (type, list sizes), so fragment "bombs" stay linear.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  rawVariables: Record<string, unknown>,
  options: MeasureOptions | number,
): OperationMeasure {
  const { defaultListSize, costs = new Map() } =
    typeof options === 'number' ? { defaultListSize: options } : options;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables, {
    maxErrors: 50,
  });
  const variables: Record<string, unknown> = coerced.coerced ?? { ...rawVariables };
  if (!coerced.coerced) {
    for (const def of operation.variableDefinitions ?? []) {
      const name = def.variable.name.value;
      if (variables[name] === undefined && def.defaultValue) variables[name] = literal(def.defaultValue);
    }
  }

  /** `true` when the selection is known not to run. */
  const excluded = (s: SelectionNode): boolean => {
    for (const d of s.directives ?? []) {
      if (d.name.value !== 'skip' && d.name.value !== 'include') continue;
      const ifArg = d.arguments?.find((a) => a.name.value === 'if')?.value;
      let value: unknown;
      if (ifArg?.kind === Kind.BOOLEAN) value = ifArg.value;
      else if (ifArg?.kind === Kind.VARIABLE) value = variables[ifArg.name.value];
      if (typeof value !== 'boolean') continue;
      if (d.name.value === 'skip' ? value : !value) return true;
    }
    return false;
  };

  const argumentValue = (node: FieldNode, def: GraphQLField<unknown, unknown>, name: string): unknown => {
    const arg = node.arguments?.find((a) => a.name.value === name);
    if (arg) {
      if (arg.value.kind === Kind.VARIABLE) {
        const v = variables[arg.value.name.value];
        if (v !== undefined && v !== null) return v;
      } else if (arg.value.kind !== Kind.NULL) {
        return literal(arg.value);
      }
    }
    return def.args.find((a) => a.name === name)?.defaultValue;
  };

  const costOf = (type: GraphQLObjectType, field: string): FieldCost | undefined => {
    const own = costs.get(`${type.name}.${field}`);
    if (own) return own;
    for (const i of type.getInterfaces()) {
      const inherited = costs.get(`${i.name}.${field}`);
      if (inherited) return inherited;
    }
    return undefined;
  };

  const fragmentApplies = (condition: string | undefined, type: GraphQLObjectType): boolean => {
    if (!condition || condition === type.name) return true;
    const cond = schema.getType(condition);
    return !!cond && isAbstractType(cond) && schema.isSubType(cond, type);
  };

  const concreteTypes = (named: ReturnType<typeof getNamedType>): readonly GraphQLObjectType[] =>
    isObjectType(named) ? [named] : isAbstractType(named) ? schema.getPossibleTypes(named) : [];

  const memo = new Map<SelectionSetNode, Map<string, number>>();
  const setCost = (set: SelectionSetNode, type: GraphQLObjectType, sized?: ReadonlyMap<string, number>) => {
    const key = `${type.name}|${sized ? [...sized].join(',') : ''}`;
    let byKey = memo.get(set);
    const hit = byKey?.get(key);
    if (hit !== undefined) return hit;
    let total = 0;
    for (const s of set.selections) {
      if (excluded(s)) continue;
      if (s.kind === Kind.FIELD) total += fieldCost(s, type, sized);
      else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (fragmentApplies(s.typeCondition?.name.value, type)) total += setCost(s.selectionSet, type, sized);
      } else {
        const fragment = fragments[s.name.value];
        if (fragment && fragmentApplies(fragment.typeCondition.name.value, type))
          total += setCost(fragment.selectionSet, type, sized);
      }
    }
    if (!byKey) memo.set(set, (byKey = new Map()));
    byKey.set(key, total);
    return total;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLObjectType, sized?: ReadonlyMap<string, number>) => {
    const name = node.name.value;
    if (name.startsWith('__')) return 0;
    const def = parent.getFields()[name];
    if (!def) return 0;
    const info = costOf(parent, name);
    const sliced = (info?.slicingArguments ?? [])
      .map((arg) => asCount(argumentValue(node, def, arg)))
      .filter((n): n is number => n !== undefined);
    const slice = sliced.length ? Math.max(...sliced) : undefined;
    const isList = isListType(getNullableType(def.type));
    let factor = 1;
    if (isList) {
      factor =
        sized?.get(name) ??
        (info?.sizedFields?.length ? undefined : slice) ??
        info?.assumedSize ??
        (name === '_entities'
          ? asCount((argumentValue(node, def, 'representations') as unknown[])?.length)
          : undefined) ??
        defaultListSize;
    }
    let childSized: Map<string, number> | undefined;
    if (info?.sizedFields?.length) {
      const size = slice ?? info.assumedSize ?? defaultListSize;
      childSized = new Map(info.sizedFields.map((f) => [f, size]));
    }
    let child = 0;
    if (node.selectionSet) {
      for (const t of concreteTypes(getNamedType(def.type)))
        child = Math.max(child, setCost(node.selectionSet, t, childSized));
    }
    return factor * ((info?.weight ?? 1) + child);
  };

  const shapeMemo = new Map<SelectionSetNode, { depth: number; aliases: number }>();
  const shapeOf = (set: SelectionSetNode): { depth: number; aliases: number } => {
    const hit = shapeMemo.get(set);
    if (hit) return hit;
    shapeMemo.set(set, { depth: 0, aliases: 0 }); // validation forbids cycles; this guards anyway
    let depth = 0;
    let aliases = 0;
    for (const s of set.selections) {
      if (excluded(s)) continue;
      if (s.kind === Kind.FIELD) {
        if (s.alias) aliases += 1;
        if (s.name.value.startsWith('__')) continue;
        const below = s.selectionSet ? shapeOf(s.selectionSet) : { depth: 0, aliases: 0 };
        depth = Math.max(depth, 1 + below.depth);
        aliases += below.aliases;
      } else {
        const inner =
          s.kind === Kind.INLINE_FRAGMENT ? s.selectionSet : fragments[s.name.value]?.selectionSet;
        if (!inner) continue;
        const below = shapeOf(inner);
        depth = Math.max(depth, below.depth);
        aliases += below.aliases;
      }
    }
    const shape = { depth, aliases };
    shapeMemo.set(set, shape);
    return shape;
  };

  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  const { depth, aliases } = shapeOf(operation.selectionSet);
  const cost = root ? setCost(operation.selectionSet, root) : 0;
  return { depth, aliases, cost };
}

export const fragmentsOf = (document: DocumentNode): Record<string, FragmentDefinitionNode> => {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  }
  return fragments;
};

/**
 * Refuses over-deep, over-aliased or over-costly operations after validation and before anything
 * runs (in the gateway: before the query planner calls any subgraph), with QUERY_TOO_COMPLEX (400).
 */
export function operationLimitsPlugin<C extends BaseContext = BaseContext>(
  limits: OperationLimits,
  costs: CostDirectives = new Map(),
  onReject?: (reason: 'depth' | 'aliases' | 'cost') => void,
): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, schema, request }) {
          if (!operation) return;
          const m = measureOperation(schema, operation, fragmentsOf(document), request.variables ?? {}, {
            defaultListSize: limits.defaultListSize,
            costs,
          });
          const fail = (reason: 'depth' | 'aliases' | 'cost', en: string, th: string) => {
            onReject?.(reason);
            throw new AppError('QUERY_TOO_COMPLEX', en, th, { measured: m, limits: { ...limits } });
          };
          if (m.depth > limits.maxDepth) {
            fail(
              'depth',
              `Query depth ${m.depth} exceeds the limit of ${limits.maxDepth}`,
              `คำสั่งซ้อนลึก ${m.depth} ชั้น เกินกำหนด ${limits.maxDepth} ชั้น`,
            );
          }
          if (m.aliases > limits.maxAliases) {
            fail(
              'aliases',
              `The query uses ${m.aliases} aliases; the limit is ${limits.maxAliases}`,
              `คำสั่งใช้ alias ${m.aliases} ครั้ง เกินกำหนด ${limits.maxAliases} ครั้ง`,
            );
          }
          if (m.cost > limits.maxCost) {
            fail(
              'cost',
              `Estimated query cost ${m.cost} exceeds the limit of ${limits.maxCost}; ask for smaller pages or use an export job`,
              `คำสั่งมีต้นทุนประมาณ ${m.cost} เกินกำหนด ${limits.maxCost} กรุณาขอข้อมูลทีละหน้าให้น้อยลง หรือใช้การส่งออกข้อมูล`,
            );
          }
        },
      };
    },
  };
}
