/**
 * `check --tree QEMU --files SCHEMAS`: QEMU's schemas reviewed as they
 * stand.  Nothing in them is new, so only conventions the files break are
 * reported; each kind is listed in the README with its count.
 */
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report/json.js';
import { runCli } from '../support/run-cli.js';
import { schemaFiles } from '../support/schema-files.js';
import { hasShared, shared } from '../support/shared.js';

async function reviewFiles(release: string): Promise<JsonReport> {
  const { stdout, stderr } = await runCli([
    'check',
    '--format',
    'json',
    '--fail-on',
    'never',
    '--tree',
    shared('qemu', release),
    '--files',
    ...schemaFiles(release),
  ]);
  expect(stderr).toBe('');
  return JSON.parse(stdout) as JsonReport;
}

const counts = (report: JsonReport) => {
  const out: Record<string, number> = {};
  for (const f of report.findings) out[f.rule] = (out[f.rule] ?? 0) + 1;
  return out;
};

describe.skipIf(!hasShared)('QEMU schemas reviewed as they stand (--files)', () => {
  it('10.0.13: the few dozen real violations, by rule', async () => {
    const report = await reviewFiles('10.0.13');
    expect(report.messages.every((m) => m.status === 'reviewed')).toBe(true);
    expect(counts(report)).toEqual({
      'qapi/doc-line-width': 40,
      'qapi/sentence-spacing': 24,
      'qapi/doc-indent': 4,
      'qapi/wording': 4,
      'qapi/since-version': 1,
    });
    const at = (rule: string) => report.findings.filter((f) => f.rule === rule).map((f) => `${f.file}:${f.line}`);
    expect(at('qapi/since-version')).toEqual(['qapi/machine-common.json:109']);
    expect(at('qapi/doc-indent')).toEqual(['qapi/audio.json:78', 'qapi/block-core.json:3790', 'qapi/machine.json:998', 'qapi/qom.json:973']);
    expect(at('qapi/wording')).toEqual(['qapi/net.json:483', 'qapi/sockets.json:17', 'qapi/sockets.json:79', 'qapi/tpm.json:95']);
  }, 60_000);

  it('7.2.0: thousands, before the cleanup', async () => {
    const c = counts(await reviewFiles('7.2.0'));
    expect(c['qapi/doc-line-width']).toBe(1592);
    expect(c['qapi/sentence-spacing']).toBe(706);
    expect(c['qapi/doc-indent']).toBe(1071);
    expect(c['qapi/x-prefix']).toBeUndefined(); // nothing is new in a file as it stands
    // Old x- names were left without 'unstable' where they are stable (x-use-canonical-path-for-ramblock-id).
    expect(c['qapi/unstable-feature']).toBeUndefined();
  }, 60_000);
});
