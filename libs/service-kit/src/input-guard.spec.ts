import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSchema, parse } from 'graphql';
import {
  DEFAULT_MAX_STRING_LENGTH,
  inputGuardPlugin,
  inspectOperationInput,
  stringProblem,
} from './input-guard';

describe('stringProblem', () => {
  it('accepts Thai with combining marks, emoji, RTL text, TAB, LF and CR', () => {
    for (const ok of ['โรงเรียนบ้านหนองผักบุ้ง', 'น้ำ่ใจ', '👩🏽‍🏫 ครู 🇹🇭', 'مدرسة', 'a\tb\nc\r\nd', '']) {
      expect(stringProblem(ok, DEFAULT_MAX_STRING_LENGTH)).toBeUndefined();
    }
  });

  it('refuses NUL and the other C0 control characters', () => {
    expect(stringProblem('abc\u0000', 100)).toBe('control');
    expect(stringProblem('\u001b[31m', 100)).toBe('control');
    expect(stringProblem('\u000b', 100)).toBe('control');
  });

  it('refuses lone surrogates, leading or trailing', () => {
    expect(stringProblem('a\ud800b', 100)).toBe('surrogate');
    expect(stringProblem('a\udc00', 100)).toBe('surrogate');
    expect(stringProblem('\ud83d', 100)).toBe('surrogate');
  });

  it('refuses strings over the length limit', () => {
    expect(stringProblem('x'.repeat(11), 10)).toBe('length');
    expect(stringProblem('x'.repeat(10), 10)).toBeUndefined();
  });
});

describe('inspectOperationInput', () => {
  it('names the path of a bad literal and of a bad variable', () => {
    const doc = parse(
      'mutation($input: In!) { createSchool(input: { nameTh: "ok", tags: ["a", "b\\u0000"] }) { id } other: createSchool(input: $input) { id } }',
    );
    const problems = inspectOperationInput(doc, { input: { nameTh: 'ดี', lines: [{ note: 'x\ud800' }] } });
    expect(problems.map((p) => p.field).sort()).toEqual([
      '$input.lines[0].note',
      'createSchool.input.tags[1]',
    ]);
    for (const p of problems) expect(p.messageTh).toContain(p.field);
  });

  it('checks variable defaults, directive arguments and fragments', () => {
    const doc = parse(
      'query($q: String = "\\u0001") { ...F } fragment F on Query { search(q: "\\u0002") @include(if: true) { id } }',
    );
    expect(
      inspectOperationInput(doc, {})
        .map((p) => p.field)
        .sort(),
    ).toEqual(['$q', 'search.q']);
  });

  it('lets file content sent as base64 exceed the string limit, but not hold control characters', () => {
    const doc = parse('mutation($input: In!) { importStudents(input: $input) { rowsRead } }');
    const big = 'QUJD'.repeat(50_000);
    expect(inspectOperationInput(doc, { input: { contentBase64: big } })).toEqual([]);
    expect(inspectOperationInput(doc, { input: { fileName: big } })).toHaveLength(1);
    expect(inspectOperationInput(doc, { input: { contentBase64: `${big}\u0000` } })).toHaveLength(1);
  });
});

describe('inputGuardPlugin', () => {
  let resolved = 0;
  const server = new ApolloServer({
    schema: buildSchema('type Query { echo(text: String!): String! }'),
    rootValue: {
      echo: ({ text }: { text: string }) => {
        resolved += 1;
        return text;
      },
    },
    plugins: [ApolloServerPluginInlineTraceDisabled(), inputGuardPlugin()],
  });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('refuses a NUL in a variable with BAD_USER_INPUT, HTTP 400 and a Thai message, resolving nothing', async () => {
    const res = await server.executeOperation({
      query: 'query($t: String!) { echo(text: $t) }',
      variables: { t: 'a\u0000b' },
    });
    expect(res.http.status).toBe(400);
    const body = res.body.kind === 'single' ? res.body.singleResult : undefined;
    expect(body?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body?.errors?.[0]?.extensions?.messageTh).toBe('ข้อความใน $t มีอักขระควบคุม (เช่น NUL) ที่ไม่อนุญาต');
    expect(resolved).toBe(0);
  });

  it('passes Thai text and emoji through unchanged', async () => {
    const text = 'สวัสดี 👋🏽 ครับ';
    const res = await server.executeOperation({
      query: 'query($t: String!) { echo(text: $t) }',
      variables: { t: text },
    });
    const body = res.body.kind === 'single' ? res.body.singleResult : undefined;
    expect(body?.errors).toBeUndefined();
    expect(body?.data).toEqual({ echo: text });
  });
});
