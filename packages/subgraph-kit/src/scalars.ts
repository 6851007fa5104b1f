import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { isBusinessDate, isBusinessMonth } from './business-time.js';

/**
 * Business calendar scalars. Documents carry business dates and months (the brand's time zone, see
 * `business-time.ts`) as strings; these scalars keep them strings on the wire and refuse anything
 * that is not a real calendar value, so `2026-02-30` or `2026-13` never reaches a service.
 */

function stringScalar(name: string, description: string, valid: (text: string) => boolean, shape: string) {
  const check = (value: unknown): string => {
    if (typeof value !== 'string' || !valid(value)) {
      throw new GraphQLError(`${name} must be ${shape}; got ${JSON.stringify(value)}`);
    }
    return value;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: check,
    parseValue: check,
    parseLiteral(ast: ValueNode) {
      if (ast.kind !== Kind.STRING) throw new GraphQLError(`${name} must be a string (${shape})`);
      return check(ast.value);
    },
    extensions: { codegenScalarType: 'string' },
  });
}

/** A business date `YYYY-MM-DD` in the brand's time zone (no time, no offset): due dates, value dates. */
export const LocalDateScalar = stringScalar(
  'LocalDate',
  "A calendar date `YYYY-MM-DD` in the brand's business time zone, without time or offset.",
  isBusinessDate,
  'a date YYYY-MM-DD',
);

/** A business month `YYYY-MM` in the brand's time zone: a statement period. */
export const YearMonthScalar = stringScalar(
  'YearMonth',
  "A calendar month `YYYY-MM` in the brand's business time zone: a statement or accounting period.",
  isBusinessMonth,
  'a month YYYY-MM',
);
