/** The benchmark's Action path and its large QAPI patch: what they measure is what the Action and the CLI do. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionPath, pullFilesOf } from '../../src/bench/action-path.js';
import { largeQapiPatch } from '../../src/bench/large-qapi.js';
import type { JsonReport } from '../../src/report/json.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp.js';

describe('the large QAPI patch and the Action path', () => {
  it('a patch of about the size asked, every member with a long line and a single-spaced sentence, all findings placed', async () => {
    const patch = largeQapiPatch(40_000);
    expect(patch.length).toBeGreaterThanOrEqual(40_000);
    expect(patch.length).toBeLessThan(41_000);
    const file = join(tempDir('qemu-review-large-'), 'large.patch');
    writeFileSync(file, patch);
    const report = JSON.parse((await runCli(['check', '--format', 'json', file])).stdout) as JsonReport;
    const members = (patch.toString('utf8').match(/^\+# @knob-\d+:/gm) ?? []).length;
    expect(report.findings.filter((f) => f.rule === 'qapi/doc-line-width')).toHaveLength(members);
    expect(report.findings.filter((f) => f.rule === 'qapi/sentence-spacing')).toHaveLength(members);

    const files = pullFilesOf(patch.toString('utf8'));
    expect(files.map((f) => f.filename)).toEqual(['qapi/large.json']);
    const out = await actionPath(patch);
    expect(out.findings).toBe(report.findings.length);
    expect(out.bodyChars).toBeLessThanOrEqual(65_535);
  }, 60_000);
});
