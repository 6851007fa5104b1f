import {
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { GatewayFeature, Need } from '../gateway-feature.js';
import type { SupergraphInfo } from '../supergraph-info.js';
import type { TrustedDocuments } from '../trusted-documents.js';

/** The root type of each operation kind (the supergraph's defaults). */
const ROOT_TYPES = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const;

/**
 * Registered operations (the apps' codegen manifests, TRUSTED_DOCUMENTS): persisted hashes resolve to
 * their documents, and in `enforce` mode first-party callers may only run registered ones. In `allow`
 * mode it attaches only when some registered operation fits this supergraph (every field it selects exists) (another
 * graph's manifests would only resolve hashes to documents that fail validation); in `enforce` mode it
 * always attaches, so a mismatched manifest refuses operations instead of letting any through.
 */
export function trustedDocumentsFeature(trusted: TrustedDocuments): GatewayFeature {
  return {
    name: 'trusted-documents',
    needs(graph) {
      const needs: Need[] = [
        { what: 'TRUSTED_DOCUMENTS allow or enforce', met: trusted.mode !== 'off' },
        { what: 'registered operations (TRUSTED_DOCUMENTS_PATHS)', met: trusted.size > 0 },
      ];
      if (trusted.mode === 'allow')
        needs.push({ what: 'registered operations that fit this supergraph', met: servesAny(trusted, graph) });
      return needs;
    },
    install(host) {
      host.operationChecks.push((params, firstParty) => trusted.apply(params, firstParty));
    },
  };
}

/** True when some registered document's operations all select fields this supergraph has. */
function servesAny(trusted: TrustedDocuments, graph: SupergraphInfo): boolean {
  for (const text of trusted.texts()) {
    let document: DocumentNode;
    try {
      document = parse(text, { noLocation: true });
    } catch {
      continue;
    }
    if (fits(document, graph)) return true;
  }
  return false;
}

/**
 * True when every operation of `document` selects only fields the supergraph has, at every depth
 * (fragments followed by their type conditions): a manifest written for another graph does not fit.
 */
export function fits(document: DocumentNode, graph: SupergraphInfo): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const visit = (type: string, set: SelectionSetNode, seen: ReadonlySet<string>): boolean =>
    set.selections.every((s) => {
      if (s.kind === Kind.FIELD) {
        if (s.name.value.startsWith('__')) return true;
        const returns = graph.fieldType(type, s.name.value);
        if (returns === undefined) return false;
        return !s.selectionSet || visit(returns, s.selectionSet, seen);
      }
      if (s.kind === Kind.INLINE_FRAGMENT) return visit(s.typeCondition?.name.value ?? type, s.selectionSet, seen);
      const fragment = fragments.get(s.name.value);
      if (!fragment) return false;
      // A fragment spread inside itself is invalid anyway; once visited it adds nothing.
      if (seen.has(s.name.value)) return true;
      return visit(fragment.typeCondition.name.value, fragment.selectionSet, new Set([...seen, s.name.value]));
    });
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return operations.length > 0 && operations.every((op) => visit(ROOT_TYPES[op.operation], op.selectionSet, new Set()));
}
