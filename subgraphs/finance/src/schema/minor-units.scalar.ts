import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/** Largest amount a MinorUnits value may carry (2^53 − 1: integer arithmetic stays exact). */
const MAX = Number.MAX_SAFE_INTEGER;

function check(value: unknown): number {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,16}$/.test(text) || Number(text) > MAX) {
    throw new GraphQLError(
      `MinorUnits must be a string of digits (integer minor units ≥ 0); got ${JSON.stringify(value)}`,
    );
  }
  return Number(text);
}

/**
 * Integer minor units (fen) as a digit string ("9989" = ¥99.89) in service operations, so amounts
 * are not capped by GraphQL's 32-bit `Int`; services receive a safe integer.
 */
export const MinorUnitsScalar = new GraphQLScalarType<number, string>({
  name: 'MinorUnits',
  description: 'An amount in integer minor units (fen) as a string of digits, e.g. "9989" for 99.89.',
  serialize: (value) => String(check(value)),
  parseValue: check,
  parseLiteral(ast: ValueNode) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('MinorUnits must be a string of digits');
    return check(ast.value);
  },
  extensions: { codegenScalarType: 'string' },
});
