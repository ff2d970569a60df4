/**
 * Real reviewer nits from qemu-devel (fixtures/real/: each patch as the review quoted it, with the
 * reviewer's words and the finding they call for in the .md beside it).  What the reviewer asked
 * for is found; where the .md says a rule should stay quiet, it does.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { repoRoot } from '../support/shared.js';

/** The day the fixtures' expectations were written down: the release a local patch belongs to depends on it. */
const AS_OF = { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 11, 7) / 1000) };

async function findings(name: string): Promise<string[]> {
  const { stdout } = await runCli(['check', '--format', 'json', '--fail-on', 'never', join(repoRoot, 'fixtures', 'real', `${name}.patch`)], '', AS_OF);
  const report = JSON.parse(stdout) as { messages: { status: string }[]; findings: { rule: string; file: string; line: number }[] };
  // A quiet rule must be quiet on a patch that was read, not on one that was skipped.
  expect(report.messages.map((m) => m.status)).toEqual(['reviewed']);
  return report.findings.map((f) => `${f.rule} ${f.file}:${f.line}`);
}

describe('real reviewer nits (fixtures/real)', () => {
  it.each([
    ['qom-objecttype-sorted', ['qapi/sorted-list qapi/qom.json:963', 'qapi/sorted-list qapi/qom.json:1047', 'qapi/since-version qapi/qom.json:804']],
    ['qapi-meson-sorted', ['build/meson-sorted-list qapi/meson.build:55']],
    ['firmware-json-width-since', ['qapi/doc-line-width docs/interop/firmware.json:68']],
    ['x-prefixed-event', ['qapi/unstable-feature qapi/qdev.json:352', 'qapi/since-version qapi/qdev.json:342']],
  ])(
    '%s: what the reviewer asked for is found',
    async (name, expected) => {
      expect(await findings(name)).toEqual(expect.arrayContaining(expected));
    },
    60_000,
  );

  it('firmware-json-width-since: the new enum member @architecture takes may keep an older release, which the reviewer asked for (3.0): no finding asks for a later one', async () => {
    expect((await findings('firmware-json-width-since')).filter((f) => f.startsWith('qapi/since-version'))).toEqual([]);
  }, 60_000);

  it('single-use-define: patch 1/2 alone is part of a series not seen whole, so "used once" is not judged', async () => {
    const found = await findings('single-use-define');
    expect(found).toContain('qapi/since-version qapi/qom.json:808');
    expect(found.filter((f) => f.startsWith('c/single-use-macro'))).toEqual([]);
  }, 60_000);

  it('c-comment-width: a QOM header, whose section asks nothing of its comments, gets no comment finding', async () => {
    expect((await findings('c-comment-width')).filter((f) => f.startsWith('c/comment'))).toEqual([]);
  }, 60_000);
});
