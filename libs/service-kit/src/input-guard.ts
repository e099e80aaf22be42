import { Kind, type DocumentNode, type FieldNode, type SelectionSetNode, type ValueNode } from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { AppError, type FieldProblem } from '@smss/core';

/**
 * The one input sanitiser of the platform, run by the gateway before planning and by every
 * subgraph before executing: no string in an argument or input field (literal or variable) may
 * hold C0 control characters other than TAB, LF and CR (a NUL reaches PostgreSQL as "invalid byte
 * sequence"), lone UTF-16 surrogates (not text; the driver would turn them into U+FFFD), or more
 * than `maxStringLength` UTF-16 units. Thai text, combining marks and emoji pass.
 * Fields whose name ends in `Base64` (file content sent in a mutation) have no length limit here:
 * the HTTP body limit bounds them.
 */
export interface InputGuardOptions {
  maxStringLength: number;
}

export const DEFAULT_MAX_STRING_LENGTH = 10_000;

export type StringProblem = 'control' | 'surrogate' | 'length';

/** The first problem of one string, or undefined when it is acceptable. */
export function stringProblem(value: string, maxLength: number | undefined): StringProblem | undefined {
  if (maxLength !== undefined && value.length > maxLength) return 'length';
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return 'control';
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'surrogate';
      i += 1;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return 'surrogate';
    }
  }
  return undefined;
}

const unlimited = (key: string) => key.endsWith('Base64');

const describe = (problem: StringProblem, path: string, length: number, max: number): FieldProblem => {
  switch (problem) {
    case 'control':
      return {
        field: path,
        messageEn: `${path} contains a control character (such as NUL) that text may not hold`,
        messageTh: `ข้อความใน ${path} มีอักขระควบคุม (เช่น NUL) ที่ไม่อนุญาต`,
      };
    case 'surrogate':
      return {
        field: path,
        messageEn: `${path} contains a broken Unicode character (a lone surrogate)`,
        messageTh: `ข้อความใน ${path} มีอักขระ Unicode ที่ไม่สมบูรณ์ (surrogate เดี่ยว)`,
      };
    case 'length':
      return {
        field: path,
        messageEn: `${path} is ${length} characters long; the limit is ${max}`,
        messageTh: `ข้อความใน ${path} ยาว ${length} ตัวอักษร เกินกำหนด ${max} ตัวอักษร`,
      };
  }
};

/**
 * Every string problem in an operation's literal arguments and in its variables, with the path of
 * the value: `createSchool.input.nameTh` for a literal, `$input.lines[2].description` for a variable.
 */
export function inspectOperationInput(
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  options: InputGuardOptions = { maxStringLength: DEFAULT_MAX_STRING_LENGTH },
  maxProblems = 10,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const max = options.maxStringLength;
  const check = (value: string, path: string, key: string) => {
    if (problems.length >= maxProblems) return;
    const limit = unlimited(key) ? undefined : max;
    const problem = stringProblem(value, limit);
    if (problem) problems.push(describe(problem, path, value.length, max));
  };

  const walkValue = (value: unknown, path: string, key: string, depth: number): void => {
    if (problems.length >= maxProblems || depth > 64) return;
    if (typeof value === 'string') check(value, path, key);
    else if (Array.isArray(value)) value.forEach((v, i) => walkValue(v, `${path}[${i}]`, key, depth + 1));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        check(k, `${path} (a key)`, k);
        walkValue(v, `${path}.${k}`, k, depth + 1);
      }
    }
  };
  for (const [name, value] of Object.entries(variables ?? {})) walkValue(value, `$${name}`, name, 0);

  const walkLiteral = (node: ValueNode, path: string, key: string): void => {
    if (node.kind === Kind.STRING) check(node.value, path, key);
    else if (node.kind === Kind.LIST) node.values.forEach((v, i) => walkLiteral(v, `${path}[${i}]`, key));
    else if (node.kind === Kind.OBJECT) {
      for (const f of node.fields) walkLiteral(f.value, `${path}.${f.name.value}`, f.name.value);
    }
  };
  const walkSet = (set: SelectionSetNode, seen: Set<SelectionSetNode>): void => {
    if (seen.has(set)) return;
    seen.add(set);
    for (const s of set.selections) {
      for (const d of s.directives ?? []) {
        for (const a of d.arguments ?? [])
          walkLiteral(a.value, `@${d.name.value}.${a.name.value}`, a.name.value);
      }
      if (s.kind === Kind.FIELD) walkField(s, seen);
      else if (s.kind === Kind.INLINE_FRAGMENT) walkSet(s.selectionSet, seen);
    }
  };
  const walkField = (field: FieldNode, seen: Set<SelectionSetNode>): void => {
    const name = field.alias?.value ?? field.name.value;
    for (const a of field.arguments ?? []) walkLiteral(a.value, `${name}.${a.name.value}`, a.name.value);
    if (field.selectionSet) walkSet(field.selectionSet, seen);
  };
  const seen = new Set<SelectionSetNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION || def.kind === Kind.FRAGMENT_DEFINITION) {
      if (def.kind === Kind.OPERATION_DEFINITION) {
        for (const v of def.variableDefinitions ?? []) {
          if (v.defaultValue) walkLiteral(v.defaultValue, `$${v.variable.name.value}`, v.variable.name.value);
        }
      }
      walkSet(def.selectionSet, seen);
    }
  }
  return problems;
}

/** The BAD_USER_INPUT error (HTTP 400) for the problems `inspectOperationInput` found. */
export function inputProblemError(problems: FieldProblem[]): AppError {
  const first = problems[0]!;
  const more = problems.length > 1;
  return new AppError(
    'BAD_USER_INPUT',
    more ? `${first.messageEn} (and ${problems.length - 1} more)` : first.messageEn,
    more ? `${first.messageTh} และอีก ${problems.length - 1} รายการ` : first.messageTh,
    { problems, http: { status: 400 } },
  );
}

/** Refuses an operation whose input breaks the rules above, before anything is planned or run. */
export function inputGuardPlugin<C extends BaseContext = BaseContext>(
  options: InputGuardOptions = { maxStringLength: DEFAULT_MAX_STRING_LENGTH },
  onReject?: () => void,
): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const problems = inspectOperationInput(document, request.variables, options);
          if (problems.length) {
            onReject?.();
            throw inputProblemError(problems);
          }
        },
      };
    },
  };
}
