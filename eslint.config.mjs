import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  // CommonJS scripts (scripts/bundles.cjs, loaded by scripts/*.mjs, Vitest and Playwright alike) use require.
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // No import cycles anywhere, type-only imports included: checked by tests/architecture.test.ts over every
  // source file, not here (import-x/no-cycle parsed each file's imports again: a third of the lint's time).
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  // The house rules: renderer → shared ← main; services and db never import electron.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron', 'node:*', 'fs', 'path', 'os', 'typeorm', '../main/*', '../../main/*', '../renderer/*', '../../renderer/*'], message: 'shared/ is pure: no electron, node or DOM.' },
      ] }],
    },
  },
  {
    files: ['main/services/**/*.ts', 'main/db/**/*.ts', 'main/pdf/**/*.ts', 'main/server/**/*.ts', 'main/cli/**/*.ts', 'main/cli.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Services never import electron.' }] }] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ['**/main/**', 'electron'], message: 'The renderer talks to main only through the contract.' },
        // The contract's schemas are zod: a value imported from them would put zod in the web bundle.
        { regex: 'shared/contract(/(?!enums$)[^/]+)?$', allowTypeImports: true,
          message: 'Take types from the contract (import type); values the screens show come from shared/contract/enums.' },
      ] }],
    },
  },
);
