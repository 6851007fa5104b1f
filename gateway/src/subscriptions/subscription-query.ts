import { randomBytes } from 'node:crypto';
import {
  GraphQLError,
  Kind,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type TypeNode,
  type VariableDefinitionNode,
} from 'graphql';

/** Name of the variable carrying the event's subject id in the rewritten query. */
export const SUBJECT_VARIABLE = '__subjectId';

/** Alias prefix of the subjects in a batched re-read: `__s0`, `__s1`, … */
export const BATCH_ALIAS = '__s';

/**
 * Operation name prefix of batched re-reads, random per process so no client can name an
 * operation after it: a batch multiplies the aliases and cost of a selection that already passed
 * the operation limits at subscribe time, so the limits exempt it (see `isBatchedReRead`).
 */
const BATCH_OPERATION_PREFIX = `ReRead${randomBytes(12).toString('hex')}x`;

/**
 * True for a batched re-read built by `buildResolveQuery` in this process (exempt from the alias
 * and cost limits).
 */
export function isBatchedReRead(document: DocumentNode): boolean {
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) return def.name?.value.startsWith(BATCH_OPERATION_PREFIX) ?? false;
  }
  return false;
}

/** The query that re-reads one event's subject with the subscriber's selection. */
export interface ResolveQuery {
  /**
   * Printed query text:
   * `query($__subjectId: ID!, …) { <key>: <byIdQuery>(id: $__subjectId) <selection> }`.
   */
  query: string;
  /**
   * The query re-reading several subjects at once (a burst of events, one execution). With a
   * by-ids query field: `__s: <byIdsQuery>(ids: $__subjectIds) <selection>`, which the query
   * planner resolves with one call per subgraph. Without one: `__s<i>: <byIdQuery>(id:
   * $__subjectId<i>) <selection>` per subject (one execution; entity fetches per alias).
   */
  batch(ids: readonly string[]): ResolveBatch;
  /** The subscriber's variables the selection uses (the subject id is added per event). */
  variables: Record<string, unknown>;
  /** Key of the root field in the response (the subscription field's alias or name). */
  responseKey: string;
}

/** One batched re-read: its text and subject variables, and where each subject's result sits. */
export interface ResolveBatch {
  query: string;
  /** The subject ids as variables (add the plan's `variables`). */
  variables: Record<string, unknown>;
  /** Response path of subject `i`'s result, e.g. `['__s', 3]` or `['__s3']`. */
  pathOf(i: number): (string | number)[];
}

/** Names of the variables a selection uses, in it or in the fragments it spreads. */
function usedVariables(selection: SelectionSetNode, fragments: FragmentDefinitionNode[]): Set<string> {
  const names = new Set<string>();
  const collect = (node: SelectionSetNode | FragmentDefinitionNode) =>
    visit(node, {
      Variable(v) {
        names.add(v.name.value);
      },
    });
  collect(selection);
  for (const f of fragments) collect(f);
  return names;
}

/** The fragment definitions a selection spreads, directly or through other fragments. */
function usedFragments(
  selection: SelectionSetNode,
  all: Map<string, FragmentDefinitionNode>,
): FragmentDefinitionNode[] {
  const seen = new Map<string, FragmentDefinitionNode>();
  const walk = (node: SelectionSetNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const def = all.get(name);
        if (def && !seen.has(name)) {
          seen.set(name, def);
          walk(def);
        }
      },
    });
  walk(selection);
  return [...seen.values()];
}

/** `ID!`, the type of every subject id variable. */
const ID: TypeNode = {
  kind: Kind.NON_NULL_TYPE,
  type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } },
};

/** What every re-read of one subscription shares: the selection, its fragments and its variables. */
interface ReReadShape {
  selectionSet: SelectionSetNode;
  /** The subscriber's variable definitions the selection uses (the subject ids are added per query). */
  kept: VariableDefinitionNode[];
  /** The fragments the selection spreads, directly or through other fragments. */
  spread: FragmentDefinitionNode[];
}

/** `$<variable>: <type>` */
function variableDefinition(variable: string, type: TypeNode): VariableDefinitionNode {
  return {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: variable } },
    type,
  };
}

/** `<alias>: <query>(<argument>: $<variable>) <the subscriber's selection>` */
function subjectField(shape: ReReadShape, alias: string, query: string, argument: string, variable: string): FieldNode {
  return {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: alias },
    name: { kind: Kind.NAME, value: query },
    arguments: [
      {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: argument },
        value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: variable } },
      },
    ],
    directives: [],
    selectionSet: shape.selectionSet,
  };
}

/** Prints the query `name(<subjects>, <kept variables>) { <fields> }` followed by the spread fragments. */
function printReRead(
  shape: ReReadShape,
  name: string | undefined,
  subjects: VariableDefinitionNode[],
  fields: FieldNode[],
): string {
  return print({
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: 'query' as OperationDefinitionNode['operation'],
        name: name ? { kind: Kind.NAME, value: name } : undefined,
        variableDefinitions: [...subjects, ...shape.kept],
        directives: [],
        selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
      },
      ...shape.spread,
    ],
  });
}

/**
 * The batched re-reads of one subscription, each text printed once and remembered: one by-ids
 * field when the subgraph offers one, else one aliased by-id field per subject (per batch size).
 */
function batchBuilder(
  shape: ReReadShape,
  operation: OperationDefinitionNode,
  byIdQuery: string,
  byIdsQuery: string | undefined,
): (ids: readonly string[]) => ResolveBatch {
  const batchName = (n: number | string) =>
    `${BATCH_OPERATION_PREFIX}${n}${operation.name ? `_${operation.name.value}` : ''}`;
  const texts = new Map<number, string>();
  return (ids) => {
    if (byIdsQuery) {
      const variable = `${SUBJECT_VARIABLE}s`;
      let text = texts.get(0);
      if (!text) {
        const list: TypeNode = { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.LIST_TYPE, type: ID } };
        texts.set(
          0,
          (text = printReRead(
            shape,
            batchName('list'),
            [variableDefinition(variable, list)],
            [subjectField(shape, BATCH_ALIAS, byIdsQuery, 'ids', variable)],
          )),
        );
      }
      return { query: text, variables: { [variable]: ids }, pathOf: (i) => [BATCH_ALIAS, i] };
    }
    const n = ids.length;
    let text = texts.get(n);
    if (!text) {
      const indexes = [...Array(n).keys()];
      text = printReRead(
        shape,
        batchName(n),
        indexes.map((i) => variableDefinition(`${SUBJECT_VARIABLE}${i}`, ID)),
        indexes.map((i) => subjectField(shape, `${BATCH_ALIAS}${i}`, byIdQuery, 'id', `${SUBJECT_VARIABLE}${i}`)),
      );
      texts.set(n, text);
    }
    return {
      query: text,
      variables: Object.fromEntries(ids.map((id, i) => [`${SUBJECT_VARIABLE}${i}`, id])),
      pathOf: (i) => [`${BATCH_ALIAS}${i}`],
    };
  };
}

/**
 * Turns a validated single-field subscription into the query the gateway runs for each event:
 * the root field becomes `byIdQuery(id: $__subjectId)` under the same response key, with the
 * subscriber's selection, the fragments it spreads and the variables it uses. Running it through
 * the gateway applies every subgraph's row scope to the subscriber, exactly as HTTP does.
 */
export function buildResolveQuery(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  root: FieldNode,
  byIdQuery: string,
  variables: Readonly<Record<string, unknown>> = {},
  /**
   * Query field taking `ids: [ID!]!` returning the subjects in order (nulls allowed); batches use
   * it when given.
   */
  byIdsQuery?: string,
): ResolveQuery {
  if (!root.selectionSet)
    throw new GraphQLError(`Subscription field "${root.name.value}" needs a selection`, {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const spread = usedFragments(root.selectionSet, fragments);
  const used = usedVariables(root.selectionSet, spread);
  const kept = (operation.variableDefinitions ?? []).filter((d) => used.has(d.variable.name.value));
  const shape: ReReadShape = { selectionSet: root.selectionSet, kept, spread };
  const responseKey = root.alias?.value ?? root.name.value;
  const values: Record<string, unknown> = {};
  for (const name of used) if (variables[name] !== undefined) values[name] = variables[name];
  return {
    query: printReRead(
      shape,
      operation.name ? `${operation.name.value}Event` : undefined,
      [variableDefinition(SUBJECT_VARIABLE, ID)],
      [subjectField(shape, responseKey, byIdQuery, 'id', SUBJECT_VARIABLE)],
    ),
    variables: values,
    responseKey,
    batch: batchBuilder(shape, operation, byIdQuery, byIdsQuery),
  };
}
