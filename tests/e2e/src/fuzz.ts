/**
 * A schema-aware fuzzer for the gateway: random queries and mutations built from the API schema
 * (random root fields, arguments, nested selections, fragments, aliases, @include/@skip), filled
 * with hostile values — NUL and other control characters, lone surrogates, very long strings,
 * SQL-ish and path-ish text, Thai with stacked marks, RTL and emoji, wrong types, boundary numbers,
 * B.E. years typed as dates, Decimal edge cases — sent with every role's token (and none).
 *
 * It counts what must never happen: an HTTP 5xx, an INTERNAL_SERVER_ERROR answer (bad input must
 * be BAD_USER_INPUT or another public code), and an answer that leaks internals (stack traces,
 * SQL, file paths, connection errors, internal URLs). Seeded: the same seed sends the same
 * operations, so a failure can be replayed.
 */
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isUnionType,
  Kind,
  print,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';

/** Deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'abc\u0007\u001b[31m',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  'x'.repeat(10_001),
  'ก'.repeat(300),
  "'; DROP TABLE school; --",
  "' OR '1'='1",
  '%',
  '_%\\',
  '$1',
  '::text',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'C:\\Windows\\system32',
  '%00',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e308',
  'โรงเรียนบ้านหนองผักบุ้ง',
  'น้ำ่่ใจ',
  'ลพบุรี',
  '\u202eabc\u202c',
  'مدرسة',
  'שלום',
  '👩🏽‍🏫🇹🇭',
  '\u200b\ufeff',
  '\u2028\u2029',
  '\uffff',
  'Ａ１２３',
  '๑๒๓๔',
  '2569-06-10',
  '2025-02-30',
  '0000-00-00',
  '9999-12-31',
  '2025-06-10T10:00:00+07:00',
  '2025-06-10',
  '2025-10-01',
  '1602',
  '16',
  '1016020001',
  'G123456789012',
  '1234567890123',
  '1101700207030',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
];

export const HOSTILE_INTS: readonly unknown[] = [
  0, -1, 1, 3, 20, 100, 101, 2147483647, -2147483648, 2025, 2568, 2569, 2400, 2701, 543,
];
/** Values an Int variable cannot hold: GraphQL must refuse them, never the resolver. */
export const WRONG_INTS: readonly unknown[] = [
  2 ** 31,
  -(2 ** 31) - 1,
  1.5,
  1e308,
  'NaN',
  '12',
  true,
  [],
  {},
];
export const HOSTILE_FLOATS: readonly unknown[] = [
  0, -0, 1e308, -1e308, 5e-324, 13.5, 100.9, -90, 180.0001, 91,
];
export const HOSTILE_DECIMALS: readonly unknown[] = [
  '1500.00',
  '0',
  '0.00',
  '-1',
  '-0.01',
  '1.234',
  '1e3',
  '99999999999999.99',
  '999999999999999.99',
  'abc',
  '',
  ' 1 ',
  '๑๒๓',
  'NaN',
  'Infinity',
  '1,000.00',
  1500,
  -5,
  1e308,
  '\u0000',
];

export interface ValuePools {
  /** Real ids, codes and so on, by argument or input-field name (`id`, `schoolId`, `obecCode`, …). */
  byName: Record<string, string[]>;
}

interface Enum {
  readonly enumValue: string;
}
const isEnumValue = (v: unknown): v is Enum => typeof v === 'object' && v !== null && 'enumValue' in v;

export interface GeneratedOperation {
  query: string;
  variables: Record<string, unknown>;
  /** Every string value sent (to tell an echo of the input from a leak). */
  sentStrings: string[];
}

export interface GenerateOptions {
  pools?: ValuePools;
  /** Share of values that are deliberately of the wrong type. */
  wrongTypeRate?: number;
  maxDepth?: number;
}

/** One random operation shaped by the schema. */
export function generateOperation(
  schema: GraphQLSchema,
  random: () => number,
  options: GenerateOptions = {},
): GeneratedOperation {
  const wrongRate = options.wrongTypeRate ?? 0.08;
  const maxDepth = options.maxDepth ?? 4;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const chance = (p: number) => random() < p;
  const variables: Record<string, unknown> = {};
  const variableDefs: string[] = [];
  const fragments: string[] = [];
  const sentStrings: string[] = [];
  let counter = 0;

  const stringFor = (name: string): string => {
    const pool = options.pools?.byName[name];
    if (pool?.length && chance(0.55)) return pick(pool);
    return pick(HOSTILE_STRINGS);
  };

  const scalarValue = (type: GraphQLNamedType, name: string): unknown => {
    if (chance(wrongRate)) return pick([...WRONG_INTS, ...HOSTILE_STRINGS.slice(0, 10), null, 3.14]);
    switch (type.name) {
      case 'Int':
        return pick(HOSTILE_INTS);
      case 'Float':
        return pick(HOSTILE_FLOATS);
      case 'Boolean':
        return chance(0.5);
      case 'Decimal':
        return pick(HOSTILE_DECIMALS);
      default:
        return stringFor(name);
    }
  };

  const inputValue = (type: GraphQLInputType, name: string, depth: number): unknown => {
    if (!isNonNullType(type) && chance(0.05)) return null;
    const inner = getNullableType(type) as GraphQLInputType;
    if (isListType(inner)) {
      if (chance(0.1)) return inputValue(inner.ofType, name, depth + 1); // a single value for a list
      const n = pick([0, 1, 1, 2, 3]);
      return Array.from({ length: n }, () => inputValue(inner.ofType, name, depth + 1));
    }
    if (isEnumType(inner)) {
      if (chance(wrongRate)) return pick(['NOT_A_VALUE', 'open', '', '\u0000']);
      return { enumValue: pick(inner.getValues()).name } satisfies Enum;
    }
    if (isInputObjectType(inner)) {
      if (chance(wrongRate)) return pick(['x', 1, [], { unknownField: 1 }]);
      const out: Record<string, unknown> = {};
      if (depth > 5) return out;
      for (const f of Object.values(inner.getFields())) {
        const required = isNonNullType(f.type) && f.defaultValue === undefined;
        if (required ? !chance(0.03) : chance(0.45)) out[f.name] = inputValue(f.type, f.name, depth + 1);
      }
      return out;
    }
    return scalarValue(inner, name);
  };

  const literal = (value: unknown): ValueNode => {
    if (value === null || value === undefined) return { kind: Kind.NULL };
    if (isEnumValue(value)) return { kind: Kind.ENUM, value: value.enumValue };
    if (typeof value === 'string') {
      sentStrings.push(value);
      return { kind: Kind.STRING, value };
    }
    if (typeof value === 'boolean') return { kind: Kind.BOOLEAN, value };
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return { kind: Kind.NULL };
      return Number.isInteger(value) && Math.abs(value) < 1e21
        ? { kind: Kind.INT, value: String(value) }
        : { kind: Kind.FLOAT, value: String(value) };
    }
    if (Array.isArray(value)) return { kind: Kind.LIST, values: value.map(literal) };
    return {
      kind: Kind.OBJECT,
      fields: Object.entries(value as Record<string, unknown>).map(([k, v]) => ({
        kind: Kind.OBJECT_FIELD,
        name: { kind: Kind.NAME, value: k },
        value: literal(v),
      })),
    };
  };

  const json = (value: unknown): unknown => {
    if (isEnumValue(value)) return value.enumValue;
    if (typeof value === 'string') sentStrings.push(value);
    if (Array.isArray(value)) return value.map(json);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, json(v)]));
    return value;
  };

  const typeString = (type: GraphQLInputType): string => String(type);

  const argumentsOf = (args: readonly GraphQLArgument[]): string => {
    const parts: string[] = [];
    for (const a of args) {
      const required = isNonNullType(a.type) && a.defaultValue === undefined;
      if (!(required ? !chance(0.02) : chance(0.5))) continue;
      let value = inputValue(a.type, a.name, 0);
      if (a.name === 'first' && chance(0.7)) value = pick([0, 1, 2, 5]);
      if (chance(0.6)) {
        const name = `v${counter++}`;
        // Now and then declare the variable with another type than the argument's.
        const declared = chance(0.03) ? pick(['String', 'Int', 'Boolean', '[String]']) : typeString(a.type);
        const withDefault = chance(0.1) && value !== null;
        if (withDefault) {
          variableDefs.push(`$${name}: ${declared} = ${print(literal(value))}`);
        } else {
          variableDefs.push(`$${name}: ${declared}`);
          variables[name] = json(value);
        }
        parts.push(`${a.name}: $${name}`);
      } else {
        parts.push(`${a.name}: ${print(literal(value))}`);
      }
    }
    return parts.length ? `(${parts.join(', ')})` : '';
  };

  const directives = (): string => {
    if (!chance(0.05)) return '';
    const d = pick(['include', 'skip']);
    if (chance(0.5)) return ` @${d}(if: ${chance(0.5)})`;
    const name = `v${counter++}`;
    variableDefs.push(`$${name}: Boolean!`);
    variables[name] = chance(0.5);
    return ` @${d}(if: $${name})`;
  };

  const selectionOf = (type: GraphQLNamedType, depth: number): string => {
    if (isLeafType(type)) return '';
    if (isUnionType(type) || isInterfaceType(type)) {
      const members = schema.getPossibleTypes(type);
      const chosen = members.filter(() => chance(0.5)).slice(0, 3);
      return `{ __typename ${chosen.map((m) => `... on ${m.name} ${selectionOf(m, depth)}`).join(' ')} }`;
    }
    const object = type as GraphQLObjectType;
    const fields = Object.values(object.getFields());
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)) && !f.args.some(requiredArg));
    const count = 1 + Math.floor(random() * Math.min(4, fields.length));
    const parts: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const f = depth >= maxDepth && leaves.length ? pick(leaves) : pick(fields);
      parts.push(fieldSelection(f, depth + 1, chance(0.08)));
    }
    if (chance(0.1)) parts.push('__typename');
    let body = parts.join(' ');
    if (chance(0.08)) body = `... on ${object.name} { ${body} }`;
    if (chance(0.08)) {
      const name = `F${counter++}`;
      fragments.push(`fragment ${name} on ${object.name} { ${body} }`);
      body = `...${name}`;
    }
    return `{ ${body} }`;
  };

  const requiredArg = (a: GraphQLArgument) => isNonNullType(a.type) && a.defaultValue === undefined;

  const fieldSelection = (f: GraphQLField<unknown, unknown>, depth: number, alias: boolean): string => {
    const named = getNamedType(f.type);
    const sub = isLeafType(named) ? '' : ` ${selectionOf(named, depth)}`;
    return `${alias ? `a${counter++}: ` : ''}${f.name}${argumentsOf(f.args)}${directives()}${sub}`;
  };

  const mutation = schema.getMutationType();
  const root = mutation && chance(0.35) ? mutation : schema.getQueryType()!;
  const rootFields = Object.values(root.getFields());
  const n = 1 + (chance(0.3) ? Math.floor(random() * 3) : 0);
  const selections: string[] = [];
  for (let i = 0; i < n; i += 1) selections.push(fieldSelection(pick(rootFields), 1, i > 0 || chance(0.1)));
  const keyword = root === mutation ? 'mutation' : 'query';
  const head = variableDefs.length ? `${keyword} Fuzz(${variableDefs.join(', ')})` : `${keyword} Fuzz`;
  const query = [`${head} { ${selections.join(' ')} }`, ...fragments].join('\n');
  return { query, variables, sentStrings };
}

/** What is never allowed in an answer (after removing what the caller sent, which may be echoed). */
export const LEAK_PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ['stack trace', /\n\s+at\s|\bat\s+\S+\s+\([^)]*:\d+:\d+\)/],
  ['file path', /(?:\/work\/|\/home\/|\/usr\/|node_modules|\/src\/\S+\.[tj]s|\.[tj]s:\d+)/],
  ['connection error', /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|socket hang up|fetch failed/i],
  ['internal URL', /https?:\/\/(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1\]|[a-z0-9-]+\.svc)(?::\d+)?/i],
  [
    'SQL',
    /\b(?:SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM)\b|syntax error at or near|violates (?:not-null|foreign key|unique|check) constraint|invalid input syntax for type|invalid byte sequence|duplicate key value|relation "[^"]+" does not exist|QueryFailedError/i,
  ],
  ['exception name', /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|QueryFailedError):/],
];

export type FuzzProblemKind = 'http-5xx' | 'internal-error' | 'leak' | 'not-json';

export interface FuzzProblem {
  kind: FuzzProblemKind;
  detail: string;
  role: string;
  query: string;
  variables: Record<string, unknown>;
  status: number;
  body: string;
}

export interface FuzzReport {
  operations: number;
  /** Answers with HTTP status ≥ 500. */
  http5xx: number;
  /** Answers carrying an INTERNAL_SERVER_ERROR (or code-less) error. */
  internalErrors: number;
  /** Answers whose errors show internals. */
  leaks: number;
  notJson: number;
  /** HTTP status → count. */
  byStatus: Record<string, number>;
  /** extensions.code → count (every error of every answer). */
  byCode: Record<string, number>;
  /** Answers with data and no error. */
  clean: number;
  problems: FuzzProblem[];
  elapsedMs: number;
}

/** Classify one answer; `sent` strings are removed before looking for leaks. */
export function problemsOf(
  status: number,
  text: string,
  sent: readonly string[],
): Array<[FuzzProblemKind, string]> {
  const out: Array<[FuzzProblemKind, string]> = [];
  if (status >= 500) out.push(['http-5xx', `HTTP ${status}`]);
  let body: { errors?: Array<{ message?: string; extensions?: { code?: string } }> } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    out.push(['not-json', text.slice(0, 200)]);
    return out;
  }
  for (const e of body?.errors ?? []) {
    const code = e.extensions?.code;
    if (!code || code === 'INTERNAL_SERVER_ERROR')
      out.push(['internal-error', `${code ?? 'no code'}: ${e.message}`]);
  }
  let errorsText = JSON.stringify(body?.errors ?? []);
  const echoes = [...new Set(sent)]
    .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)])
    .filter((s) => s.length >= 3)
    .sort((a, b) => b.length - a.length);
  for (const s of echoes) errorsText = errorsText.split(s).join('');
  for (const [what, pattern] of LEAK_PATTERNS) {
    const m = pattern.exec(errorsText);
    if (m) out.push(['leak', `${what}: …${errorsText.slice(Math.max(0, m.index - 60), m.index + 80)}…`]);
  }
  return out;
}

export interface FuzzOptions {
  seed: number;
  operations: number;
  url: string;
  /** role label → bearer token (undefined: anonymous). */
  tokens: Record<string, string | undefined>;
  pools?: ValuePools;
  concurrency?: number;
  /** Extra headers every request carries. */
  headers?: Record<string, string>;
  /** Problems kept in the report (all are counted). */
  keepProblems?: number;
  onProgress?: (done: number) => void;
}

/** Send `operations` random operations through `url` and count what must never happen. */
export async function runFuzz(schema: GraphQLSchema, options: FuzzOptions): Promise<FuzzReport> {
  const random = seededRandom(options.seed);
  const roles = Object.keys(options.tokens);
  const report: FuzzReport = {
    operations: 0,
    http5xx: 0,
    internalErrors: 0,
    leaks: 0,
    notJson: 0,
    byStatus: {},
    byCode: {},
    clean: 0,
    problems: [],
    elapsedMs: 0,
  };
  const started = Date.now();
  // Generate everything first so the run does not depend on response timing.
  const planned = Array.from({ length: options.operations }, () => ({
    role: roles[Math.floor(random() * roles.length)]!,
    op: generateOperation(schema, random, { pools: options.pools }),
  }));
  let next = 0;
  const worker = async () => {
    while (next < planned.length) {
      const { role, op } = planned[next++]!;
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        ...(options.headers ?? {}),
      };
      const token = options.tokens[role];
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(options.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: op.query, variables: op.variables }),
      });
      const text = await res.text();
      report.operations += 1;
      report.byStatus[res.status] = (report.byStatus[res.status] ?? 0) + 1;
      try {
        const body = JSON.parse(text) as {
          data?: unknown;
          errors?: Array<{ extensions?: { code?: string } }>;
        };
        for (const e of body.errors ?? []) {
          const code = e.extensions?.code ?? 'none';
          report.byCode[code] = (report.byCode[code] ?? 0) + 1;
        }
        if (!body.errors?.length && body.data) report.clean += 1;
      } catch {
        // counted as not-json below
      }
      const found = problemsOf(res.status, text, op.sentStrings);
      const kinds = new Set(found.map(([kind]) => kind));
      // Counted per answer: one answer with two internal errors is one internal-error answer.
      if (kinds.has('http-5xx')) report.http5xx += 1;
      if (kinds.has('internal-error')) report.internalErrors += 1;
      if (kinds.has('leak')) report.leaks += 1;
      if (kinds.has('not-json')) report.notJson += 1;
      for (const [kind, detail] of found) {
        if (report.problems.length < (options.keepProblems ?? 50)) {
          report.problems.push({
            kind,
            detail,
            role,
            query: op.query,
            variables: op.variables,
            status: res.status,
            body: text.slice(0, 2000),
          });
        }
      }
      options.onProgress?.(report.operations);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  report.elapsedMs = Date.now() - started;
  return report;
}

/** Argument and input-field names whose pools `collectPools` fills from a running platform. */
export function poolsFrom(entries: Record<string, Array<string | null | undefined>>): ValuePools {
  const byName: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(entries)) {
    byName[name] = [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))];
  }
  return { byName };
}
