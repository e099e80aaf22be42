import { readFileSync } from 'node:fs';
import {
  getNamedType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';

/**
 * Helpers for the generated authorisation matrix every subgraph (and the gateway e2e) runs:
 * build a selection of EVERY field reachable from a type, then check what came back — which leaf paths
 * carry values, and whether any raw personal value (from the test's own fixtures) leaked.
 */

/** A subgraph's schema from its SDL file, without resolvers (for walking types and directives). */
export const schemaFromSdlFile = (file: string): GraphQLSchema =>
  buildSubgraphSchema({ typeDefs: parse(readFileSync(file, 'utf8')), resolvers: {} as never });

export interface SelectAllOptions {
  /** How deep to follow object fields (default 3). */
  depth?: number;
  /** Arguments for fields, by `Type.field`, e.g. `{ 'School.students': '(first: 5, filter: {activeOnly: false})' }`. */
  args?: Record<string, string>;
  /** Fields not to select, by `Type.field` (e.g. a field another subgraph resolves). */
  skip?: readonly string[];
  /** Wrap every nested selection in an inline fragment with @include(if: true) — the path the layer must not skip. */
  viaFragments?: boolean;
  /** Select `__typename` in every object (to find the records of a type in the response). */
  typenames?: boolean;
}

/** One leaf a `selectAll` selection asks for, as `leafValues` writes its path (list hops as `[]`). */
export interface LeafPath {
  /** e.g. `enrollments[].school.id` (relative to the selection's root object). */
  path: string;
  /** The object type that declares the leaf field. */
  typeName: string;
  field: string;
  /** The object types from the root down to `typeName`, one per hop. */
  types: string[];
}

function walkSelection(
  schema: GraphQLSchema,
  typeName: string,
  options: SelectAllOptions,
): { text: string; paths: LeafPath[] } {
  const depth = options.depth ?? 3;
  const walk = (
    name: string,
    left: number,
    prefix: string,
    types: string[],
  ): { text: string; paths: LeafPath[] } => {
    const type = schema.getType(name);
    if (!isObjectType(type)) return { text: '', paths: [] };
    const parts: string[] = [];
    const paths: LeafPath[] = [];
    const chain = [...types, name];
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      const key = `${name}.${field.name}`;
      if (field.name.startsWith('_') || options.skip?.includes(key)) continue;
      const given = options.args?.[key];
      if (!given && field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
      const named = getNamedType(field.type);
      const hop = `${prefix}${field.name}${isListType(isNonNullType(field.type) ? field.type.ofType : field.type) ? '[]' : ''}`;
      if (isLeafType(named)) {
        parts.push(`${field.name}${given ?? ''}`);
        paths.push({ path: hop, typeName: name, field: field.name, types: chain });
      } else if (isObjectType(named) && left > 0) {
        const inner = walk(named.name, left - 1, `${hop}.`, chain);
        if (inner.text) {
          parts.push(`${field.name}${given ?? ''} ${inner.text}`);
          paths.push(...inner.paths);
        }
      }
    }
    if (!parts.length) return { text: '', paths: [] };
    const body = parts.join(' ');
    if (!options.viaFragments) return { text: options.typenames ? `{ __typename ${body} }` : `{ ${body} }`, paths };
    return {
      text: `{ __typename ... on ${name} @include(if: true) { ${body} } }`,
      paths: [{ path: `${prefix}__typename`, typeName: name, field: '__typename', types: chain }, ...paths],
    };
  };
  return walk(typeName, depth, '', []);
}

/**
 * `{ a b c { d } }` selecting every field of `typeName` down to `depth`: fields with required
 * arguments are skipped unless `args` gives them.
 */
export function selectAll(schema: GraphQLSchema, typeName: string, options: SelectAllOptions = {}): string {
  return walkSelection(schema, typeName, options).text;
}

/** Every leaf path the `selectAll` selection with the same options asks for, with the types it passes. */
export function leafPaths(
  schema: GraphQLSchema,
  typeName: string,
  options: SelectAllOptions = {},
): LeafPath[] {
  return walkSelection(schema, typeName, options).paths;
}

/** Every leaf of a response as [path, value]; list indexes are written as []. */
export function leafValues(value: unknown, path = ''): Array<[string, unknown]> {
  if (value === null || typeof value !== 'object') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v) => leafValues(v, `${path}[]`));
  return Object.entries(value).flatMap(([k, v]) => leafValues(v, path ? `${path}.${k}` : k));
}

/** Which of the raw personal values (national IDs, names, reasons …) appear anywhere in a response. */
export function rawLeaks(response: unknown, raw: readonly string[]): string[] {
  const text = JSON.stringify(response);
  return raw.filter((value) => value && text.includes(value));
}

/** Objects in a response that carry a non-null `id`: the records it returned. */
export function recordsIn(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + recordsIn(v), 0);
  const self = (value as { id?: unknown }).id != null ? 1 : 0;
  return self + Object.values(value).reduce((n: number, v) => n + recordsIn(v), 0);
}

/** Objects of the given types in a response (needs `__typename` selected). */
export function objectsOfTypes(
  value: unknown,
  typeNames: ReadonlySet<string>,
): Array<Record<string, unknown>> {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v) => objectsOfTypes(v, typeNames));
  const obj = value as Record<string, unknown>;
  const self = typeof obj.__typename === 'string' && typeNames.has(obj.__typename) ? [obj] : [];
  return [...self, ...Object.values(obj).flatMap((v) => objectsOfTypes(v, typeNames))];
}

/** How many leaf field paths a selection (or a whole operation) asks for: the cells it tests per viewer. */
export function leafPathCount(operation: string): number {
  let n = 0;
  const walk = (sel: string) => {
    // Cheap and exact enough for generated selections: a leaf is a name not followed by '{' or '('.
    const tokens = sel.replace(/\([^()]*\)/g, '').match(/[_A-Za-z][_0-9A-Za-z]*|[{}]/g) ?? [];
    for (let i = 0; i < tokens.length; i += 1) {
      const t = tokens[i]!;
      if (
        t === '{' ||
        t === '}' ||
        t === 'on' ||
        t === '__typename' ||
        t === 'include' ||
        t === 'if' ||
        t === 'true'
      )
        continue;
      if (tokens[i + 1] !== '{' && tokens[i - 1] !== 'on') n += 1;
    }
  };
  walk(operation);
  return n;
}

/**
 * What the matrix helpers read of a subgraph's trust model (`readTrustModel` from @smss/trust): typed
 * by shape, so this library needs no dependency on @smss/trust (which tests with it).
 */
export interface TrustModelView {
  types: ReadonlyMap<
    string,
    { owner: string; fields: ReadonlyMap<string, { dataClass: string; returnsObject?: string }> }
  >;
}

/** The owners whose types the trust layer scopes as records. */
export const RECORD_OWNERS: readonly string[] = ['SCHOOL', 'AREA_OFFICE', 'PARTNER'];

/** How a matrix reads a subgraph's trust model: which types are records, which fields are personal. */
export interface TrustReader {
  /** Types the layer scopes as records (owned by one of `owners`). */
  recordTypes: ReadonlySet<string>;
  isRecordType: (typeName: string) => boolean;
  /** Personal or sensitive (the classes the layer masks and audits). */
  isPersonal: (typeName: string, field: string) => boolean;
  /** The record types a leaf belongs to: those on its path, and the node type of an edge on it (an edge is its node's). */
  recordsAlong: (path: LeafPath) => string[];
  /** Whether a leaf sits below a personal or sensitive object field (withheld whole without the right). */
  underPersonalObject: (path: LeafPath) => boolean;
}

export function trustReader(model: TrustModelView, owners: readonly string[] = RECORD_OWNERS): TrustReader {
  const recordTypes = new Set([...model.types].filter(([, r]) => owners.includes(r.owner)).map(([n]) => n));
  const isRecordType = (t: string) => recordTypes.has(t);
  const isPersonal = (t: string, f: string) => {
    const c = model.types.get(t)?.fields.get(f)?.dataClass;
    return c === 'personal' || c === 'sensitive';
  };
  return {
    recordTypes,
    isRecordType,
    isPersonal,
    recordsAlong: (p) =>
      p.types.flatMap((t) => {
        const node = model.types.get(t)?.fields.get('node')?.returnsObject;
        return [t, ...(node ? [node] : [])].filter(isRecordType);
      }),
    underPersonalObject: (p) =>
      p.path
        .split('.')
        .slice(0, -1)
        .some((hop, i) => isPersonal(p.types[i]!, hop.replace('[]', ''))),
  };
}

/** The non-null leaf values of a response by path (as `leafValues` writes paths). */
export function nonNullByPath(data: unknown): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const [path, value] of leafValues(data))
    if (value !== null) out.set(path, [...(out.get(path) ?? []), value]);
  return out;
}

/** A personal or sensitive value found in a response, with the record it belongs to. */
export interface PersonalValue {
  type: string;
  field: string;
  value: unknown;
  /** The record the value belongs to (itself, or the nearest record object above it). */
  record?: { type: string; id: string };
}

/**
 * Every personal or sensitive value in a response (needs `__typename` selected), with its record:
 * a record object is one of `reader.recordTypes` with an id (`recordIdOf`, default its `id`).
 */
export function personalValues(
  value: unknown,
  reader: Pick<TrustReader, 'recordTypes' | 'isPersonal'>,
  recordIdOf: (type: string, obj: Record<string, unknown>) => string | undefined = (_t, obj) =>
    typeof obj.id === 'string' ? obj.id : undefined,
  record?: { type: string; id: string },
): PersonalValue[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v) => personalValues(v, reader, recordIdOf, record));
  const obj = value as Record<string, unknown>;
  const type = typeof obj.__typename === 'string' ? obj.__typename : undefined;
  const id = type && reader.recordTypes.has(type) ? recordIdOf(type, obj) : undefined;
  const own = type && id ? { type, id } : record;
  return Object.entries(obj).flatMap(([key, v]) =>
    type && reader.isPersonal(type, key)
      ? [{ type, field: key, value: v, record: own }]
      : personalValues(v, reader, recordIdOf, own),
  );
}

/** Every `totalCount` in a response. */
export function totalCounts(value: unknown): number[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(totalCounts);
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    k === 'totalCount' && typeof v === 'number' ? [v] : totalCounts(v),
  );
}

/** The `_entities` operation around a selection on `type` (representations in `$r`). */
export const entitiesQuery =
  (type: string) =>
  (selection: string): string =>
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} ${selection} } }`;
