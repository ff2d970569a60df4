/**
 * The archive path gives the same findings, byte for byte in JSON, on one thread and on workers,
 * and the same as the recorded run: the fixture is the JSON `check --format json --jobs 1` wrote
 * for this archive, first before the archive path was made faster (issue 11).  A change to a
 * rule's findings shows here; record it again then, after reading the difference.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { collectQemuDiffs } from '../../src/bench/qemu-diffs.js';
import { writeCorpus } from '../../src/bench/corpus.js';
import { runCli } from '../support/run-cli.js';
import { hasShared, shared } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

const expected = gunzipSync(readFileSync(new URL('./fixtures/qapi-archive-1.5mb-seed7.json.gz', import.meta.url))).toString('utf8');

describe.skipIf(!hasShared)('an archive of real QEMU QAPI diffs (needs ../shared)', () => {
  it('gives the recorded JSON, on the main thread and on two workers', async () => {
    const diffs = await collectQemuDiffs(shared('qemu', '7.2.0'), shared('qemu', '10.0.13'), join(tmpdir(), 'qemu-review-bench'));
    const dir = tempDir('qr-archive-');
    const file = join(dir, 'archive.mbox');
    // 56 patches, 8 covers and 6 replies: past the messages reviewed before threads start.
    const stats = await writeCorpus(
      diffs.filter((d) => d.path.startsWith('qapi/')),
      file,
      1.5e6,
      7,
    );
    expect(stats.mails).toBe(70);
    const asBefore = (stdout: string): string => stdout.replaceAll(JSON.stringify(file).slice(1, -1), 'archive.mbox');
    const one = await runCli(['check', '--format', 'json', '--fail-on', 'never', '--jobs', '1', file]);
    expect(one.stderr).toBe('');
    expect(asBefore(one.stdout)).toBe(expected);
    const two = await runCli(['check', '--format', 'json', '--fail-on', 'never', '--jobs', '2', file], '', { QEMU_REVIEW_CORES: '3' });
    expect(two.stderr).toBe('');
    expect(asBefore(two.stdout)).toBe(expected);
  }, 300_000);
});
