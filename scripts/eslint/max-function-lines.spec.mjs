import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, it } from 'vitest';
import { maxFunctionLines } from './max-function-lines.mjs';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const options = [{ max: 3, ignoreCallbacksOf: ['describe'] }];
/** A body of `n` statement lines. */
const body = (n) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');

tester.run('max-function-lines', maxFunctionLines, {
  valid: [
    // Signature + 1 statement + closing brace: 3 lines.
    { code: `function short() {\n${body(1)}\n}`, options },
    { code: `// Long because: a table.\nfunction table() {\n${body(5)}\n}`, options },
    { code: `/**\n * Sums.\n * Long because: one pass.\n */\nexport function sum() {\n${body(5)}\n}`, options },
    // The reason sits above the decorators; the count starts at the method's name.
    {
      code: `class A {\n  // Long because: a table.\n  @Dec()\n  m() {\n${body(5)}\n  }\n}`,
      options,
    },
    { code: `class A {\n  @Dec()\n  @Dec()\n  m() {\n${body(1)}\n  }\n}`, options },
    { code: `describe.each([1])('group %s', () => {\n${body(5)}\n});`, options },
  ],
  invalid: [
    {
      code: `function long() {\n${body(5)}\n}`,
      options,
      errors: [{ messageId: 'tooLong', data: { name: 'long', lines: '7', max: '3' } }],
    },
    {
      // A reason elsewhere in the file does not count: it must be right above.
      code: `// Long because: not this one.\n\nconst f = () => {\n${body(5)}\n};`,
      options,
      errors: [{ messageId: 'tooLong', data: { name: 'f', lines: '7', max: '3' } }],
    },
    {
      code: `it('does things', async () => {\n${body(5)}\n});`,
      options,
      errors: [{ messageId: 'tooLong', data: { name: "it('does things')", lines: '7', max: '3' } }],
    },
  ],
});
