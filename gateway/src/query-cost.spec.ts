import { buildSchema, getOperationAST, parse } from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, FIELD_COSTS, operationCost } from './query-cost.js';

const schema = buildSchema(`
  type Query {
    dealers(first: Int, after: String): DealerConnection! me: User search(first: Int = 50): [Item!]! node: Node
  }
  type Mutation { login(name: String): User }
  type DealerConnection { edges: [DealerEdge!]! totalCount: Int! }
  type DealerEdge { node: Dealer! }
  interface Node { id: ID! }
  type Dealer implements Node {
    id: ID! name: String! orders(first: Int, last: Int): OrderConnection! children: [Dealer!]!
  }
  type OrderConnection { edges: [OrderEdge!]! }
  type OrderEdge { node: Order! }
  type Order { id: ID! }
  type Item { id: ID! }
  type User { id: ID! }
`);

/** The cost of `query` with `variables`, coerced as execution would. */
function cost(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw coerced.errors[0];
  return operationCost(schema, document, operation, coerced.coerced);
}

// edges { node { id } }: node = 2 + 1.5 × 1 = 3.5; edges = 2 + 1.5 × 3.5 = 7.25.
const EDGES = 'edges { node { id } }';
const page = (n: number) => (2 + 1.5 * 7.25) * n;

describe('operationCost', () => {
  it('costs 1 per leaf and 2 per object, children ×1.5, and nothing for introspection', () => {
    expect(cost('{ me { id } }')).toBe(2 + 1.5);
    expect(cost('{ __schema { types { name fields { name type { ofType { ofType { name } } } } } } }')).toBe(0);
  });

  it('multiplies a subtree by a literal, a variable or a variable default alike', () => {
    expect(cost(`{ dealers(first: 10) { ${EDGES} } }`)).toBe(page(10));
    expect(cost(`query ($n: Int) { dealers(first: $n) { ${EDGES} } }`, { n: 10 })).toBe(page(10));
    expect(cost(`query ($n: Int = 10) { dealers(first: $n) { ${EDGES} } }`)).toBe(page(10));
  });

  it('costs an omitted or null page argument at the schema default, else at the default page size', () => {
    expect(cost(`{ dealers { ${EDGES} } }`)).toBe(page(DEFAULT_PAGE_SIZE));
    expect(cost(`query ($n: Int) { dealers(first: $n) { ${EDGES} } }`)).toBe(page(DEFAULT_PAGE_SIZE));
    expect(cost('{ search { id } }')).toBe((2 + 1.5) * 50);
    expect(cost('{ search(first: 2) { id } }')).toBe((2 + 1.5) * 2);
  });

  it('takes the larger of first and last, at least 1, and 1 for lists without a page argument', () => {
    const orders = (args: string) => cost(`{ dealers(first: 1) { edges { node { orders${args} { ${EDGES} } } } } }`);
    expect(orders('(first: 3, last: 7)')).toBe(orders('(last: 7)'));
    expect(orders('(first: 0)')).toBe(orders('(first: 1)'));
    expect(cost('{ dealers(first: 1) { edges { node { children { id } } } } }')).toBe(
      (2 + 1.5 * (2 + 1.5 * (2 + 1.5 * (2 + 1.5)))) * 1,
    );
  });

  it('counts nested pages multiplied, the inner page inside the outer one', () => {
    const nested = (n: number) =>
      cost(`query ($n: Int) { dealers(first: $n) { edges { node { orders(first: $n) { ${EDGES} } } } } }`, { n });
    expect(nested(100) / nested(10)).toBeGreaterThan(90);
  });

  it('counts fragments and inline fragments as the fields they hold, each spread in full', () => {
    const plain = cost(`{ dealers(first: 5) { ${EDGES} } }`);
    expect(
      cost(
        `query ($n: Int) { ...Q } fragment Q on Query { dealers(first: $n) { ...E } } fragment E ` +
          `on DealerConnection { ${EDGES} }`,
        { n: 5 },
      ),
    ).toBe(plain);
    expect(cost(`{ ... on Query { dealers(first: 5) { ... { ${EDGES} } } } }`)).toBe(plain);
    expect(cost(`{ a: dealers(first: 5) { ${EDGES} } b: dealers(first: 5) { ${EDGES} } }`)).toBe(2 * plain);
    expect(cost(`{ node { ... on Dealer { orders(first: 4) { ${EDGES} } } } }`)).toBe(2 + 1.5 * page(4));
  });

  it('ignores @skip and @include (counted as included)', () => {
    expect(cost(`{ dealers(first: 5) @skip(if: true) { ${EDGES} } }`)).toBe(cost(`{ dealers(first: 5) { ${EDGES} } }`));
  });

  it('stays linear when fragments spread fragments many times', () => {
    const levels = Array.from(
      { length: 30 },
      (_, i) => `fragment F${i} on Dealer { id ${i < 29 ? `...F${i + 1} ...F${i + 1}` : ''} }`,
    ).join(' ');
    const started = Date.now();
    expect(cost(`{ dealers(first: 1) { edges { node { ...F0 } } } } ${levels}`)).toBeGreaterThan(1e9);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('declared field costs (FIELD_COSTS)', () => {
  const finance = buildSchema(`
    type Query { statements(first: Int): StatementConnection! }
    type StatementConnection { edges: [StatementEdge!]! }
    type StatementEdge { node: Statement! }
    type Statement { id: ID! pdf: StatementPdf! }
    type StatementPdf { fileName: String! base64: String! }
  `);
  const costOf = (query: string) => {
    const document = parse(query);
    return operationCost(finance, document, getOperationAST(document)!, {});
  };

  it('weighs Statement.pdf at 100 instead of 2, per statement of the page', () => {
    expect(FIELD_COSTS['Statement.pdf']).toBe(100);
    // pdf = 100 + 1.5 × 2 = 103 (a plain object would be 2 + 3 = 5).
    const withPdf = costOf('{ statements(first: 10) { edges { node { id pdf { fileName base64 } } } } }');
    const withoutPdf = costOf('{ statements(first: 10) { edges { node { id } } } }');
    // Each node's pdf adds 1.5 × 103 to the node, 1.5 × that to the edge, times the page of 10.
    expect(withPdf - withoutPdf).toBeCloseTo(1.5 * 1.5 * 1.5 * 103 * 10);
  });
});
