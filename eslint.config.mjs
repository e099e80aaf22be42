// One lint setup for every workspace: ESLint flat config with typescript-eslint.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', '**/*.mjs', '**/*.cjs', '**/jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read process.env only in environment.ts (or the test harness / launcher).',
        },
      ],
    },
  },
  {
    files: ['**/environment.ts', '**/bench/**', 'libs/testing/**', 'tools/**', 'libs/core/src/config.ts', '**/test/**', 'tests/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
