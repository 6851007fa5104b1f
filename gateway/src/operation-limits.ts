import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  Lexer,
  Source,
  TokenKind,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { operationCost, pageVariables } from './query-cost.js';

/**
 * Stable codes of the gateway's refusals (README "Limits"). Clients and partners match on these;
 * a code is never renamed.
 */
export const LimitCode = {
  QUERY_TOO_LONG: 'QUERY_TOO_LONG',
  TOO_MANY_TOKENS: 'TOO_MANY_TOKENS',
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  TOO_MANY_DIRECTIVES: 'TOO_MANY_DIRECTIVES',
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  BATCHING_NOT_SUPPORTED: 'BATCHING_NOT_SUPPORTED',
  BAD_REQUEST: 'BAD_REQUEST',
} as const;
export type LimitCode = (typeof LimitCode)[keyof typeof LimitCode];

/** The limits every operation must stay within, whatever the caller (HTTP or WebSocket). */
export interface OperationLimits {
  /** Characters of the document. */
  maxCharacters: number;
  /** Lexical tokens of the document (names, punctuation, values). */
  maxTokens: number;
  /** Nesting of selections; fragments count as the fields they hold, not as a level. */
  maxDepth: number;
  /** Aliased fields per operation. */
  maxAliases: number;
  /** Directives per operation. */
  maxDirectives: number;
  /**
   * The operation's cost (`query-cost.ts`): 1 per scalar, 2 per object, children weighted ×1.5
   * per level and whole subtrees multiplied by their page size (`first`/`last` after coercion:
   * literal, variable or default; 20 when omitted).
   */
  maxCost: number;
}

/** Defaults with room above the largest operation the apps send (see operation-limits.spec.ts). */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxCharacters: 15_000,
  maxTokens: 1_500,
  maxDepth: 16,
  maxAliases: 15,
  maxDirectives: 20,
  maxCost: 20_000,
};

/**
 * Extension key that carries our code through Apollo's validation step, which always sets
 * GRAPHQL_VALIDATION_FAILED; `formatLimitError` puts it back as the code.
 */
const LIMIT_CODE_KEY = 'limitCode';

function limitError(message: string, code: LimitCode, status = 400): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/** The reporter armor calls when a rule refuses: reports our code instead of armor's generic one. */
function reporter(code: LimitCode) {
  return (ctx: ValidationContext | null, error: GraphQLError) => {
    ctx?.reportError(
      new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { [LIMIT_CODE_KEY]: code } }),
    );
  };
}

/**
 * Checks what can be checked before parsing: the document's length and token count (counted with
 * graphql-js's own lexer, stopping at the limit, so a huge document costs no more than the limit).
 * Returns the refusal, or null. A document the lexer cannot read is left to the parser's error.
 */
export function checkDocumentSize(query: string, limits: OperationLimits): GraphQLError | null {
  if (query.length > limits.maxCharacters) {
    return limitError(
      `The operation has ${query.length} characters; at most ${limits.maxCharacters} are accepted`,
      LimitCode.QUERY_TOO_LONG,
    );
  }
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++tokens > limits.maxTokens)
        return limitError(`The operation has more than ${limits.maxTokens} tokens`, LimitCode.TOO_MANY_TOKENS);
    }
  } catch {
    return null;
  }
  return null;
}

/** Checks an operation's cost with the variables it runs with; returns the refusal or null. */
export type CostCheck = (
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
) => GraphQLError | null;

/**
 * The cost check (`query-cost.ts`) against `maxCost`. The cost needs the variables, so it runs
 * once the operation is known: an Apollo plugin at `didResolveOperation` for HTTP and the
 * subscription server's subscribe step. Variables that do not coerce are left to execution,
 * which refuses them before running anything. The refusal carries only its code (each
 * transport adds what it needs, e.g. the HTTP status).
 */
export function costCheck(maxCost: number): CostCheck {
  // Apollo hands every request with the same query string the same parsed document, so the cost is
  // computed once per operation and page-size variables' values, not on every request.
  const memo = new WeakMap<OperationDefinitionNode, CostMemo>();
  return (schema, document, operation, variables) => {
    let entry = memo.get(operation);
    if (!entry || entry.schema !== schema) {
      entry = { schema, variables: pageVariables(document), costs: new Map() };
      memo.set(operation, entry);
    }
    // An omitted variable (its default applies) and an explicit null (no default) cost differently.
    const key = JSON.stringify(
      entry.variables.map((name) => (variables && name in variables ? variables[name] : OMITTED)),
    );
    let cost = entry.costs.get(key);
    if (cost === undefined) {
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
      if (coerced.errors) return null;
      cost = Math.ceil(operationCost(schema, document, operation, coerced.coerced));
      // Bounded: a caller cycling page sizes only ever costs a recomputation.
      if (entry.costs.size >= COST_MEMO_PER_OPERATION) entry.costs.clear();
      entry.costs.set(key, cost);
    }
    if (cost <= maxCost) return null;
    return new GraphQLError(`The operation costs ${cost}; at most ${maxCost} is accepted (page sizes included)`, {
      extensions: { code: LimitCode.QUERY_TOO_COSTLY },
    });
  };
}

/** Stands for a page-size variable the request leaves out, in the memo's key. */
const OMITTED = { omitted: true };

/** Costs remembered per operation (one per distinct set of page-size variable values). */
const COST_MEMO_PER_OPERATION = 32;

/** One operation's remembered costs, valid for the schema they were computed against. */
interface CostMemo {
  schema: GraphQLSchema;
  variables: string[];
  costs: Map<string, number>;
}

/** Refuses a too-costly HTTP operation (HTTP 400) before any subgraph is called. */
function costPlugin(check: CostCheck, exempt: (document: DocumentNode) => boolean): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation || exempt(document)) return;
          const refusal = check(schema, document, operation, request.variables);
          if (!refusal) return;
          throw new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, http: { status: 400 } } });
        },
      };
    },
  };
}

/**
 * graphql-armor's depth, alias and directive rules with our limits and codes, and our cost check.
 * The same rules serve HTTP (Apollo's `validationRules`) and WebSocket subscriptions (graphql-js
 * `validate`); the cost runs in `plugins` for HTTP and as `checkCost` for subscriptions.
 * Field suggestions are masked by `formatLimitError` (armor's mask leaves a stray "?" behind).
 */
export function createOperationLimits(
  limits: OperationLimits,
  /** Documents the gateway builds itself that the limits skip (batched subscription re-reads). */
  exempt: (document: DocumentNode) => boolean = () => false,
): { validationRules: ValidationRule[]; plugins: ApolloServerPlugin[]; checkCost: CostCheck } {
  const common = { propagateOnRejection: false, exposeLimits: true } as const;
  const armor = new ApolloArmor({
    maxDepth: {
      n: limits.maxDepth,
      flattenFragments: true,
      ignoreIntrospection: true,
      ...common,
      onReject: [reporter(LimitCode.QUERY_TOO_DEEP)],
    },
    maxAliases: { n: limits.maxAliases, ...common, onReject: [reporter(LimitCode.TOO_MANY_ALIASES)] },
    maxDirectives: { n: limits.maxDirectives, ...common, onReject: [reporter(LimitCode.TOO_MANY_DIRECTIVES)] },
    // armor's cost multiplies only by a literal `first`; ours (costCheck) uses the coerced arguments.
    costLimit: { enabled: false },
    // Tokens are counted before parsing by checkDocumentSize (armor's Apollo variant throws from a hook).
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  const { validationRules, plugins } = armor.protect();
  const rules = validationRules.map(
    (rule): ValidationRule =>
      (context) =>
        exempt(context.getDocument()) ? {} : rule(context),
  );
  const checkCost = costCheck(limits.maxCost);
  // armor's plugin types come from @apollo/server's CommonJS build; the objects are the same.
  const armorPlugins = plugins as unknown as ApolloServerPlugin[];
  return { validationRules: rules, plugins: [...armorPlugins, costPlugin(checkCost, exempt)], checkCost };
}

/**
 * `validate` with the limit refusals' codes as `extensions.code`, for callers that send errors
 * without Apollo's `formatError` (the WebSocket subscription server).
 */
export function withLimitCodes<A extends unknown[]>(
  validate: (...args: A) => readonly GraphQLError[],
): (...args: A) => GraphQLError[] {
  return (...args) =>
    validate(...args).map((error) => {
      const code = error.extensions[LIMIT_CODE_KEY];
      if (typeof code !== 'string') return error;
      return new GraphQLError(error.message, { nodes: error.nodes, extensions: { code } });
    });
}

/** Removes graphql-js's suggestions ("Did you mean "x"?"), which let a caller map a schema it cannot introspect. */
export function maskSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, '');
}

/**
 * Apollo `formatError` step (also usable for WebSocket errors): gives a limit refusal its own code
 * (Apollo files every validation error under GRAPHQL_VALIDATION_FAILED) and, when `hideDetails`,
 * drops field suggestions and stack traces.
 */
export function formatLimitError(formatted: GraphQLFormattedError, hideDetails: boolean): GraphQLFormattedError {
  let out =
    hideDetails && formatted.message.includes('Did you mean')
      ? { ...formatted, message: maskSuggestions(formatted.message) }
      : formatted;
  const ext = out.extensions as Record<string, unknown> | undefined;
  if (!ext) return out;
  if (typeof ext[LIMIT_CODE_KEY] === 'string') {
    const { [LIMIT_CODE_KEY]: code, ...rest } = ext;
    out = { ...out, extensions: { ...rest, code } };
  }
  if (hideDetails && out.extensions && 'stacktrace' in out.extensions) {
    const { stacktrace: _dropped, ...rest } = out.extensions as Record<string, unknown>;
    out = { ...out, extensions: rest };
  }
  return out;
}

/** A refusal the gateway answers before Apollo (body too large, batch, malformed JSON). */
export function requestError(message: string, code: LimitCode, status: number): GraphQLError {
  return limitError(message, code, status);
}
