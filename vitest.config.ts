import { defaultExclude, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The tests are the TypeScript under test/: tsc's compiled copies (build/) and the Action bundle (dist/) are not tests.
    dir: 'test',
    exclude: [...defaultExclude, 'build/**', 'dist/**'],
    // Vitest's 5 s default fails tests that take 4-9 s on two busy cores (the SARIF validator, the real schemas).
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
