import { graphql, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LocalDateScalar, YearMonthScalar } from './scalars.js';

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      echo: {
        type: GraphQLString,
        args: { day: { type: LocalDateScalar }, month: { type: YearMonthScalar } },
        resolve: (_root, args: { day?: string; month?: string }) => `${args.day ?? '-'} ${args.month ?? '-'}`,
      },
    },
  }),
});

describe('LocalDate and YearMonth', () => {
  it('pass real calendar values through unchanged, as literals and variables', async () => {
    const literal = await graphql({ schema, source: '{ echo(day: "2028-02-29", month: "2026-12") }' });
    expect(literal).toEqual({ data: { echo: '2028-02-29 2026-12' } });
    const vars = await graphql({
      schema,
      source: 'query($d: LocalDate, $m: YearMonth) { echo(day: $d, month: $m) }',
      variableValues: { d: '2026-01-31', m: '2027-01' },
    });
    expect(vars).toEqual({ data: { echo: '2026-01-31 2027-01' } });
  });

  it.each([['2026-02-30'], ['2026-2-3'], ['20260203'], ['2026-02-03T00:00:00Z'], ['']])(
    'refuses the date %j',
    async (day) => {
      const r = await graphql({ schema, source: 'query($d: LocalDate) { echo(day: $d) }', variableValues: { d: day } });
      expect(r.errors?.[0]?.message).toContain('LocalDate must be a date YYYY-MM-DD');
    },
  );

  it.each([['2026-13'], ['2026-00'], ['2026-1'], ['0999-01']])('refuses the month %j', async (month) => {
    const r = await graphql({
      schema,
      source: 'query($m: YearMonth) { echo(month: $m) }',
      variableValues: { m: month },
    });
    expect(r.errors?.[0]?.message).toContain('YearMonth must be a month YYYY-MM');
  });

  it('refuses a number literal and serializes only valid values', async () => {
    const r = await graphql({ schema, source: '{ echo(day: 20260101) }' });
    expect(r.errors?.[0]?.message).toContain('LocalDate must be a string');
    expect(() => LocalDateScalar.serialize('2026-02-30')).toThrow(/LocalDate/);
    expect(YearMonthScalar.serialize('2026-02')).toBe('2026-02');
  });
});
