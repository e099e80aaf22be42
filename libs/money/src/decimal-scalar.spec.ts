import { buildSchema, graphql, GraphQLError } from 'graphql';
import { AppError } from '@smss/core';
import { DecimalScalar, decimalArgument, RejectedDecimal } from './decimal-scalar';
import { money } from './money';

const schema = buildSchema(`
  scalar Decimal
  type Query { echo(amount: Decimal!): Decimal! total: Decimal! bad: Decimal! }
`);
Object.assign(schema.getType('Decimal')!, {
  serialize: DecimalScalar.serialize,
  parseValue: DecimalScalar.parseValue,
  parseLiteral: DecimalScalar.parseLiteral,
});
const rootValue = {
  echo: ({ amount }: { amount: unknown }) => decimalArgument(amount, 'amount'),
  total: () => money('1500.5'),
  bad: () => 12.5,
};
const run = (source: string, variableValues?: Record<string, unknown>) =>
  graphql({ schema, source, rootValue, variableValues });

describe('Decimal scalar', () => {
  it('takes and gives strings with exactly two decimals', async () => {
    const res = await run('query($a: Decimal!) { echo(amount: $a) total }', { a: '1500' });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ echo: '1500.00', total: '1500.50' });
    expect(DecimalScalar.parseValue('-12.5')).toBe('-12.50');
    expect(DecimalScalar.parseValue('999999999999.99')).toBe('999999999999.99');
  });

  it('refuses a JSON number in variables with BAD_USER_INPUT and a Thai message', async () => {
    const res = await run('query($a: Decimal!) { echo(amount: $a) }', { a: 12.5 });
    const error = res.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(String(error?.extensions?.messageTh)).toMatch(/จำนวนเงินต้องส่งเป็นข้อความ/);
  });

  it('refuses strings that are not two-decimal amounts of at most 12 digits', () => {
    for (const bad of ['12.345', '1,000', '1e5', '', ' 1', '1234567890123', '.5', 'NaN']) {
      const parsed = DecimalScalar.parseValue(bad);
      expect(parsed).toBeInstanceOf(RejectedDecimal);
      expect(() => decimalArgument(parsed, 'amount')).toThrow(AppError);
    }
  });

  it('makes a refused value unusable: turning it into text or JSON throws BAD_USER_INPUT', () => {
    const parsed = DecimalScalar.parseValue(12.5);
    expect(() => String(parsed)).toThrow(AppError);
    expect(() => JSON.stringify({ parsed })).toThrow(/not a valid Decimal/);
  });

  it('refuses an inline number literal at execution with BAD_USER_INPUT (not a validation error)', async () => {
    expect(DecimalScalar.parseLiteral({ kind: 'FloatValue', value: '12.5' } as never)).toBeInstanceOf(
      RejectedDecimal,
    );
    const res = await run('{ echo(amount: 12.5) }');
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'amount' }],
    });
    const text = await run('{ echo(amount: "7.1") }');
    expect(text.data).toEqual({ echo: '7.10' });
  });

  it('fails loudly when a resolver returns a JS number', async () => {
    const res = await run('{ bad }');
    expect(res.errors?.[0]).toBeInstanceOf(GraphQLError);
    expect(res.errors?.[0]?.message).toMatch(/never number/);
  });
});
