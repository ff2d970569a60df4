/**
 * Patches the maintainers accepted (fixtures/accepted): a review of them finds only the few
 * real breaches of the doc conventions that were let through, each read and listed in the
 * fixture's README. Any other finding is a false alarm on a patch the maintainer took.
 */
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report/json.js';
import { runCli } from '../support/run-cli.js';

describe('patches the maintainers accepted', () => {
  it('get only the true nits that were let through, each message reviewed', async () => {
    const { stdout, stderr } = await runCli(['check', '--pulls', '--no-config', '--format', 'json', '--fail-on', 'never', 'fixtures/accepted/accepted.mbox']);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.messages).toHaveLength(41);
    expect(report.messages.filter((m) => m.status !== 'reviewed')).toEqual([]);
    expect(report.findings.map((f) => `${f.rule} ${f.file}:${f.line}`).sort()).toEqual(
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
    const { stdout, stderr } = await runCli(['check', '--pulls', '--no-config', '--format', 'json', '--fail-on', 'never', 'fixtures/accepted/c-macros.mbox']);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.messages).toHaveLength(30);
    expect(report.messages.filter((m) => m.status !== 'reviewed')).toEqual([]);
    expect(report.findings.map((f) => `${f.rule} ${f.file}:${f.line}`)).toEqual([
      'qapi/doc-line-width qapi/block-core.json:4188',
      'qapi/doc-indent qapi/block-core.json:4189',
      'qapi/doc-line-width qapi/block-core.json:4189',
    ]);
  }, 60_000);
});
