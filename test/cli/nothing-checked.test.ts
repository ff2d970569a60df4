/**
 * A run that reviewed nothing exits 2 with one line saying why, whatever
 * the format: "no findings" from an empty input would read as a pass.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report/json.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp.js';

const example = 'fixtures/example.patch';
const cover = 'From: Ada Example <ada@example.org>\nSubject: [PATCH 0/2] knobs: two small things\nMessage-ID: <c@x>\n\nTwo small things.\n';
const reply = 'From: Bob <bob@example.org>\nSubject: Re: [PATCH 1/2] knobs: a counter\nMessage-ID: <r@x>\n\n> quoted\nNice.\n';

describe('nothing checked: exit 2 with the reason', () => {
  const dir = tempDir('qr-nothing-');

  it('an empty directory, an empty file and empty standard input hold no mail', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(await runCli(['check', empty])).toEqual({
      status: 2,
      stdout: '0 patches reviewed: no findings\n',
      stderr: `qemu-review: nothing checked: '${empty}' holds no mail\n`,
    });
    const file = join(dir, 'empty.patch');
    writeFileSync(file, '');
    expect((await runCli(['check', file, empty])).stderr).toBe(`qemu-review: nothing checked: '${file}', '${empty}' hold no mail\n`);
    expect(await runCli(['check', '--format', 'json', '-'], '')).toMatchObject({
      status: 2,
      stderr: 'qemu-review: nothing checked: standard input holds no mail\n',
    });
  });

  it('a binary file is no mail: skipped as unparseable, and the run fails', async () => {
    const binary = join(dir, 'blob.bin');
    writeFileSync(binary, Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256)));
    const run = await runCli(['check', binary]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('qemu-review: nothing checked: no patch to review in the input (1 message skipped: 1 unparseable)\n');
    // --allow-empty passes only mails that are no patch, never what could not be read.
    expect((await runCli(['check', '--allow-empty', binary])).status).toBe(2);
  });

  it('a wholly unreadable .gz is a read error, said once', async () => {
    const gz = join(dir, 'broken.mbox.gz');
    writeFileSync(gz, gzipSync(readFileSync(example)).subarray(0, 40));
    const run = await runCli(['check', gz]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^qemu-review: cannot read '.*broken\.mbox\.gz': truncated gzip data/)]);
  });

  it('only a cover letter and a reply: exit 2 unless --allow-empty, in every format', async () => {
    const input = `From x Mon Sep 17 00:00:00 2001\n${cover}\nFrom x Mon Sep 17 00:00:00 2001\n${reply}`;
    for (const format of ['text', 'json', 'checkpatch', 'b4-review', 'sarif']) {
      const run = await runCli(['check', '--format', format, '-'], input);
      expect(run.status, format).toBe(2);
      expect(run.stderr, format).toBe(
        'qemu-review: nothing checked: no patch to review in the input (2 messages skipped: 1 cover letter, 1 reply); --allow-empty makes that a pass\n',
      );
      expect(await runCli(['check', '--format', format, '--allow-empty', '-'], input), format).toMatchObject({ status: 0, stderr: '' });
    }
    const report = JSON.parse((await runCli(['check', '--format', 'json', '-'], input)).stdout) as JsonReport;
    expect(report.messages.map((m) => m.reasonKind)).toEqual(['cover-letter', 'reply']);
  });

  it('one patch reviewed among skipped mails is a run like any other', async () => {
    const input = `From x Mon Sep 17 00:00:00 2001\n${cover}\n${readFileSync(example, 'utf8')}`;
    const run = await runCli(['check', '--fail-on', 'never', '-'], input);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('reply says it too', async () => {
    expect(await runCli(['reply', '-'], cover)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('qemu-review: nothing checked: no patch to review in the input'),
    });
  });
});
