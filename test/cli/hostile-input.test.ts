/**
 * Inputs built to exhaust the command line: a gzip bomb whose one message inflates to 4 GiB in a
 * single header line, gzip damage, sizes past --max-message-size. The bomb runs the built CLI
 * under /usr/bin/time, whose peak resident set size must stay under 400 MB, on one thread and on
 * the worker threads.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp.js';

const CLI = 'build/src/cli/main.js';
const TIME = '/usr/bin/time';
const example = 'fixtures/example.patch';
const exampleText = readFileSync(example, 'latin1');

/**
 * 60 patches, then a message whose header line is 4 GiB of zeros, then one more patch: about
 * 4 MB of gzip, written member by member (a multi-member gzip is one stream), so the test itself
 * never holds more than one 64 MiB block.
 */
function writeBomb(file: string): number {
  const fd = openSync(file, 'w');
  try {
    const patches = Array.from({ length: 60 }, (_, i) => `${exampleText.replace('[PATCH v2 3/5]', `[PATCH v2 ${i + 1}/61]`)}\n`);
    writeSync(fd, gzipSync(`${patches.join('')}From 0 Mon Sep 17 00:00:00 2001\nFrom: B <b@example.org>\nX-Zeros: `));
    const block = gzipSync(Buffer.alloc(64 << 20), { level: 9 });
    for (let i = 0; i < 64; i++) writeSync(fd, block);
    writeSync(fd, gzipSync(`\nSubject: [PATCH] bomb\n\nbody\n\n${exampleText}`));
  } finally {
    closeSync(fd);
  }
  return 'From: B <b@example.org>\nX-Zeros: '.length + 64 * (64 << 20) + '\nSubject: [PATCH] bomb\n\nbody\n'.length;
}

interface Measured {
  status: number | null;
  stdout: string;
  stderr: string;
  peakKiB: number;
}

/** The built CLI under `/usr/bin/time -v`: its exit status, output, and peak resident set size. */
function underTime(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(TIME, ['-v', process.execPath, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const status = /Exit status: (\d+)/.exec(stderr);
      if (!peak || !status) return reject(new Error(`no measurement from ${TIME}:\n${stderr}`));
      // What the CLI wrote, without time's report (and its line about a non-zero status).
      const own = stderr.slice(0, stderr.indexOf('\tCommand being timed')).replace(/^Command exited with non-zero status \d+\n/m, '');
      resolve({ status: Number(status[1]), stdout, stderr: own, peakKiB: Number(peak[1]) });
    });
  });
}

describe.skipIf(!existsSync(TIME))('a gzip bomb: 4 MB of gzip, one 4 GiB header line (needs /usr/bin/time)', () => {
  const dir = tempDir('qr-bomb-');
  const bomb = join(dir, 'bomb.mbox.gz');
  const size = writeBomb(bomb);

  it.each([
    ['on one thread', ['--jobs', '1'], {}],
    // By default, on a machine of three cores: two workers beside the main thread.
    ['on the worker threads', [], { QEMU_REVIEW_CORES: '3' }],
  ])(
    '%s: skipped as too large, the rest reviewed, peak RSS under 400 MB',
    async (_name, jobs, env) => {
      const run = await underTime(['check', ...jobs, bomb], env);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`message 61 (${bomb}): too large: the message is 4.0 GiB (${size} bytes), over the limit of 64 MiB (--max-message-size)\n`);
      expect(run.stdout).toMatch(/^61 patches reviewed, 1 message skipped \(1 too large\): 61 errors, 671 warnings, 61 notes$/m);
      expect(run.peakKiB * 1024).toBeLessThan(400e6);
    },
    900_000,
  );
});

describe('gzip damage and the exit status', () => {
  const dir = tempDir('qr-gzip-');
  const gz = gzipSync(Buffer.from(`${exampleText}\n${exampleText}\n${exampleText}`, 'latin1'));

  it('a file that cannot be read at all is an input error: status 2, the file named', async () => {
    const broken = join(dir, 'broken.mbox.gz');
    const corrupt = Buffer.from(gz);
    corrupt.fill(0xff, 10, 40);
    writeFileSync(broken, corrupt);
    const { status, stdout, stderr } = await runCli(['check', broken]);
    expect(stderr).toMatch(new RegExp(`^qemu-review: cannot read '${broken}': corrupt gzip data \\(.+\\)\\n$`));
    expect(stdout).toMatch(/^0 patches reviewed, 1 message skipped \(1 unreadable\): no findings$/m);
    expect(status).toBe(2);
  });

  it('a file cut short keeps what was reviewed, lists the failure, and says so on stderr', async () => {
    const cut = join(dir, 'cut.mbox.gz');
    writeFileSync(cut, gz.subarray(0, gz.length - 8));
    const { status, stdout, stderr } = await runCli(['check', '--format', 'json', cut]);
    const report = JSON.parse(stdout) as { messages: { status: string; reason?: string }[] };
    expect(report.messages.filter((m) => m.status === 'reviewed')).toHaveLength(2);
    expect(report.messages.at(-1)).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/^unreadable: truncated gzip data; the message at byte \d+ of the decompressed input is incomplete$/),
    });
    expect(stderr).toMatch(new RegExp(`^qemu-review: '${cut}' was read only in part: truncated gzip data;`));
    expect(status).toBe(1);
  });
});

describe('--max-message-size', () => {
  it('skips a message over it, with the limit, and reviews the rest', async () => {
    const dir = tempDir('qr-size-');
    const file = join(dir, 'two.mbox');
    const big = exampleText.replace('\n---\n', `\n${'A long commit message line.\n'.repeat(100)}---\n`);
    writeFileSync(file, `${big}\n${exampleText}`);
    const { status, stdout, stderr } = await runCli(['check', '--max-message-size', '4k', file]);
    expect(stderr).toBe('');
    expect(stdout).toMatch(
      new RegExp(
        `^  message 1 \\(${file}\\): too large: the message is \\d+\\.\\d KiB \\(\\d+ bytes\\), over the limit of 4 KiB \\(--max-message-size\\)$`,
        'm',
      ),
    );
    expect(stdout).toMatch(/^1 patch reviewed, 1 message skipped \(1 too large\): 1 error, 11 warnings, 1 note$/m);
    expect(status).toBe(1);
  });

  it.each(['0', '12X', '-5', '1.5M'])('refuses %s', async (value) => {
    const { status, stderr } = await runCli(['check', '--max-message-size', value, example]);
    expect(stderr).toMatch(/--max-message-size.*a size such as 64M, 512K or 1G/);
    expect(status).toBe(2);
  });
});
