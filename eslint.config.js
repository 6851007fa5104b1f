// ESLint over the hand-written code (`pnpm lint:eslint`, run by `npm test` with zero warnings allowed).
// Syntax-only typescript-eslint (no type information): the type-aware presets parse every
// project through the compiler and take minutes on the two-core machines; `tsc -b` and vue-tsc
// already check the types. Formatting is Prettier's: eslint-config-prettier comes last and turns
// off every stylistic rule that could disagree with it.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import vueA11y from 'eslint-plugin-vuejs-accessibility';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import local from './scripts/eslint/max-function-lines.mjs';

// Lines <= 120 (house rule). Prettier wraps code at 120 but never breaks a string, a template
// literal or a comment, so those are checked here. A URL cannot be broken and an import line is
// Prettier's business. The core rule is deprecated in favour of @stylistic/max-len but stays
// until ESLint 11; `vue/max-len` is the same rule that also reads <template>.
const maxLen = {
  code: 120,
  tabWidth: 2,
  ignoreUrls: true,
  ignorePattern: '^import\\s.+\\sfrom\\s.+;$',
};

export default defineConfig(
  {
    // Generated: the composed supergraph, the apps' codegen output, MikroORM's migrations, build output.
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/*.d.ts',
      '**/src/generated/**',
      'schema/**',
      'subgraphs/*/src/migrations/**',
      'packages/subgraph-kit/src/event-migrations/**',
      '.tools/**',
      '.data/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  vue.configs['flat/recommended'],
  vueA11y.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
  },
  {
    files: ['console-hq/**', 'storefront-dealer/**', 'packages/web-kit/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    rules: {
      // type-graphql reads a resolver's parameters by position, so an argument the schema declares but
      // the method does not read (a subscription filter applied upstream) still needs its place: `_name`.
      // A rest sibling (`const { password, ...safe } = row`) drops a key on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read GraphQL answers, plain JSON whose shape the assertions themselves check: typing every
    // answer in full would repeat the schema in each test for nothing the expectations do not already say.
    files: ['**/*.spec.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // type-graphql takes resolver and object classes as `Function` (buildSchema, its metadata storage),
    // and these two files pass them straight through to it.
    files: ['packages/subgraph-kit/src/authorization.ts', 'packages/subgraph-kit/src/federation.ts'],
    rules: { '@typescript-eslint/no-unsafe-function-type': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    // A CommonJS module (the codegen CLI require()s its document transforms) has no import statement.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.vue'],
    // TypeScript resolves names in <script lang="ts"> (types included), as typescript-eslint
    // advises for .ts files; the core rule would flag every type-only identifier.
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['**/*.vue'],
    rules: {
      // A control nested in its <label> is labelled by it (HTML's implicit label, which axe accepts and
      // the apps use throughout); the preset's default also demands a `for`/`id` pair on top of nesting.
      // RegionSelect renders a <select>.
      'vuejs-accessibility/label-has-for': [
        'error',
        { required: { some: ['nesting', 'id'] }, controlComponents: ['RegionSelect'] },
      ],
    },
  },
  {
    plugins: { local },
    rules: {
      'local/max-function-lines': ['error', { max: 80, ignoreCallbacksOf: ['describe'] }],
    },
  },
  prettier,
  {
    // After eslint-config-prettier, which turns both off: they only ever see what Prettier leaves alone.
    rules: { 'max-len': ['error', maxLen] },
  },
  {
    files: ['**/*.vue'],
    rules: { 'max-len': 'off', 'vue/max-len': ['error', { ...maxLen, template: 120 }] },
  },
);
