import { ApolloGateway } from '@apollo/gateway';
import { getOperationAST, parse, validate, type GraphQLSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkDocumentSize,
  createOperationLimits,
  DEFAULT_OPERATION_LIMITS,
  formatLimitError,
  LimitCode,
} from './operation-limits.js';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const manifests = ['storefront-dealer', 'console-hq'].map(
  (app) =>
    JSON.parse(readFileSync(root(`${app}/src/generated/persisted-documents.json`), 'utf8')) as Record<string, string>,
);
const documents = manifests.flatMap((m) => Object.values(m));
/** The largest page size an app asks for (console-hq AUDIT_PAGE_SIZE). */
const APP_MAX_PAGE = 25;

let gateway: ApolloGateway;
let schema: GraphQLSchema;
beforeAll(async () => {
  gateway = new ApolloGateway({ supergraphSdl: readFileSync(root('schema/supergraph.graphql'), 'utf8') });
  schema = (await gateway.load()).schema;
});
afterAll(() => gateway.stop());

/** The codes the limit rules and the cost check report for `query` with `variables`, as the client would see them. */
function codesOf(query: string, limits = DEFAULT_OPERATION_LIMITS, variables: Record<string, unknown> = {}): string[] {
  const size = checkDocumentSize(query, limits);
  if (size) return [String(size.extensions.code)];
  const { validationRules, checkCost } = createOperationLimits(limits);
  const document = parse(query);
  const errors = validate(schema, document, validationRules).map((e) =>
    String(formatLimitError(e.toJSON(), true).extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED'),
  );
  if (errors.length) return errors;
  const costly = checkCost(schema, document, getOperationAST(document)!, variables);
  return costly ? [String(costly.extensions.code)] : [];
}

describe('operation limits', () => {
  it('let every operation the apps registered through, with room to spare, at the largest page they may use', () => {
    expect(documents.length).toBeGreaterThan(20);
    const half = { ...DEFAULT_OPERATION_LIMITS };
    for (const key of Object.keys(half) as (keyof typeof half)[]) half[key] = Math.floor(half[key] / 2);
    // Half of each default still passes: the defaults have at least 2× headroom. `$first` is costed
    // at the largest page the apps send (the console's audit log, 25); omitted pages at the default.
    for (const doc of documents) {
      const variables = doc.includes('$first') ? { first: APP_MAX_PAGE } : {};
      expect({ doc: doc.slice(0, 80), codes: codesOf(doc, half, variables) }).toEqual({
        doc: doc.slice(0, 80),
        codes: [],
      });
    }
  });

  it('cost page sizes from variables and defaults as from literals', () => {
    const nested =
      'query ($n: Int) { dealers(first: $n) { edges { node { id orders(first: $n) { edges { node { ' +
      'id orderNumber } } } } } } }';
    expect(codesOf(nested.replace('query ($n: Int) ', '').replaceAll('$n', '100'))).toEqual([
      LimitCode.QUERY_TOO_COSTLY,
    ]);
    expect(codesOf(nested, DEFAULT_OPERATION_LIMITS, { n: 100 })).toEqual([LimitCode.QUERY_TOO_COSTLY]);
    expect(codesOf(nested.replace('$n: Int)', '$n: Int = 100)'))).toEqual([LimitCode.QUERY_TOO_COSTLY]);
    expect(codesOf(nested, DEFAULT_OPERATION_LIMITS, { n: 5 })).toEqual([]);
    const omitted =
      '{ dealers { edges { node { id orders { edges { node { id orderNumber status placedAt } } } } } } }';
    expect(codesOf(omitted)).toEqual([LimitCode.QUERY_TOO_COSTLY]);
    expect(codesOf(omitted.replaceAll('orders', 'orders(first: 3)').replace('dealers', 'dealers(first: 3)'))).toEqual(
      [],
    );
  });

  it('remember a cost per parsed operation and page-size values, never across values that cost differently', () => {
    // Apollo reuses one parsed document per query string: the remembered answers must equal fresh ones.
    const query =
      'query ($n: Int = 100, $q: String) { dealers(first: $n, filter: { search: $q }) { edges { ' +
      'node { id orders(first: $n) { edges { node { id orderNumber } } } } } } }';
    const { checkCost } = createOperationLimits(DEFAULT_OPERATION_LIMITS);
    const document = parse(query);
    const code = (variables: Record<string, unknown>) =>
      checkCost(schema, document, getOperationAST(document)!, variables)?.extensions.code ?? null;
    const fresh = (variables: Record<string, unknown>) => {
      const own = parse(query);
      return (
        createOperationLimits(DEFAULT_OPERATION_LIMITS).checkCost(schema, own, getOperationAST(own)!, variables)
          ?.extensions.code ?? null
      );
    };
    // An explicit null (no page size) and an omitted $n (its default 100) are different keys;
    // $q feeds no page size; 'many' is left to execution and never remembered as cheap.
    const sequence = [
      { n: 5, q: 'a' },
      { n: null },
      {},
      { n: null },
      { n: 5, q: 'b' },
      { n: 100, q: 'a' },
      { n: 'many' },
      { n: 100 },
      { n: 5 },
    ];
    const remembered = sequence.map(code);
    expect(remembered).toEqual(sequence.map(fresh));
    expect(new Set(remembered)).toEqual(new Set([null, LimitCode.QUERY_TOO_COSTLY]));
  });

  it('refuse a too-deep, aliased, directive-heavy, costly, long or token-heavy operation with its own code', () => {
    const deep = `{ ${'regions { children { '.repeat(9)} id ${'} '.repeat(18)}}`;
    expect(codesOf(deep)).toContain(LimitCode.QUERY_TOO_DEEP);
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expect(codesOf(aliases)).toEqual([LimitCode.TOO_MANY_ALIASES]);
    const directives = `{ me { ${Array.from({ length: 21 }, () => 'id @include(if: true)').join(' ')} } }`;
    expect(codesOf(directives)).toEqual([LimitCode.TOO_MANY_DIRECTIVES]);
    const costly =
      '{ dealers(first: 100) { edges { node { id name parent { id name children { id name code ' +
      'children { id name code children { id name code children { id name } } } } } } } } }';
    expect(codesOf(costly)).toEqual([LimitCode.QUERY_TOO_COSTLY]);
    expect(codesOf(`{ me { id } } ${'#'.repeat(DEFAULT_OPERATION_LIMITS.maxCharacters)}`)).toEqual([
      LimitCode.QUERY_TOO_LONG,
    ]);
    expect(codesOf(`{ me { ${'id '.repeat(DEFAULT_OPERATION_LIMITS.maxTokens)} } }`)).toEqual([
      LimitCode.TOO_MANY_TOKENS,
    ]);
  });

  it('exempt only the documents the exemption names (batched subscription re-reads), whatever they are called', () => {
    const aliases = `query Batch { ${Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const { validationRules } = createOperationLimits(
      DEFAULT_OPERATION_LIMITS,
      (doc) => doc.loc?.source.body === aliases,
    );
    expect(validate(schema, parse(aliases), validationRules)).toEqual([]);
    const other = aliases.replace('Batch', 'Other');
    expect(
      validate(schema, parse(other), validationRules).map((e) =>
        String(formatLimitError(e.toJSON(), true).extensions?.code),
      ),
    ).toEqual([LimitCode.TOO_MANY_ALIASES]);
  });

  it('let a partner page through 100 items with some nesting', () => {
    expect(
      codesOf(
        '{ promotions(first: 100) { edges { node { id code type spendTiers { threshold { amount } ' +
          'discount { amount } } } } } }',
      ),
    ).toEqual([]);
    expect(
      codesOf('{ products(first: 100) { edges { node { id sku name brand { id name } category { id name } } } } }'),
    ).toEqual([]);
  });

  it('hide field suggestions and stack traces only when asked', () => {
    const [error] = validate(schema, parse('{ me { usernme } }'));
    const formatted = { ...error!.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['at x'] } };
    expect(formatted.message).toMatch(/Did you mean "username"\?/);
    expect(formatLimitError(formatted, true)).toEqual({
      ...formatted,
      message: 'Cannot query field "usernme" on type "User".',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(formatLimitError(formatted, false)).toEqual(formatted);
  });
});
