/**
 * Patches the maintainers accepted (fixtures/accepted): a review of them finds only the few
 * real breaches of the doc conventions that were let through, each read and listed in the
 * fixture's README. Any other finding is a false alarm on a patch the maintainer took.
 */
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report/json.js';
import { runCli } from '../support/run-cli.js';

/** The findings on an mbox of the fixture, as `rule file:line`, once every one of its `messages` mails is seen reviewed. */
async function findingsOn(mbox: string, messages: number): Promise<string[]> {
  const { stdout, stderr } = await runCli(['check', '--pulls', '--no-config', '--format', 'json', '--fail-on', 'never', `fixtures/accepted/${mbox}`]);
  expect(stderr).toBe('');
  const report = JSON.parse(stdout) as JsonReport;
  expect(report.messages).toHaveLength(messages);
  expect(report.messages.filter((m) => m.status !== 'reviewed')).toEqual([]);
  return report.findings.map((f) => `${f.rule} ${f.file}:${f.line}`);
}

describe('patches the maintainers accepted', () => {
  it('get only the true nits that were let through, each message reviewed', async () => {
    expect((await findingsOn('accepted.mbox', 41)).sort()).toEqual(
      [
        'qapi/doc-line-width qapi/block-core.json:6051',
        'qapi/doc-line-width qapi/crypto.json:377',
        'qapi/doc-line-width qapi/introspect.json:25',
        'qapi/doc-line-width qapi/migration.json:145',
        'qapi/doc-line-width qapi/misc.json:107',
        'qapi/doc-line-width qapi/ui.json:1026',
        'qapi/sentence-spacing qapi/ui.json:1271',
      ].sort(),
    );
  }, 60_000);

  it('that add C macros get no C finding; only a QAPI doc of 2020 breaks the conventions of today', async () => {
    expect(await findingsOn('c-macros.mbox', 30)).toEqual([
      'qapi/doc-line-width qapi/block-core.json:4188',
      'qapi/doc-indent qapi/block-core.json:4189',
      'qapi/doc-line-width qapi/block-core.json:4189',
    ]);
  }, 60_000);
});
