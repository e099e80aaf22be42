import {
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/*
 * Selections of every field as a tree, for subgraphs whose full selection is over their own cost limit:
 * the tree is split into pieces the limit accepts (`piecesOf`), each piece rendered plainly or with every
 * level inside an inline fragment with @include (`renderTree`), or cut down at random for an audit mix
 * (`randomSubtree`). The matrices of the assets and finance subgraphs run on these.
 */

/** A selection tree: the leaves of one type and the object fields under it. */
export interface SelectionTree {
  type: string;
  leaves: string[];
  objects: Array<{ field: string; args: string; child: SelectionTree }>;
}

/**
 * Every field reachable from `typeName` down to `depth` object hops; a field with required arguments
 * only when `args` gives them (by `Type.field`, e.g. `{ 'School.journal': '(fiscalYear: 2569, first: 5)' }`).
 */
export function selectionTree(
  schema: GraphQLSchema,
  typeName: string,
  depth: number,
  args: Record<string, string> = {},
): SelectionTree | null {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) return null;
  const tree: SelectionTree = { type: typeName, leaves: [], objects: [] };
  for (const f of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (f.name.startsWith('_')) continue;
    const given = args[`${typeName}.${f.name}`] ?? '';
    if (!given && f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(f.type);
    if (isLeafType(named)) tree.leaves.push(f.name);
    else if (depth > 0) {
      const child = selectionTree(schema, named.name, depth - 1, args);
      if (child) tree.objects.push({ field: f.name, args: given, child });
    }
  }
  return tree;
}

/** The selection text with `__typename` at every level: plain, or every level inside `... on T @include(if: true)`. */
export function renderTree(tree: SelectionTree, viaFragments: boolean): string {
  const parts = [
    ...tree.leaves,
    ...tree.objects.map((o) => `${o.field}${o.args} ${renderTree(o.child, viaFragments)}`),
  ].join(' ');
  return viaFragments
    ? `{ __typename ... on ${tree.type} @include(if: true) { ${parts} } }`
    : `{ __typename ${parts} }`;
}

/** `Type.field` of every field a tree selects (for the coverage check). */
export function treeFields(tree: SelectionTree, into = new Set<string>()): Set<string> {
  for (const l of tree.leaves) into.add(`${tree.type}.${l}`);
  for (const o of tree.objects) {
    into.add(`${tree.type}.${o.field}`);
    treeFields(o.child, into);
  }
  return into;
}

/** Object types a query can return starting from these types (any depth, arguments aside). */
export function typesReachableFrom(schema: GraphQLSchema, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.pop()!;
    const type = schema.getType(name);
    if (seen.has(name) || !isObjectType(type)) continue;
    seen.add(name);
    for (const f of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (!f.name.startsWith('_')) queue.push(getNamedType(f.type).name);
    }
  }
  return seen;
}

/** `Type.field` of every field of the model's types a read can reach from `roots`. */
export function readableFields(
  schema: GraphQLSchema,
  model: { types: ReadonlyMap<string, { fields: ReadonlyMap<string, unknown> }> },
  roots: readonly string[],
): string[] {
  const readable = typesReachableFrom(schema, roots);
  return [...model.types]
    .filter(([type]) => readable.has(type))
    .flatMap(([type, rule]) => [...rule.fields.keys()].map((f) => `${type}.${f}`));
}

/** The first operation of a document (to measure its cost with the subgraph's own limits). */
export const firstOperation = (query: string): OperationDefinitionNode =>
  parse(query).definitions[0] as OperationDefinitionNode;

/**
 * Split a tree into pieces for which `fits` holds (an operation the subgraph's cost limit accepts), every
 * piece keeping the leaves of each level it passes through: together they select every path of the tree.
 * Pieces that cannot fit (a list of lists of lists) are returned apart: no viewer may run them.
 */
export function piecesOf(
  tree: SelectionTree,
  fits: (t: SelectionTree) => boolean,
): { pieces: SelectionTree[]; refused: SelectionTree[] } {
  if (fits(tree)) return { pieces: [tree], refused: [] };
  const own: SelectionTree = { ...tree, objects: [] };
  const out = { pieces: fits(own) ? [own] : [], refused: fits(own) ? [] : [own] };
  for (const o of tree.objects) {
    const wrap = (child: SelectionTree): SelectionTree => ({ ...tree, objects: [{ ...o, child }] });
    const sub = piecesOf(o.child, (c) => fits(wrap(c)));
    out.pieces.push(...sub.pieces.map(wrap));
    out.refused.push(...sub.refused.map(wrap));
  }
  return out;
}

/** A random part of a tree: leaves kept at random (always `id`, so a record can be named), subtrees too. */
export function randomSubtree(tree: SelectionTree, random: () => number): SelectionTree {
  const leaves = tree.leaves.filter((l) => l === 'id' || random() < 0.5);
  const objects = tree.objects
    .filter(() => random() < 0.6)
    .map((o) => ({ ...o, child: randomSubtree(o.child, random) }));
  return { ...tree, leaves: leaves.length ? leaves : tree.leaves.slice(0, 1), objects };
}

/** `measureOperation` of @smss/service-kit, by shape (this library does not depend on it). */
export type MeasureOperation<C> = (
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, never>,
  variables: Record<string, unknown>,
  options: { defaultListSize: number; costs: C },
) => { cost: number };

/**
 * A subgraph's selection trees cut to its own cost limit: `(type, depth, operation, variables)` gives the
 * pieces of `type`'s tree (with `args`) whose operation `measure` (the subgraph's `measureOperation`, its
 * `costs` and `limits`) puts at `limits.maxCost` or below.
 */
export function costLimitedPieces<C>(
  schema: GraphQLSchema,
  args: Record<string, string>,
  limits: { maxCost: number; defaultListSize: number },
  costs: C,
  measure: MeasureOperation<C>,
) {
  const options = { defaultListSize: limits.defaultListSize, costs };
  return (
    type: string,
    depth: number,
    operation: (selection: string) => string,
    variables: Record<string, unknown> = {},
  ): SelectionTree[] =>
    piecesOf(selectionTree(schema, type, depth, args)!, (t) => {
      const op = firstOperation(operation(renderTree(t, false)));
      return measure(schema, op, {}, variables, options).cost <= limits.maxCost;
    }).pieces;
}
