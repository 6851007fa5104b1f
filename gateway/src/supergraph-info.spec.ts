import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SupergraphInfo } from './supergraph-info.js';

const REAL = readFileSync(fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url)), 'utf8');

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@interfaceObject", "@inaccessible"])`;

/** A small foreign supergraph: two subgraphs, a compound key, @requires, @shareable, @interfaceObject. */
function foreignSupergraph(): string {
  const result = composeServices([
    {
      name: 'books',
      url: 'http://127.0.0.1:9001/graphql',
      typeDefs: parse(`${LINK}
        type Query { book(isbn: String!, edition: Int!): Book  shelves: [Shelf!]! }
        type Book @key(fields: "isbn edition") {
          isbn: String! edition: Int! title: String! @shareable secret: String @inaccessible
        }
        interface Media @key(fields: "id") { id: ID! }
        type Shelf implements Media @key(fields: "id") { id: ID! }
      `),
    },
    {
      name: 'reviews',
      url: 'http://127.0.0.1:9002/graphql',
      typeDefs: parse(`${LINK}
        type Book @key(fields: "isbn edition") {
          isbn: String! edition: Int! title: String! @external stars: Int blurb: String @requires(fields: "title")
        }
        type Media @key(fields: "id") @interfaceObject { id: ID! likes: Int! }
        type Mutation { like(id: ID!): Int! }
      `),
    },
  ]);
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

describe('SupergraphInfo', () => {
  it('reads the platform supergraph: subgraphs, URLs and which subgraph resolves a field', () => {
    const info = SupergraphInfo.parse(REAL);
    expect(info.subgraphs()).toEqual([
      'dealers',
      'finance',
      'inventory',
      'orders',
      'pricing',
      'products',
      'traceability',
    ]);
    expect(info.url('dealers')).toBe('http://127.0.0.1:4002/graphql');
    expect(info.hasField('Query', 'partnerKeyIdentity')).toBe(true);
    expect(info.fieldOwners('Query', 'partnerKeyIdentity')).toEqual(['dealers']);
    expect(info.fieldOwners('Query', 'sessionStatuses')).toEqual(['dealers']);
    expect(info.hasField('Mutation', 'login', 'dealers')).toBe(true);
    expect(info.hasField('Mutation', 'login', 'orders')).toBe(false);
    expect(info.hasField('Subscription', 'stockChanged')).toBe(true);
    expect(info.hasField('Query', 'noSuchField')).toBe(false);
    expect(info.hasField('NoSuchType', 'id')).toBe(false);
    // @inaccessible types and fields are part of what the gateway knows (the API schema hides them).
    expect(info.fieldOwners('AuditEntryBatch', 'entries')).toHaveLength(7);
  });

  it('applies SUBGRAPH_URLS overrides and refuses one naming an unknown subgraph', () => {
    const info = SupergraphInfo.parse(REAL, { orders: 'http://10.0.0.5:9000/graphql' });
    expect(info.url('orders')).toBe('http://10.0.0.5:9000/graphql');
    expect(info.urlMap().dealers).toBe('http://127.0.0.1:4002/graphql');
    expect(() => SupergraphInfo.parse(REAL, { nope: 'http://x/graphql' })).toThrow(/"nope".*does not contain/);
    expect(() => info.url('nope')).toThrow(/no subgraph "nope"/);
  });

  it('reads a foreign supergraph: compound keys, external fields, @interfaceObject and @inaccessible', () => {
    const info = SupergraphInfo.parse(foreignSupergraph());
    expect(info.subgraphs()).toEqual(['books', 'reviews']);
    expect(info.url('reviews')).toBe('http://127.0.0.1:9002/graphql');
    // Key fields resolve in both; an @external field only where it is not external.
    expect(info.fieldOwners('Book', 'isbn').sort()).toEqual(['books', 'reviews']);
    expect(info.fieldOwners('Book', 'title')).toEqual(['books']);
    expect(info.fieldOwners('Book', 'blurb')).toEqual(['reviews']);
    expect(info.hasField('Book', 'secret', 'books')).toBe(true);
    // The interface object's field is the interface's in the supergraph.
    expect(info.fieldOwners('Media', 'likes')).toEqual(['reviews']);
    expect(info.hasField('Mutation', 'like')).toBe(true);
    expect(info.hasField('Mutation', 'login')).toBe(false);
    expect(info.hasField('Query', 'partnerKeyIdentity')).toBe(false);
    expect(info.hasSubgraph('dealers')).toBe(false);
  });

  it('refuses an SDL that is no supergraph', () => {
    expect(() => SupergraphInfo.parse('type Query { a: Int }')).toThrow(/no join__Graph enum/);
  });
});
