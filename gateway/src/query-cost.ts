import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { visit } from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';

/**
 * The page size a field with a `first`/`last` argument is costed at when the caller leaves the
 * argument out and the schema declares no default for it: every list of the API pages 20 items
 * by default (the kit's `PAGE_DEFAULT`), so an omitted `first` fetches 20, not 1.
 */
export const DEFAULT_PAGE_SIZE = 20;

/** Arguments that multiply the cost of a field's subtree by the page they ask for. */
export const PAGE_ARGUMENTS: readonly string[] = ['first', 'last'];

/** The weights of the cost: graphql-armor's cost rule's scale, so configured limits keep their meaning. */
export interface CostWeights {
  /** A leaf field (no selection). */
  scalar: number;
  /** A field with a selection, before its children. */
  object: number;
  /** Children count this many times their own cost (so deeper nesting weighs more). */
  depthFactor: number;
  /** Page size of an omitted `first`/`last` without a schema default. */
  defaultPageSize: number;
  /**
   * Fields dearer than their shape, by `Type.field`: the weight replaces `scalar` or `object` for
   * that field (its children and page size still count on top).
   */
  fields?: Readonly<Record<string, number>>;
}

/**
 * Fields whose resolver does real work per call, weighed at what they cost the subgraph rather
 * than as one more field: `Statement.pdf` renders a PDF (pdfkit, a CJK font subset) each time
 * (order-to-cash §14: cost 100), so a list of statements with their PDFs is priced accordingly.
 */
export const FIELD_COSTS: Readonly<Record<string, number>> = {
  'Statement.pdf': 100,
};

/** The gateway's weights (README "Limits"). */
export const DEFAULT_COST_WEIGHTS: CostWeights = {
  scalar: 1,
  object: 2,
  depthFactor: 1.5,
  defaultPageSize: DEFAULT_PAGE_SIZE,
  fields: FIELD_COSTS,
};

/** Introspection fields cost nothing: partners may always read the contract. */
const FREE_FIELDS = new Set(['__schema', '__type']);

/**
 * The cost of one operation as it will execute, computed on the coerced arguments:
 *
 * - a leaf field costs `scalar`; a field with a selection costs `object` plus `depthFactor` × the
 *   sum of its children, all multiplied by its page size; a field in `fields` (FIELD_COSTS) costs
 *   its declared weight instead of `scalar` or `object`;
 * - the page size is the largest `first`/`last` the field is given after coercion (literals,
 *   variables, the variable's default in the operation, the argument's default in the schema),
 *   `defaultPageSize` when the field has a page argument but none is given, and 1 for fields
 *   without a page argument (lists with no page argument are small by design: order lines,
 *   a dealer's children);
 * - fragments (spreads and inline) count as the fields they hold, as if written in place, each
 *   fragment computed once per operation; `@skip`/`@include` are ignored (counted as included).
 *
 * `variableValues` are the coerced variables (graphql-js `getVariableValues`). Runs in time
 * linear in the document's size. Call it on a validated document.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variableValues: Record<string, unknown>,
  weights: CostWeights = DEFAULT_COST_WEIGHTS,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const fragmentCosts = new Map<string, number>();
  const entered = new Set<string>();

  const pageSize = (field: GraphQLField<unknown, unknown> | undefined, node: FieldNode): number => {
    const pageArgs = field?.args.filter((a) => PAGE_ARGUMENTS.includes(a.name)) ?? [];
    if (!field || pageArgs.length === 0) return 1;
    let values: Record<string, unknown> = {};
    try {
      // Applies variables and the schema's argument defaults, exactly as execution will.
      values = getArgumentValues(field, node, variableValues);
    } catch {
      // Arguments execution cannot coerce fail the operation; cost it at the default meanwhile.
    }
    const given = pageArgs.map((a) => values[a.name]).filter((v): v is number => typeof v === 'number');
    return Math.max(1, given.length ? Math.max(...given) : weights.defaultPageSize);
  };

  const fieldCost = (node: FieldNode, parent: GraphQLNamedType | undefined): number => {
    if (FREE_FIELDS.has(node.name.value)) return 0;
    const declared = parent ? weights.fields?.[`${parent.name}.${node.name.value}`] : undefined;
    if (!node.selectionSet) return declared ?? weights.scalar;
    const hasFields = parent && (isObjectType(parent) || isInterfaceType(parent));
    const field = hasFields ? parent.getFields()[node.name.value] : undefined;
    const children = selectionCost(node.selectionSet, field ? getNamedType(field.type) : undefined);
    return ((declared ?? weights.object) + weights.depthFactor * children) * pageSize(field, node);
  };

  const selectionCost = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): number => {
    let sum = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        sum += fieldCost(selection, parent);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? (schema.getType(selection.typeCondition.name.value) ?? undefined)
          : parent;
        sum += selectionCost(selection.selectionSet, type);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A cycle is a validation error; never follow one.
        if (!fragment || entered.has(name)) continue;
        let cost = fragmentCosts.get(name);
        if (cost === undefined) {
          entered.add(name);
          cost = selectionCost(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined);
          entered.delete(name);
          fragmentCosts.set(name, cost);
        }
        sum += cost;
      }
    }
    return sum;
  };

  return selectionCost(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined);
}

/**
 * The names of the variables a document passes to a page argument (`first`/`last`, in the
 * operation or any fragment): the only variables an operation's cost depends on, since every
 * other input is the document itself and the schema.
 */
export function pageVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (PAGE_ARGUMENTS.includes(node.name.value) && node.value.kind === Kind.VARIABLE)
        names.add(node.value.name.value);
    },
  });
  return [...names].sort();
}
