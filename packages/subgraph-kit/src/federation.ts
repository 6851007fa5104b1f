import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { Kind, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type AuthChecker, type NonEmptyArray, type PubSub } from 'type-graphql';
import { assertEveryOperationAuthorized, authChecker } from './authorization.js';
import { AppError, UserInputError } from './errors.js';

/** The Federation 2 link every subgraph schema starts with. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@interfaceObject"])';

/** Code of the error a subgraph answers when asked for a subscription directly. */
export const SUBSCRIPTIONS_VIA_GATEWAY = 'SUBSCRIPTIONS_VIA_GATEWAY';

/** The error a subgraph answers when a Subscription field is called on it directly. */
export function subscriptionsViaGateway(): AppError {
  return new AppError(
    SUBSCRIPTIONS_VIA_GATEWAY,
    'Subscriptions are served by the gateway over graphql-ws at its /graphql endpoint, not by subgraphs',
  );
}

/**
 * `subscribe` option of a subgraph's `@Subscription` fields. A subgraph declares its
 * Subscription fields so composition puts them in the API schema, but the gateway serves them
 * from the event feed; a subgraph asked directly refuses.
 */
export function servedByGateway(): never {
  throw subscriptionsViaGateway();
}

// type-graphql refuses @Subscription fields without a PubSub; subgraphs never publish through it.
const NO_PUBSUB: PubSub = {
  publish() {
    throw subscriptionsViaGateway();
  },
  subscribe() {
    throw subscriptionsViaGateway();
  },
};

/** Resolves one entity representation (`{ __typename, id }`) to the subgraph's object. */
export type ReferenceResolver<C = unknown> = (reference: Record<string, unknown>, context: C) => unknown;

export interface FederatedSchemaOptions<C extends object> {
  /** type-graphql resolver classes. */
  resolvers: NonEmptyArray<Function>;
  /** Object types reachable only through entity references. */
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity type name; batch inside them with the request's loaders. */
  referenceResolvers?: Record<string, ReferenceResolver<C>>;
  /** Replaces the kit's role checker (tests only; production schemas use the kit's). */
  authChecker?: AuthChecker<C>;
  /**
   * Enums to mark `@inaccessible` (left out of the public API): type-graphql's `registerEnumType`
   * takes no directives, so an enum only service operations use is named here.
   */
  inaccessibleEnums?: string[];
}

/**
 * Builds a Federation 2 subgraph schema from type-graphql classes. type-graphql emits the SDL
 * with `@key`/`@shareable` directives from `@Directive`, and @apollo/subgraph turns it into a
 * subgraph (adding `_entities` and `_service`) wired to type-graphql's resolvers.
 *
 * Every query, mutation and subscription must carry `@Authorized(...)` (checked here, the build
 * fails otherwise); the kit's `authChecker` enforces the listed grants.
 *
 * Returns the schema and the subgraph SDL that composition reads.
 */
export async function buildFederatedSchema<C extends object>(
  opts: FederatedSchemaOptions<C>,
): Promise<{ schema: GraphQLSchema; sdl: string }> {
  assertEveryOperationAuthorized(opts.resolvers);
  const base = await buildSchema({
    resolvers: opts.resolvers,
    orphanedTypes: opts.orphanedTypes,
    authChecker: (opts.authChecker ?? authChecker) as AuthChecker<C>,
    pubSub: NO_PUBSUB,
    validate: false,
    skipCheck: true,
  });
  const sdl = markInaccessibleEnums(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(base)}`, opts.inaccessibleEnums);
  const typeDefs = parse(sdl);
  const keys = entityKeyFields(typeDefs);
  const resolvers = createResolversMap(base) as GraphQLResolverMap<C>;
  for (const [typeName, resolveReference] of Object.entries(opts.referenceResolvers ?? {})) {
    const existing = (resolvers[typeName] ?? {}) as Record<string, unknown>;
    const checked = scalarKeys(typeName, keys.get(typeName) ?? [], resolveReference);
    resolvers[typeName] = { ...existing, __resolveReference: checked } as never;
  }
  const schema = buildSubgraphSchema([{ typeDefs, resolvers }]);
  return { schema, sdl };
}

/** `sdl` with `@inaccessible` on each named enum's definition; an enum not in the schema is a mistake (throws). */
function markInaccessibleEnums(sdl: string, names: readonly string[] = []): string {
  let out = sdl;
  for (const name of names) {
    const definition = new RegExp(`^enum ${name} \\{`, 'm');
    if (!definition.test(out)) throw new Error(`inaccessibleEnums: the schema has no enum "${name}"`);
    out = out.replace(definition, `enum ${name} @inaccessible {`);
  }
  return out;
}

/** The top-level fields of each entity's `@key(fields: "…")` directives, by type name. */
function entityKeyFields(typeDefs: DocumentNode): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const def of typeDefs.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const directive of def.directives ?? []) {
      if (directive.name.value !== 'key') continue;
      const fields = directive.arguments?.find((a) => a.name.value === 'fields')?.value;
      if (fields?.kind !== Kind.STRING) continue;
      // Only top-level names: a nested key ("a { b }") keeps its object, which is not checked here.
      const names = fields.value
        .replace(/\{[^}]*\}/g, ' ')
        .split(/\s+/)
        .filter(Boolean);
      out.set(def.name.value, [...(out.get(def.name.value) ?? []), ...names]);
    }
  }
  return out;
}

/**
 * Wraps a reference resolver so a representation's key fields are strings or numbers: they end up
 * in SQL conditions (`where id in (…)`), where an object would be read as an operator
 * (`{ "$ne": null }`) or fail inside the driver. Representations come from the gateway or a
 * service caller, never a client, but a subgraph does not rely on that.
 */
function scalarKeys<C>(typeName: string, keys: readonly string[], resolve: ReferenceResolver<C>): ReferenceResolver<C> {
  if (!keys.length) return resolve;
  return (reference, context) => {
    for (const key of keys) {
      const value = reference[key];
      if (value != null && typeof value !== 'string' && typeof value !== 'number') {
        const message = `The ${typeName} representation's key "${key}" must be a string`;
        throw new UserInputError(message, `representations.${key}`);
      }
    }
    return resolve(reference, context);
  };
}
