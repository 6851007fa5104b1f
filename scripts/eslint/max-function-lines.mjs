// Local ESLint rule behind the house rule "functions <= 80 lines": ESLint's own
// max-lines-per-function has no way to accept a function that states why it stays whole, and the
// house rule allows exactly that. A function counts from its signature line (a method's name, not
// its decorators) to its closing brace; it may run longer when the comment block right above its
// declaration (a JSDoc or line comments, above any decorators) has a line beginning `Long because:`.

const DEFAULT_MAX = 80;

// A function is named by, and its comment sits above, the declaration that holds it: a method, a
// property, a variable, an export. Anything else (a callback argument) is its own anchor.
const HOLDERS = new Set([
  'MethodDefinition',
  'TSAbstractMethodDefinition',
  'Property',
  'PropertyDefinition',
  'VariableDeclarator',
  'VariableDeclaration',
  'ExportNamedDeclaration',
  'ExportDefaultDeclaration',
]);

const COMMENT_LINE = /^\s*(\/\/|\/\*|\*)/;
const REASON = /^\s*(\/\/+|\/\*+|\*+)?\s*Long because:/;

/** The outermost declaration that holds `fn` and starts where its comment would go above. */
function anchorOf(fn) {
  let node = fn;
  while (node.parent && HOLDERS.has(node.parent.type)) node = node.parent;
  return node;
}

/** True when the run of comment lines right above `line` (1-based) has a `Long because:` line. */
function hasReasonAbove(lines, line) {
  for (let index = line - 2; index >= 0 && COMMENT_LINE.test(lines[index]); index -= 1) {
    if (REASON.test(lines[index])) return true;
  }
  return false;
}

/** The line a function's signature starts on: a method's (or shorthand property's) name, else its own start. */
function signatureLine(fn) {
  const parent = fn.parent;
  const isMethod = ['MethodDefinition', 'TSAbstractMethodDefinition'].includes(parent?.type) || parent?.method;
  return isMethod ? parent.key.loc.start.line : fn.loc.start.line;
}

/** A readable name for the message: the declared name, or the call and title a callback is passed to. */
function nameOf(fn, anchor) {
  if (fn.id?.name) return fn.id.name;
  const call = fn.parent;
  if (call?.type === 'CallExpression' && call.arguments[0]?.type === 'Literal') {
    const callee = call.callee.type === 'Identifier' ? call.callee.name : 'callback';
    return `${callee}('${String(call.arguments[0].value).slice(0, 50)}')`;
  }
  for (let node = fn.parent; node && node !== anchor.parent; node = node.parent) {
    if (node.key?.name) return node.key.name;
    if (node.id?.name) return node.id.name;
  }
  return 'anonymous function';
}

/** True for the callback of a call named in `names` (e.g. `describe(...)` in specs): a group, not logic. */
function isIgnoredCallback(fn, names) {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || !call.arguments.includes(fn)) return false;
  // `describe.each(rows)('title', fn)` and `describe.runIf(x)('title', fn)` name the group too.
  let callee = call.callee;
  while (callee.type === 'MemberExpression' || callee.type === 'CallExpression') {
    callee = callee.type === 'MemberExpression' ? callee.object : callee.callee;
  }
  return callee.type === 'Identifier' && names.includes(callee.name);
}

/** @type {import('eslint').Rule.RuleModule} */
export const maxFunctionLines = {
  meta: {
    type: 'suggestion',
    docs: { description: 'Functions stay within a line budget unless a `Long because:` comment says why.' },
    schema: [
      {
        type: 'object',
        properties: {
          max: { type: 'integer', minimum: 1 },
          ignoreCallbacksOf: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      tooLong:
        '{{name}} has {{lines}} lines (max {{max}}): split it, or put a comment beginning ' +
        '`Long because:` right above it saying why it cannot be split.',
    },
  },
  create(context) {
    const { max = DEFAULT_MAX, ignoreCallbacksOf = [] } = context.options[0] ?? {};
    const lines = context.sourceCode.lines;
    const check = (fn) => {
      const anchor = anchorOf(fn);
      const count = fn.loc.end.line - signatureLine(fn) + 1;
      if (count <= max || isIgnoredCallback(fn, ignoreCallbacksOf)) return;
      if (hasReasonAbove(lines, anchor.loc.start.line)) return;
      const line = signatureLine(fn);
      context.report({
        node: fn,
        loc: { start: { line, column: 0 }, end: { line, column: lines[line - 1].length } },
        messageId: 'tooLong',
        data: { name: nameOf(fn, anchor), lines: String(count), max: String(max) },
      });
    };
    return { FunctionDeclaration: check, FunctionExpression: check, ArrowFunctionExpression: check };
  },
};

/** The local plugin registered in eslint.config.js as `local`. */
export default { meta: { name: 'local' }, rules: { 'max-function-lines': maxFunctionLines } };
