import {
  getNamedType,
  getNullableType,
  isListType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  isObjectType,
  isInterfaceType,
  type GraphQLNamedType,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { AppError } from '@smss/core';

export interface OperationLimits {
  /** Deepest field nesting (the root field is depth 1). */
  maxDepth: number;
  /** Aliased fields in one operation. */
  maxAliases: number;
  /** Estimated cost: every field costs 1, multiplied by the size of each list above it. */
  maxCost: number;
  /** Assumed size of a list whose size no `first` argument states. */
  defaultListSize: number;
}

export const DEFAULT_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxCost: 50_000,
  defaultListSize: 20,
};

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
}

/**
 * Measure an operation against the schema: depth, aliases and an estimated cost. A field with a
 * `first` argument sets the size of the next list below it (a connection's `edges`); a list
 * without one counts as `defaultListSize` items.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  defaultListSize: number,
): OperationMeasure {
  let maxDepth = 0;
  let aliases = 0;
  const argValue = (field: FieldNode, name: string): number | undefined => {
    const arg = field.arguments?.find((a) => a.name.value === name);
    if (!arg) return undefined;
    if (arg.value.kind === Kind.INT) return Number(arg.value.value);
    if (arg.value.kind === Kind.VARIABLE) {
      const v = variables[arg.value.name.value];
      return typeof v === 'number' ? v : undefined;
    }
    return undefined;
  };
  const fieldsOf = (
    type: GraphQLNamedType | undefined,
  ): Record<string, GraphQLField<unknown, unknown>> | undefined =>
    type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : undefined;

  const walk = (
    set: SelectionSetNode,
    parent: GraphQLNamedType | undefined,
    depth: number,
    pendingSize: number | undefined,
    visited: Set<string>,
  ): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases += 1;
        if (selection.name.value.startsWith('__')) continue;
        maxDepth = Math.max(maxDepth, depth);
        const def = fieldsOf(parent)?.[selection.name.value];
        const type: GraphQLType | undefined = def?.type;
        const isList = type ? isListType(getNullableType(type)) : false;
        const factor = isList ? (pendingSize ?? defaultListSize) : 1;
        const first = argValue(selection, 'first');
        const childPending = first ?? (isList ? undefined : pendingSize);
        const childCost = selection.selectionSet
          ? walk(
              selection.selectionSet,
              type ? getNamedType(type) : undefined,
              depth + 1,
              childPending,
              visited,
            )
          : 0;
        cost += factor * (1 + childCost);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        cost += walk(selection.selectionSet, typed ?? parent, depth, pendingSize, visited);
      } else {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment || visited.has(name)) continue;
        const typed = schema.getType(fragment.typeCondition.name.value) ?? parent;
        cost += walk(fragment.selectionSet, typed, depth, pendingSize, new Set([...visited, name]));
      }
    }
    return cost;
  };
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  const cost = walk(operation.selectionSet, root ?? undefined, 1, undefined, new Set());
  return { depth: maxDepth, aliases, cost };
}

/**
 * Rejects over-deep, over-aliased or over-costly operations after validation and before the
 * gateway plans or calls any subgraph.
 */
export function operationLimitsPlugin(
  limits: OperationLimits,
  onReject?: (reason: string) => void,
): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, schema, request }) {
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const def of document.definitions) {
            if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
          }
          if (!operation) return;
          const m = measureOperation(
            schema,
            operation,
            fragments,
            request.variables ?? {},
            limits.defaultListSize,
          );
          const fail = (reason: string, en: string, th: string) => {
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
