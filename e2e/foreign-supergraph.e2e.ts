import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { freePort, NODE_FLAGS, startProcess, waitFor, type ManagedProcess } from '@dnp/runner';
import { GraphQLError, parse, type GraphQLFormattedError } from 'graphql';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/platform.js';

/**
 * The gateway runs any supergraph (design gateway.md §2): four small subgraphs written here (a library
 * with books, films, authors, stock, prices and reviews; nothing of the platform), composed with
 * @apollo/composition. Our gateway process (its platform features detached: no partner key lookup, no
 * `login`, no event feed) and plain @apollo/gateway in an ApolloServer answer the same queries, and the
 * answers must be equal. No platform boot.
 */

const FED = (imports: string[]) =>
  `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ${JSON.stringify(imports)})`;

interface BookRow {
  id: string;
  isbn: string;
  edition: number;
  title: string;
  weightGrams: number;
  authorId: string;
}
const BOOKS: BookRow[] = [
  { id: 'b1', isbn: '978-0441', edition: 1, title: 'Dune', weightGrams: 520, authorId: 'a1' },
  { id: 'b2', isbn: '978-0441', edition: 2, title: 'Dune', weightGrams: 480, authorId: 'a1' },
  { id: 'b3', isbn: '978-0141', edition: 1, title: 'Emma', weightGrams: 310, authorId: 'a2' },
];
const FILMS = [{ id: 'f1', title: 'Alien', minutes: 117 }];
const AUTHORS = [
  { id: 'a1', name: 'Frank Herbert' },
  { id: 'a2', name: 'Jane Austen' },
];
const REVIEWS = [
  { id: 'r1', mediaId: 'b1', body: 'Spice.', stars: 5, authorId: 'a2' },
  { id: 'r2', mediaId: 'f1', body: 'In space no one can hear you scream.', stars: 4, authorId: 'a1' },
  { id: 'r3', mediaId: 'b3', body: 'Matchmaking.', stars: 3, authorId: 'a1' },
];

const bookByKey = (ref: { id?: string; isbn?: string; edition?: number }) =>
  BOOKS.find((b) => (ref.id !== undefined ? b.id === ref.id : b.isbn === ref.isbn && b.edition === ref.edition));

/** catalog: books (two keys, one compound), films, authors; the Media entity interface; a search union. */
const catalog = {
  typeDefs: `${FED(['@key', '@shareable'])}
    type Query {
      books: [Book!]!
      book(isbn: String!, edition: Int!): Book
      media: [Media!]!
      search(term: String!): [SearchResult!]!
      lostBook: Book
    }
    interface Media @key(fields: "id") { id: ID! title: String! }
    type Book implements Media @key(fields: "id") @key(fields: "isbn edition") {
      id: ID! isbn: String! edition: Int! title: String! @shareable weightGrams: Int! author: Author!
    }
    type Film implements Media @key(fields: "id") { id: ID! title: String! minutes: Int! }
    type Author @key(fields: "id") { id: ID! name: String! @shareable books: [Book!]! }
    union SearchResult = Book | Film | Author`,
  resolvers: {
    Query: {
      books: () => BOOKS,
      book: (_: unknown, a: { isbn: string; edition: number }) => bookByKey(a) ?? null,
      media: () => [...BOOKS.map((b) => ({ ...b, kind: 'Book' })), ...FILMS.map((f) => ({ ...f, kind: 'Film' }))],
      search: (_: unknown, { term }: { term: string }) => {
        const t = term.toLowerCase();
        return [
          ...BOOKS.filter((b) => b.title.toLowerCase().includes(t)).map((b) => ({ ...b, kind: 'Book' })),
          ...FILMS.filter((f) => f.title.toLowerCase().includes(t)).map((f) => ({ ...f, kind: 'Film' })),
          ...AUTHORS.filter((x) => x.name.toLowerCase().includes(t)).map((x) => ({ ...x, kind: 'Author' })),
        ];
      },
      lostBook: () => {
        throw new GraphQLError('The book is lost', { extensions: { code: 'BOOK_LOST' } });
      },
    },
    Media: {
      __resolveType: (m: { kind?: string; __typename?: string }) => m.kind ?? m.__typename,
      __resolveReference: (ref: { id: string }) => {
        const book = BOOKS.find((b) => b.id === ref.id);
        if (book) return { ...book, __typename: 'Book' };
        const film = FILMS.find((f) => f.id === ref.id);
        return film ? { ...film, __typename: 'Film' } : null;
      },
    },
    SearchResult: { __resolveType: (m: { kind: string }) => m.kind },
    Book: {
      __resolveReference: (ref: { id?: string; isbn?: string; edition?: number }) => bookByKey(ref),
      author: (b: BookRow) => AUTHORS.find((x) => x.id === b.authorId),
    },
    Film: { __resolveReference: (ref: { id: string }) => FILMS.find((f) => f.id === ref.id) },
    Author: {
      __resolveReference: (ref: { id: string }) => AUTHORS.find((x) => x.id === ref.id),
      books: (x: { id: string }) => BOOKS.filter((b) => b.authorId === x.id),
    },
  },
};

/** stock: warehouses holding lists of books; a shipping cost that @requires the catalog's weight. */
const stock = {
  typeDefs: `${FED(['@key', '@external', '@requires'])}
    type Query { warehouses: [Warehouse!]! }
    type Warehouse { name: String! books: [Book!]! }
    type Book @key(fields: "isbn edition") {
      isbn: String! edition: Int! weightGrams: Int! @external
      inStock: Int!
      shippingCost: Int! @requires(fields: "weightGrams")
    }`,
  resolvers: {
    Query: {
      warehouses: () => [
        { name: 'North', keys: [BOOKS[0], BOOKS[2]] },
        { name: 'South', keys: [BOOKS[1]] },
      ],
    },
    Warehouse: {
      books: (w: { keys: BookRow[] }) => w.keys.map((b) => ({ isbn: b.isbn, edition: b.edition })),
    },
    Book: {
      __resolveReference: (ref: { isbn: string; edition: number; weightGrams?: number }) => ref,
      inStock: (b: { isbn: string; edition: number }) => {
        if (b.isbn === '978-0141')
          throw new GraphQLError('Stock count unavailable', { extensions: { code: 'STOCK_UNKNOWN' } });
        return b.edition * 7;
      },
      shippingCost: (b: { weightGrams: number }) => 100 + Math.ceil(b.weightGrams / 100) * 25,
    },
  },
};

/** pricing: prices of books (title @shareable with catalog) and films; deals are lists of entities. */
const pricing = {
  typeDefs: `${FED(['@key', '@shareable'])}
    type Query { deals(minPercent: Int = 0): [Deal!]! }
    type Deal { book: Book! percentOff: Int! }
    type Book @key(fields: "isbn edition") { isbn: String! edition: Int! title: String! @shareable price: Int! }
    type Film @key(fields: "id") { id: ID! price: Int! }`,
  resolvers: {
    Query: {
      deals: (_: unknown, { minPercent }: { minPercent: number }) =>
        [
          { book: BOOKS[1]!, percentOff: 10 },
          { book: BOOKS[2]!, percentOff: 25 },
        ].filter((d) => d.percentOff >= minPercent),
    },
    Book: {
      __resolveReference: (ref: { isbn: string; edition: number }) => bookByKey(ref),
      price: (b: BookRow) => 999 + b.edition * 100,
    },
    Film: { __resolveReference: (ref: { id: string }) => ref, price: () => 1499 },
  },
};

/**
 * reviews: adds `rating` and `reviews` to every Media through @interfaceObject; @provides the reviewer's
 * name; a union feed.
 */
const reviews = {
  typeDefs: `${FED(['@key', '@interfaceObject', '@external', '@provides', '@shareable'])}
    type Query { topReviews(limit: Int = 2): [Review!]! feed: [FeedItem!]! }
    type Media @key(fields: "id") @interfaceObject { id: ID! rating: Float reviews: [Review!]! }
    type Review { id: ID! body: String! stars: Int! reviewer: Author! @provides(fields: "name") media: Media! }
    type Author @key(fields: "id") { id: ID! name: String! @external }
    type Announcement { id: ID! text: String! }
    union FeedItem = Review | Announcement`,
  resolvers: {
    Query: {
      topReviews: (_: unknown, { limit }: { limit: number }) =>
        [...REVIEWS].sort((a, b) => b.stars - a.stars).slice(0, limit),
      feed: () => [REVIEWS[0], { id: 'n1', text: 'Open late on Fridays' }, REVIEWS[1]],
    },
    FeedItem: { __resolveType: (x: object) => ('text' in x ? 'Announcement' : 'Review') },
    Media: {
      __resolveReference: (ref: { id: string }) => ref,
      rating: (m: { id: string }) => {
        const stars = REVIEWS.filter((r) => r.mediaId === m.id).map((r) => r.stars);
        return stars.length ? stars.reduce((a, b) => a + b, 0) / stars.length : null;
      },
      reviews: (m: { id: string }) => REVIEWS.filter((r) => r.mediaId === m.id),
    },
    Review: {
      // Provided: the reviewer's name comes from here, without a catalog fetch.
      reviewer: (r: { authorId: string }) => AUTHORS.find((x) => x.id === r.authorId),
      media: (r: { mediaId: string }) => ({ id: r.mediaId }),
    },
  },
};

const SUBGRAPHS = { catalog, stock, pricing, reviews } as const;
type SubgraphName = keyof typeof SUBGRAPHS;

/**
 * The same ~20 operations sent to both gateways: nested, fragments on the interface and the union,
 * variables, errors.
 */
const QUERIES: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  { name: 'plain list', query: '{ books { id isbn edition title } }' },
  { name: 'compound key lookup', query: '{ book(isbn: "978-0441", edition: 2) { id title price inStock } }' },
  {
    name: 'variables on a compound key',
    query: `query B($isbn: String!, $edition: Int!) {
        book(isbn: $isbn, edition: $edition) { title weightGrams shippingCost } }`,
    variables: { isbn: '978-0441', edition: 1 },
  },
  { name: 'missing entity is null', query: '{ book(isbn: "000", edition: 9) { id title } }' },
  { name: '@requires across subgraphs', query: '{ books { title weightGrams shippingCost } }' },
  { name: 'list of entities to another subgraph', query: '{ warehouses { name books { title price } } }' },
  { name: '@requires from a list of entities', query: '{ warehouses { books { isbn edition shippingCost } } }' },
  {
    name: 'shareable field from either subgraph',
    query: '{ deals { percentOff book { title price author { name } } } }',
  },
  {
    name: 'default and given arguments',
    query: 'query D($min: Int) { all: deals { percentOff } some: deals(minPercent: $min) { book { id } } }',
    variables: { min: 20 },
  },
  {
    name: 'fragments on the interface',
    query: `{ media { __typename id title ...on Book { edition price } ...on Film { minutes price } } }`,
  },
  {
    name: '@interfaceObject fields on interface members',
    query: '{ media { id rating reviews { stars reviewer { name } } } }',
  },
  {
    name: 'interface from the interface object side',
    query: '{ topReviews(limit: 3) { id media { __typename id title ...on Book { author { name } } } } }',
  },
  { name: '@provides reviewer name', query: '{ topReviews { body reviewer { id name } } }' },
  {
    name: 'provided entity resolved further',
    query: '{ topReviews { reviewer { name books { title inStock } } } }',
  },
  {
    name: 'fragments on the union',
    query: `query S($t: String!) { search(term: $t) { __typename
      ...on Book { title price reviews { stars } }
      ...on Film { title price rating }
      ...on Author { name books { edition } } } }`,
    variables: { t: 'e' },
  },
  {
    name: "union of a subgraph's types",
    query: '{ feed { __typename ...on Review { stars media { title } } ...on Announcement { text } } }',
  },
  {
    name: 'named fragments nested',
    query: `fragment M on Media { id title rating } fragment B on Book { ...M author { name } }
      { books { ...B } media { ...M } }`,
  },
  { name: 'deep nesting', query: '{ books { author { books { author { books { title shippingCost } } } } } }' },
  { name: 'an error from a root field', query: '{ lostBook { id } books { id } }' },
  { name: 'an error inside an entity fetch', query: '{ warehouses { name books { title inStock } } }' },
  { name: 'typename and aliases', query: '{ __typename a: books { t: title } b: topReviews(limit: 1) { s: stars } }' },
];

/** A GraphQL answer over HTTP: the status and body. */
async function post(
  url: string,
  body: object,
): Promise<{ status: number; body: { data?: unknown; errors?: GraphQLFormattedError[] } }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: GraphQLFormattedError[] } };
}

/**
 * The answer as compared. Our gateway's always-on error masking (gateway/src/error-masking.ts) adds
 * `extensions.requestId` to each error (the id a client quotes to the operator) and leaves out
 * `extensions.serviceName` (which subgraph failed is the operator's business, logged with the request
 * id); data, messages, codes and paths must be equal.
 */
function comparable(body: { data?: unknown; errors?: GraphQLFormattedError[] }) {
  return {
    ...body,
    ...(body.errors
      ? {
          errors: body.errors.map((e) => {
            const { requestId: _requestId, serviceName: _serviceName, ...extensions } = e.extensions ?? {};
            return { ...e, extensions };
          }),
        }
      : {}),
  };
}

describe('the gateway on a foreign supergraph', () => {
  const servers = {} as Record<SubgraphName, { stop: () => Promise<void> }>;
  let plain: ApolloServer;
  let plainUrl: string;
  let ours: ManagedProcess;
  let ourUrl: string;
  let base: string;

  beforeAll(async () => {
    // The plain gateway reads its telemetry switch from the environment.
    process.env.APOLLO_TELEMETRY_DISABLED = 'true';
    const urls = {} as Record<SubgraphName, string>;
    for (const [name, sg] of Object.entries(SUBGRAPHS) as [SubgraphName, (typeof SUBGRAPHS)[SubgraphName]][]) {
      const server = new ApolloServer({
        schema: buildSubgraphSchema([{ typeDefs: parse(sg.typeDefs), resolvers: sg.resolvers as never }]),
        includeStacktraceInErrorResponses: false,
        plugins: [ApolloServerPluginInlineTraceDisabled()],
      });
      const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: await freePort() } });
      urls[name] = new URL('graphql', url).toString();
      servers[name] = server;
    }
    const composed = composeServices(
      (Object.keys(SUBGRAPHS) as SubgraphName[]).map((name) => ({
        name,
        url: urls[name],
        typeDefs: parse(SUBGRAPHS[name].typeDefs),
      })),
    );
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    const dir = mkdtempSync(join(tmpdir(), 'foreign-supergraph-'));
    const supergraphPath = join(dir, 'supergraph.graphql');
    writeFileSync(supergraphPath, composed.supergraphSdl);

    plain = new ApolloServer({
      gateway: new ApolloGateway({ supergraphSdl: composed.supergraphSdl }),
      includeStacktraceInErrorResponses: false,
    });
    plainUrl = (await startStandaloneServer(plain, { listen: { host: '127.0.0.1', port: await freePort() } })).url;

    const port = await freePort();
    ours = startProcess('gateway', process.execPath, [...NODE_FLAGS, join(ROOT, 'gateway', 'dist', 'main.js')], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(port),
        EXIT_WITH_PARENT: 'true',
        SUPERGRAPH_PATH: supergraphPath,
        // Stack traces off on both sides, so errors compare.
        HIDE_ERROR_DETAILS: 'true',
        READY_TIMEOUT_MS: '1000',
      },
      cwd: ROOT,
      logFile: join(dir, 'gateway.log'),
    });
    ourUrl = `http://127.0.0.1:${port}/graphql`;
    base = `http://127.0.0.1:${port}`;
    await waitFor(
      `our gateway (log: ${join(dir, 'gateway.log')})`,
      async () => {
        if (ours.child.exitCode !== null) throw new Error(`the gateway exited with ${ours.child.exitCode}`);
        return (await fetch(`${base}/readyz`)).ok;
      },
      // Seconds on an idle machine; a loaded CI box may take longer to load the gateway's modules.
      60_000,
      100,
    );
  }, 90_000);

  afterAll(async () => {
    await ours?.stop();
    await plain?.stop();
    await Promise.all(Object.values(servers).map((s) => s.stop().catch(() => undefined)));
  });

  it('is ready with every platform feature detached, and alive', async () => {
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as {
      schema: string;
      subgraphs: Record<string, string>;
      features: { attached: string[]; skipped: Record<string, string[]> };
    };
    expect(body.schema).toBe('loaded');
    expect(body.subgraphs).toEqual({ catalog: 'ok', pricing: 'ok', reviews: 'ok', stock: 'ok' });
    expect(body.features.attached).toEqual([]);
    expect(body.features.skipped['partner-keys']).toEqual(['Query.partnerKeyIdentity']);
    expect(body.features.skipped['login-throttle']).toEqual(['Mutation.login']);
    expect(Object.keys(body.features.skipped)).toContain('subscriptions');
    const live = await fetch(`${base}/livez`);
    expect(live.status).toBe(200);
    const liveBody = (await live.json()) as {
      status: string;
      heap: { usedBytes: number };
      eventLoopDelayMs: { p99: number };
    };
    expect(liveBody.status).toBe('ok');
    expect(liveBody.heap.usedBytes).toBeGreaterThan(0);
    expect(liveBody.eventLoopDelayMs.p99).toBeGreaterThanOrEqual(0);
  });

  it('answers every query as plain @apollo/gateway does', async () => {
    // All at once: the subgraphs hold no state a query changes.
    const answers = await Promise.all(
      QUERIES.map((q) => {
        const body = { query: q.query, ...(q.variables ? { variables: q.variables } : {}) };
        return Promise.all([post(ourUrl, body), post(plainUrl, body)]);
      }),
    );
    QUERIES.forEach((q, i) => {
      const [mine, theirs] = answers[i]!;
      expect(comparable(mine.body), q.name).toEqual(comparable(theirs.body));
      expect(mine.status, q.name).toBe(theirs.status);
    });
    // The comparison is not vacuous: data came back, and the two error cases carry their codes.
    const nested = await post(ourUrl, {
      query: QUERIES.find((q) => q.name === 'fragments on the union')!.query,
      variables: { t: 'e' },
    });
    expect(JSON.stringify(nested.body.data)).toContain('Frank Herbert');
    const lost = await post(ourUrl, { query: '{ lostBook { id } books { id } }' });
    expect(lost.body.errors?.map((e) => e.extensions?.code)).toEqual(['BOOK_LOST']);
    expect((lost.body.data as { books: unknown[] }).books).toHaveLength(3);
  });

  it('reports 503 naming the subgraph that stopped', async () => {
    await servers.reviews.stop();
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { failing: string[]; subgraphs: Record<string, string> };
    expect(body.failing).toEqual(['reviews']);
    expect(body.subgraphs.reviews).toBe('unreachable');
    expect(body.subgraphs.catalog).toBe('ok');
    // /health is the same answer under its older name.
    expect((await fetch(`${base}/health`)).status).toBe(503);
  });
});
