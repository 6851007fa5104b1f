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
  type VariableDefinitionNode,
} from 'graphql';

/** Name of the variable carrying the event's subject id in the rewritten query. */
export const SUBJECT_VARIABLE = '__subjectId';

/** Alias prefix of the subjects in a batched re-read: `__s0`, `__s1`, … */
export const BATCH_ALIAS = '__s';

/** The query that re-reads one event's subject with the subscriber's selection. */
export interface ResolveQuery {
  /** Printed query text: `query($__subjectId: ID!, …) { <key>: <byIdQuery>(id: $__subjectId) <selection> }`. */
  query: string;
  /**
   * The query re-reading `n` subjects at once (several events, one execution):
   * `__s<i>: <byIdQuery>(id: $__subjectId<i>) <selection>` for i < n. The query planner fetches
   * them together (one call per subgraph), so a burst of events costs one re-read, not one each.
   */
  batchQuery(n: number): string;
  /** The subscriber's variables the selection uses (the subject id is added per event). */
  variables: Record<string, unknown>;
  /** Key of the root field in the response (the subscription field's alias or name). */
  responseKey: string;
}

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

function usedFragments(selection: SelectionSetNode, all: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
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
): ResolveQuery {
  if (!root.selectionSet) throw new GraphQLError(`Subscription field "${root.name.value}" needs a selection`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const spread = usedFragments(root.selectionSet, fragments);
  const used = usedVariables(root.selectionSet, spread);
  // The subscriber's variable definitions the selection uses (the subject ids are added per query).
  const kept = (operation.variableDefinitions ?? []).filter((d) => used.has(d.variable.name.value));
  const subjectDefinition = (name: string): VariableDefinitionNode => ({
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } },
    type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } } },
  });
  const subjectField = (alias: string, variable: string): FieldNode => ({
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: alias },
    name: { kind: Kind.NAME, value: byIdQuery },
    arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'id' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: variable } } }],
    directives: [],
    selectionSet: root.selectionSet,
  });
  const printQuery = (nameSuffix: string, subjects: VariableDefinitionNode[], fields: FieldNode[]) =>
    print({
      kind: Kind.DOCUMENT,
      definitions: [
        {
          kind: Kind.OPERATION_DEFINITION,
          operation: 'query' as OperationDefinitionNode['operation'],
          name: operation.name ? { kind: Kind.NAME, value: `${operation.name.value}${nameSuffix}` } : undefined,
          variableDefinitions: [...subjects, ...kept],
          directives: [],
          selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
        },
        ...spread,
      ],
    });
  const responseKey = root.alias?.value ?? root.name.value;
  const batches = new Map<number, string>();
  const batchQuery = (n: number): string => {
    let text = batches.get(n);
    if (!text) {
      const indexes = [...Array(n).keys()];
      text = printQuery(
        `Events${n}`,
        indexes.map((i) => subjectDefinition(`${SUBJECT_VARIABLE}${i}`)),
        indexes.map((i) => subjectField(`${BATCH_ALIAS}${i}`, `${SUBJECT_VARIABLE}${i}`)),
      );
      batches.set(n, text);
    }
    return text;
  };
  const values: Record<string, unknown> = {};
  for (const name of used) if (variables[name] !== undefined) values[name] = variables[name];
  return {
    query: printQuery('Event', [subjectDefinition(SUBJECT_VARIABLE)], [subjectField(responseKey, SUBJECT_VARIABLE)]),
    variables: values,
    responseKey,
    batchQuery,
  };
}
