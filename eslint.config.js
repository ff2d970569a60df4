// ESLint over the sources, rules and tests: `npm run lint` (with Prettier's check).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['build/', 'dist/', 'coverage/', 'fixtures/', 'test/fixtures/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // The project strips and matches control characters in mail on purpose (adversarial input):
      // a control character in a regular expression here is never the typo this rule looks for.
      'no-control-regex': 'off',
      // tsc's own convention (noUnusedLocals/noUnusedParameters): a leading _ marks a deliberate unused name.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The build scripts run on Node as they are, outside tsc.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
