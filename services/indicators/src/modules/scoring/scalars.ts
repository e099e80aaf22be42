import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { Decimal } from '@smss/money';
import { SCORE_SCALE, toScoreString } from './score';

/** What a five-place score or weight accepts on input: NUMERIC(8,5), at most five decimals, no rounding. */
export const SCORE_PATTERN = /^-?\d{1,3}(\.\d{1,5})?$/;
/** What a result, target or threshold accepts: NUMERIC(20,5). */
export const QUANTITY_PATTERN = /^-?\d{1,15}(\.\d{1,5})?$/;

/**
 * An input that is not a valid decimal string (a JSON number above all). The scalars do not throw while
 * parsing — Apollo Server would report a literal as GRAPHQL_VALIDATION_FAILED and a variable as HTTP 400 —
 * they hand this marker on, and the zod schema at the edge (which wants a string) refuses it with
 * BAD_USER_INPUT, the field's path and a Thai message, like any other bad input.
 */
export class RejectedNumber {
  constructor(readonly raw: string) {}
}

const rejected = (value: unknown) =>
  new RejectedNumber(typeof value === 'string' ? value : (JSON.stringify(value) ?? typeof value));

/** The canonical text of a quantity: no exponent, no trailing zeros ("87.50000" → "87.5"). */
export function toQuantityString(value: string | Decimal): string {
  const d = new Decimal(value);
  return (d.isZero() ? new Decimal(0) : d).toFixed();
}

function decimalScalar(options: {
  name: string;
  description: string;
  pattern: RegExp;
  canonical: (text: string) => string;
}) {
  const parse = (value: unknown) =>
    typeof value === 'string' && options.pattern.test(value) ? options.canonical(value) : rejected(value);
  return new GraphQLScalarType<string | RejectedNumber, string>({
    name: options.name,
    description: options.description,
    serialize(value: unknown): string {
      // PostgreSQL NUMERIC arrives as a string; a JS number here is a programming error.
      if (typeof value === 'string' || Decimal.isDecimal(value)) return options.canonical(String(value));
      throw new TypeError(`${options.name} fields must resolve to decimal strings, never ${typeof value}`);
    },
    parseValue: parse,
    parseLiteral(ast: ValueNode) {
      if (ast.kind === Kind.STRING) return parse(ast.value);
      return rejected(ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? Number(ast.value) : ast.kind);
    },
  });
}

export const ScoreScalar = decimalScalar({
  name: 'Score',
  description: `A score or weight: a decimal string with exactly ${SCORE_SCALE} places, e.g. "3.42857".`,
  pattern: SCORE_PATTERN,
  canonical: toScoreString,
});

export const QuantityScalar = decimalScalar({
  name: 'Quantity',
  description: 'An exact decimal value with up to five places as a string, e.g. "87.5".',
  pattern: QUANTITY_PATTERN,
  canonical: toQuantityString,
});
