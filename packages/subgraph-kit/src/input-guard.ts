import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  typeFromAST,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLInputType,
  type GraphQLScalarType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { ErrorCode } from './errors.js';
import { LocalDateScalar, YearMonthScalar } from './scalars.js';

/**
 * Custom scalars whose values the guard checks with their real parser. The gateway's supergraph
 * only names them (its scalars accept anything), so without this a malformed date would travel
 * to a subgraph before being refused there.
 */
export const GUARDED_SCALARS: Readonly<Record<string, GraphQLScalarType>> = {
  DateTimeISO: GraphQLDateTimeISO,
  LocalDate: LocalDateScalar,
  YearMonth: YearMonthScalar,
};

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** A NUL character or a UTF-16 surrogate without its partner: no database column or log line should receive either. */
// eslint-disable-next-line no-control-regex
const BAD_CHARACTER = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string is refused, or null when it is fine. */
export function badCharacter(text: string): string | null {
  const m = BAD_CHARACTER.exec(text);
  if (!m) return null;
  return m[0] === '\u0000' ? 'a NUL character' : 'a lone UTF-16 surrogate';
}

/** The refusal of odd input: BAD_USER_INPUT, HTTP 400, naming where it was found. */
export function badInput(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field, http: { status: 400 } } });
}

/** Every string in a JSON value (object keys too), with its path; stops at the first bad one. */
function scanStrings(value: unknown, path: string, depth = 0): GraphQLError | null {
  if (depth > 64) return badInput('Input is nested too deeply', path);
  if (typeof value === 'string') {
    const why = badCharacter(value);
    return why ? badInput(`${path} contains ${why}`, path) : null;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? null : badInput(`${path} is not a finite number`, path);
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const err = scanStrings(value[i], `${path}[${i}]`, depth + 1);
      if (err) return err;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const why = badCharacter(key);
      if (why) return badInput(`A field name in ${path} contains ${why}`, path);
      const err = scanStrings(item, `${path}.${key}`, depth + 1);
      if (err) return err;
    }
  }
  return null;
}

/** Checks a number or a guarded scalar's value against its input type; recurses into lists and input objects. */
type Scalars = Record<string, GraphQLScalarType>;

function checkTyped(type: GraphQLInputType, value: unknown, path: string, scalars: Scalars): GraphQLError | null {
  if (value == null) return null;
  if (isNonNullType(type)) return checkTyped(type.ofType, value, path, scalars);
  if (isListType(type)) {
    if (!Array.isArray(value)) return checkTyped(type.ofType, value, path, scalars);
    for (let i = 0; i < value.length; i++) {
      const err = checkTyped(type.ofType, value[i], `${path}[${i}]`, scalars);
      if (err) return err;
    }
    return null;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return null;
    const fields = type.getFields();
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[key];
      const err = field ? checkTyped(field.type, item, `${path}.${key}`, scalars) : null;
      if (err) return err;
    }
    return null;
  }
  if (!isScalarType(type)) return null;
  return checkScalar(type.name, value, path, scalars);
}

function checkScalar(name: string, value: unknown, path: string, scalars: Scalars): GraphQLError | null {
  const int32 = typeof value === 'number' && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX;
  if (name === 'Int' && typeof value === 'number' && !int32) {
    return badInput(`${path} must be a whole number from ${INT_MIN} to ${INT_MAX}`, path);
  }
  if (name === 'Float' && typeof value === 'number' && !Number.isFinite(value)) {
    return badInput(`${path} must be a finite number`, path);
  }
  const scalar = scalars[name];
  if (scalar && value !== undefined) {
    try {
      scalar.parseValue(value);
    } catch {
      return badInput(`${path} is not a valid ${name}`, path);
    }
  }
  return null;
}

/**
 * Checks an operation's variables: no string (anywhere, whatever its type) holds a NUL or a lone
 * surrogate, no number is infinite, Int values fit 32 bits and guarded scalars (dates) parse.
 * Returns the first refusal, or null.
 */
export function checkVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode | undefined | null,
  variables: Record<string, unknown> | undefined | null,
  scalars: Record<string, GraphQLScalarType> = GUARDED_SCALARS,
): GraphQLError | null {
  if (!variables) return null;
  const untyped = scanStrings(variables, '$');
  if (untyped) return untyped;
  for (const def of operation?.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type) as GraphQLInputType | undefined;
    if (type && name in variables) {
      const err = checkTyped(type, variables[name], `$${name}`, scalars);
      if (err) return err;
    }
  }
  return null;
}

/** A literal's text for messages, shortened. */
function literal(node: ValueNode): string {
  const text = 'value' in node ? String(node.value) : node.kind;
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Extension key that marks a validation error as the guard's: Apollo files every validation error
 * under GRAPHQL_VALIDATION_FAILED, and `formatInputGuardError` turns a marked one back into
 * BAD_USER_INPUT (with the field it names).
 */
export const INPUT_GUARD_KEY = 'inputGuardField';

/** Why a literal is odd input for its type, or null. */
function literalProblem(node: ValueNode, type: GraphQLInputType | null | undefined, where: string, scalars: Scalars) {
  if (node.kind === Kind.STRING) {
    const why = badCharacter(node.value);
    if (why) return `A string in ${where} contains ${why}`;
  }
  const named = getNamedType(type ?? undefined);
  if (!named || !isScalarType(named)) return null;
  if (named.name === 'Int' && (node.kind === Kind.INT || node.kind === Kind.FLOAT)) {
    const n = Number(node.value);
    if (!Number.isFinite(n) || (Number.isInteger(n) && (n < INT_MIN || n > INT_MAX))) {
      return `${where} must be a whole number from ${INT_MIN} to ${INT_MAX}, not ${literal(node)}`;
    }
  } else if (named.name === 'Float' && (node.kind === Kind.INT || node.kind === Kind.FLOAT)) {
    if (!Number.isFinite(Number(node.value))) return `${where} must be a finite number, not ${literal(node)}`;
  } else if (scalars[named.name] && node.kind === Kind.STRING) {
    try {
      scalars[named.name]!.parseLiteral(node, undefined);
    } catch {
      return `${where} is not a valid ${named.name}: ${literal(node)}`;
    }
  }
  return null;
}

/**
 * Validation rule over the literals of a document (arguments, input object fields, variable
 * defaults): strings without NUL or lone surrogates, Int literals within 32 bits, Float
 * literals finite, guarded scalars (dates) parseable. Its errors carry INPUT_GUARD_KEY, so
 * `formatInputGuardError` answers them as BAD_USER_INPUT; Apollo caches validated documents, so
 * a document is checked once.
 */
export function inputGuardRule(scalars: Scalars = GUARDED_SCALARS): ValidationRule {
  return (context: ValidationContext) => {
    const check = (node: ValueNode) => {
      const names = [context.getFieldDef()?.name, context.getArgument()?.name];
      const field = names.filter(Boolean).join('.') || 'an argument';
      const problem = literalProblem(node, context.getInputType(), field, scalars);
      if (problem) {
        context.reportError(new GraphQLError(problem, { nodes: node, extensions: { [INPUT_GUARD_KEY]: field } }));
      }
    };
    return { StringValue: check, IntValue: check, FloatValue: check };
  };
}

/** The guard's literal check alone (for tests and callers outside Apollo): the first refusal, or null. */
export function checkLiterals(
  schema: GraphQLSchema,
  document: DocumentNode,
  scalars: Scalars = GUARDED_SCALARS,
): GraphQLError | null {
  const [first] = validate(schema, document, [inputGuardRule(scalars)]);
  return first ? badInput(first.message, String(first.extensions[INPUT_GUARD_KEY])) : null;
}

/**
 * Apollo `formatError` step: a validation error of `inputGuardRule` becomes BAD_USER_INPUT with
 * the field it names; every other error passes unchanged.
 */
export function formatInputGuardError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const ext = formatted.extensions as Record<string, unknown> | undefined;
  if (!ext || typeof ext[INPUT_GUARD_KEY] !== 'string') return formatted;
  const { [INPUT_GUARD_KEY]: field, stacktrace: _stack, ...rest } = ext;
  return { ...formatted, extensions: { ...rest, code: ErrorCode.BAD_USER_INPUT, field } };
}

/**
 * Apollo plugin that refuses odd input before it reaches a resolver (subgraphs) or a subgraph
 * (gateway), with BAD_USER_INPUT: variables on every request (didResolveOperation); literals are
 * `inputGuardRule`'s (add it to `validationRules`). When the guard refused a literal, the answer
 * is the guard's errors only: other rules' reports of the same literal (graphql-js's "Int cannot
 * represent …", a cost multiplied by a huge `first`) would only repeat it under other codes.
 */
export function inputGuardPlugin<C extends BaseContext>(scalars: Scalars = GUARDED_SCALARS): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async validationDidStart() {
          return async (errors?: readonly Error[]) => {
            if (!errors?.length) return;
            const guarded = (e: Error): e is GraphQLError =>
              e instanceof GraphQLError && typeof e.extensions?.[INPUT_GUARD_KEY] === 'string';
            const guard = errors.filter(guarded);
            if (!guard.length) return;
            // Apollo answers with this very array after the hook.
            (errors as Error[]).splice(0, errors.length, ...guard);
          };
        },
        async didResolveOperation({ schema, operation, request }) {
          const err = checkVariables(schema, operation, request.variables, scalars);
          if (err) throw err;
        },
      };
    },
  };
}
