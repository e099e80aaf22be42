import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from '@smss/core';

const DECIMAL = /^-?\d{1,12}(\.\d{1,2})?$/;

function parse(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw badInput(
      `Decimal values are strings such as "32150.00", got ${JSON.stringify(value)}`,
      'ตัวเลขทศนิยมต้องส่งเป็นข้อความ เช่น "32150.00"',
    );
  }
  return value;
}

/** Money as a decimal string: never through a JS float. */
export const Decimal = new GraphQLScalarType({
  name: 'Decimal',
  description: 'A decimal number written as a string, e.g. "32150.00".',
  serialize: (value) => String(value),
  parseValue: parse,
  parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
});
