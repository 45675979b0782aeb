// ESLint flat config: typescript-eslint with type information for the rules that
// catch async mistakes (floating promises, misused promises) in a Koa/Mongo codebase.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'var/',
      'coverage/',
      '*.config.js',
      '*.config.mjs',
      'src/payloads/payloads.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      'no-console': ['error'],
    },
  },
  {
    // the web app runs in the browser
    files: ['src/web/**/*.{ts,tsx,mts}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // the layers: handlers, presenters, middlewares and jobs reach the data only through services
    files: ['src/routes/**/*.ts', 'src/presenters/**/*.ts', 'src/middlewares/**/*.ts', 'jobs/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'mongodb', message: 'Only repositories and src/db talk to the driver.' }],
          patterns: [
            { group: ['**/db/*', '**/db'], message: 'Only repositories and services use src/db.' },
            { group: ['**/repositories/*'], message: 'Only services hold repositories.' },
          ],
        },
      ],
    },
  },
  {
    // repositories are the only holders of the collections
    files: ['src/**/*.ts', 'jobs/**/*.ts'],
    ignores: ['src/repositories/**', 'src/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='col']",
          message: 'Collections belong to repositories (src/repositories) and src/db.',
        },
      ],
    },
  },
  {
    // services say what they want of the data (intent-named repository methods); filters, updates and pages are the repositories'
    files: ['src/services/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'mongodb', message: 'Repositories own their queries: add an intent-named method there.' }],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='col']",
          message: 'Collections belong to repositories (src/repositories) and src/db.',
        },
        {
          selector: 'Property[key.name=/^\\$/], Property[key.value=/^\\$/]',
          message:
            'A query or update operator ($set, $in, ...) belongs in a repository: add an intent-named method there.',
        },
      ],
    },
  },

  {
    // plain ES modules (the OpenAPI lint runner): no TypeScript project, no type-aware rules
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { projectService: false } },
  },
  {
    files: ['test/**/*.ts', 'src/cli.ts', 'src/cli/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // supertest bodies are `any` by nature; the assertions check their shape
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
);
