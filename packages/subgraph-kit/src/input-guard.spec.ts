import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { badCharacter, checkLiterals, checkVariables } from './input-guard.js';

const schema = buildSchema(`
  scalar DateTimeISO
  input Filter { search: String, from: DateTimeISO, ids: [ID!], share: Float }
  type Query { items(first: Int, filter: Filter): Int }
`);
const op = (query: string) => {
  const document = parse(query);
  return { document, operation: document.definitions[0] as Parameters<typeof checkVariables>[1] };
};
const code = (err: { extensions: Record<string, unknown> } | null) => err?.extensions.code ?? null;

describe('badCharacter', () => {
  it('finds NUL and lone surrogates, accepts pairs and ordinary text', () => {
    expect(badCharacter('a\u0000b')).toBe('a NUL character');
    expect(badCharacter('a\ud800')).toBe('a lone UTF-16 surrogate');
    expect(badCharacter('\udc00z')).toBe('a lone UTF-16 surrogate');
    expect(badCharacter('😀 茶 %_')).toBeNull();
  });
});

describe('checkVariables', () => {
  const { operation } = op('query ($f: Filter, $n: Int, $x: [String]) { items(first: $n, filter: $f) }');
  it('refuses bad strings anywhere (typed or not), huge Ints, infinite numbers and invalid dates', () => {
    expect(code(checkVariables(schema, operation, { f: { search: 'a\u0000' } }))).toBe('BAD_USER_INPUT');
    expect(code(checkVariables(schema, operation, { f: { ids: ['ok', '\ud800'] } }))).toBe('BAD_USER_INPUT');
    expect(code(checkVariables(schema, operation, { undeclared: { deep: ['\u0000'] } }))).toBe('BAD_USER_INPUT');
    expect(code(checkVariables(schema, operation, { n: 2 ** 31 }))).toBe('BAD_USER_INPUT');
    expect(code(checkVariables(schema, operation, { f: { share: Infinity } }))).toBe('BAD_USER_INPUT');
    expect(code(checkVariables(schema, operation, { f: { from: 'not-a-date' } }))).toBe('BAD_USER_INPUT');
    expect(checkVariables(schema, operation, { f: { from: 'not-a-date' } })!.extensions.field).toBe('$f.from');
  });
  it('lets ordinary input through', () => {
    expect(
      checkVariables(schema, operation, {
        n: 20,
        f: { search: '牛奶', from: '2026-01-01T00:00:00Z', ids: ['a'], share: 0.9 },
      }),
    ).toBeNull();
  });
});

describe('checkLiterals', () => {
  it('refuses NUL escapes, out-of-range Ints, infinite Floats and invalid dates in the document', () => {
    expect(code(checkLiterals(schema, op('{ items(filter: { search: "a\\u0000" }) }').document))).toBe(
      'BAD_USER_INPUT',
    );
    expect(code(checkLiterals(schema, op('{ items(first: 99999999999) }').document))).toBe('BAD_USER_INPUT');
    expect(code(checkLiterals(schema, op('{ items(filter: { share: 1e400 }) }').document))).toBe('BAD_USER_INPUT');
    expect(code(checkLiterals(schema, op('{ items(filter: { from: "yesterday" }) }').document))).toBe('BAD_USER_INPUT');
    expect(
      code(checkLiterals(schema, op('query ($f: Filter = { search: "\\u0000" }) { items(filter: $f) }').document)),
    ).toBe('BAD_USER_INPUT');
  });
  it('lets ordinary literals through', () => {
    expect(
      checkLiterals(
        schema,
        op('{ items(first: 5, filter: { search: "茶", from: "2026-01-01T00:00:00Z", share: 0.5 }) }').document,
      ),
    ).toBeNull();
  });
});
