/**
 * A fake GitHub for each test of a file: GitHub's OpenAPI description is
 * parsed once before the first test (not inside its time), and after each
 * test the server stops, failing the test if any request it received broke
 * the description or GitHub's rules.
 */
import { afterEach, beforeAll, expect } from 'vitest';
import { FakeGitHub } from './fake-github.js';
import { OpenApiCheck } from './openapi-check.js';

/** Registers the hooks; the function it returns starts this test's server. */
export function fakeGitHubPerTest(owner: string, repo: string): () => Promise<FakeGitHub> {
  let current: FakeGitHub | null = null;
  beforeAll(() => {
    OpenApiCheck.get();
  });
  afterEach(async () => {
    const github = current;
    current = null;
    if (!github) return;
    try {
      expect(github.violations).toEqual([]);
    } finally {
      await github.stop();
    }
  });
  return async () => (current = await new FakeGitHub(owner, repo).start());
}
