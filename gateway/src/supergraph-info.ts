import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type DefinitionNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type TypeNode,
} from 'graphql';

/**
 * What the gateway knows of its supergraph before Apollo plans over it: the subgraphs (name and URL
 * from the `join__Graph` enum) and which subgraph resolves which field (`@join__type`/`@join__field`),
 * `@inaccessible` fields included. Parsed once from the supergraph SDL; the platform features ask it
 * whether the graph has what they need (design gateway.md §1).
 */
export class SupergraphInfo {
  /** Subgraph name → URL, in the supergraph's order. */
  private readonly urls = new Map<string, string>();
  /** Type name → field name → the subgraphs that resolve it. */
  private readonly fields = new Map<string, Map<string, Set<string>>>();
  /** Type name → field name → the field's named type (lists and non-null unwrapped). */
  private readonly returns = new Map<string, Map<string, string>>();

  private constructor() {}

  /**
   * Reads a composed supergraph SDL; `overrides` (subgraph name → URL, from SUBGRAPH_URLS) replace the
   * URLs inside it. Throws when the SDL is no supergraph or an override names an unknown subgraph.
   */
  static parse(supergraphSdl: string, overrides: Readonly<Record<string, string>> = {}): SupergraphInfo {
    const info = new SupergraphInfo();
    const document = parse(supergraphSdl, { noLocation: true });
    const join = joinPrefix(document.definitions);
    const graphNames = info.readGraphs(document.definitions, join);
    if (info.urls.size === 0)
      throw new Error('The supergraph SDL has no join__Graph enum: is it a composed supergraph?');
    for (const [name, url] of Object.entries(overrides)) {
      if (!info.urls.has(name)) throw new Error(`SUBGRAPH_URLS names "${name}", which the supergraph does not contain`);
      info.urls.set(name, url);
    }
    for (const def of document.definitions) {
      if (
        def.kind !== Kind.OBJECT_TYPE_DEFINITION &&
        def.kind !== Kind.OBJECT_TYPE_EXTENSION &&
        def.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
        def.kind !== Kind.INTERFACE_TYPE_EXTENSION
      )
        continue;
      const typeGraphs = graphsOf(def.directives, `${join}__type`, graphNames);
      const byField = info.fields.get(def.name.value) ?? new Map<string, Set<string>>();
      info.fields.set(def.name.value, byField);
      const returns = info.returns.get(def.name.value) ?? new Map<string, string>();
      info.returns.set(def.name.value, returns);
      for (const field of def.fields ?? []) {
        returns.set(field.name.value, namedType(field.type));
        const owners = byField.get(field.name.value) ?? new Set<string>();
        for (const g of fieldGraphs(field, join, graphNames, typeGraphs)) owners.add(g);
        byField.set(field.name.value, owners);
      }
    }
    return info;
  }

  /** Fills the URLs from the `join__Graph` enum; returns enum value → subgraph name. */
  private readGraphs(definitions: readonly DefinitionNode[], join: string): Map<string, string> {
    return readGraphsInto(this.urls, definitions, join);
  }

  /** The subgraphs' names, in the supergraph's order. */
  subgraphs(): string[] {
    return [...this.urls.keys()];
  }

  /** True when the supergraph has a subgraph of this name. */
  hasSubgraph(name: string): boolean {
    return this.urls.has(name);
  }

  /** The subgraph's URL (overrides applied); throws for an unknown subgraph. */
  url(name: string): string {
    const url = this.urls.get(name);
    if (url === undefined) throw new Error(`The supergraph has no subgraph "${name}"`);
    return url;
  }

  /** Subgraph name → URL (overrides applied). */
  urlMap(): Record<string, string> {
    return Object.fromEntries(this.urls);
  }

  /** True when `type.field` exists (resolved by `subgraph` when given; by any subgraph otherwise). */
  hasField(type: string, field: string, subgraph?: string): boolean {
    const owners = this.fields.get(type)?.get(field);
    if (!owners) return false;
    return subgraph === undefined ? true : owners.has(subgraph);
  }

  /** The subgraphs resolving `type.field` (empty when the field does not exist). */
  fieldOwners(type: string, field: string): string[] {
    return [...(this.fields.get(type)?.get(field) ?? [])];
  }

  /** The named type `type.field` returns (lists and non-null unwrapped); undefined when the field does not exist. */
  fieldType(type: string, field: string): string | undefined {
    return this.returns.get(type)?.get(field);
  }

  /** The fields of `type` (empty when the type does not exist or is no object or interface). */
  fieldsOf(type: string): string[] {
    return [...(this.fields.get(type)?.keys() ?? [])];
  }
}

/** The named type of a type reference. */
function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/** The `join` spec's prefix: `join` unless its `@link` renames it with `as:`. */
function joinPrefix(definitions: readonly DefinitionNode[]): string {
  for (const def of definitions) {
    if (def.kind !== Kind.SCHEMA_DEFINITION && def.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const d of def.directives ?? []) {
      if (d.name.value !== 'link' && d.name.value !== 'core') continue;
      const url = stringArg(d, 'url') ?? stringArg(d, 'feature');
      if (url && /\/join\/v\d/.test(url)) return stringArg(d, 'as') ?? 'join';
    }
  }
  return 'join';
}

/** Fills `urls` from the `join__Graph` enum; returns enum value → subgraph name. */
function readGraphsInto(
  urls: Map<string, string>,
  definitions: readonly DefinitionNode[],
  join: string,
): Map<string, string> {
  const names = new Map<string, string>();
  for (const def of definitions) {
    if (def.kind !== Kind.ENUM_TYPE_DEFINITION || def.name.value !== `${join}__Graph`) continue;
    for (const value of def.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === `${join}__graph`);
      const name = graph && stringArg(graph, 'name');
      if (!name) continue;
      names.set(value.name.value, name);
      urls.set(name, stringArg(graph, 'url') ?? '');
    }
  }
  return names;
}

/**
 * The subgraphs resolving a field: its `@join__field(graph:)` entries that are not `external`;
 * without any graph-naming `@join__field`, every subgraph that defines its type.
 */
function fieldGraphs(
  field: FieldDefinitionNode | InputValueDefinitionNode,
  join: string,
  graphNames: Map<string, string>,
  typeGraphs: string[],
): string[] {
  const joins = (field.directives ?? []).filter((d) => d.name.value === `${join}__field`);
  const named = joins.filter((d) => enumArg(d, 'graph') !== undefined);
  if (named.length === 0) return typeGraphs;
  return named
    .filter((d) => !booleanArg(d, 'external'))
    .map((d) => graphNames.get(enumArg(d, 'graph')!))
    .filter((g): g is string => g !== undefined);
}

/** The subgraphs named by a type's `@join__type(graph:)` entries. */
function graphsOf(
  directives: readonly ConstDirectiveNode[] | undefined,
  name: string,
  graphNames: Map<string, string>,
): string[] {
  return (directives ?? [])
    .filter((d) => d.name.value === name)
    .map((d) => graphNames.get(enumArg(d, 'graph') ?? ''))
    .filter((g): g is string => g !== undefined);
}

function argValue(d: ConstDirectiveNode, name: string) {
  return d.arguments?.find((a) => a.name.value === name)?.value;
}

function stringArg(d: ConstDirectiveNode, name: string): string | undefined {
  const v = argValue(d, name);
  return v?.kind === Kind.STRING ? v.value : undefined;
}

function enumArg(d: ConstDirectiveNode, name: string): string | undefined {
  const v = argValue(d, name);
  return v?.kind === Kind.ENUM ? v.value : undefined;
}

function booleanArg(d: ConstDirectiveNode, name: string): boolean {
  const v = argValue(d, name);
  return v?.kind === Kind.BOOLEAN && v.value;
}
