/**
 * The built command line writing into a closed pipe or a full disk: no stack trace, and an exit
 * status that cannot be mistaken for "findings" (1). Real pipes and /dev/full, real processes.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.js';

/**
 * The tsc build's entry, and the bundle's launcher, which ends a `check` with process.exit once
 * the output is out (src/cli/launcher.ts): both must end as these tests say.
 */
const CLIS = [
  ['the tsc build', 'build/src/cli/main.js'],
  ['the bundle', 'build/cli/qemu-review.js'],
] as const;
const example = 'fixtures/example.patch';

interface Exit {
  status: number | null;
  stderr: string;
}

/** Runs the CLI with its stdout (or stderr) a pipe whose reader is gone before anything is written. */
function runIntoClosedPipe(CLI: string, args: string[], closed: 'stdout' | 'stderr' = 'stdout', env: NodeJS.ProcessEnv = {}): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    // Destroyed at once: node takes far longer to start than this takes, so every write meets EPIPE.
    child[closed].destroy();
    let stderr = '';
    if (closed === 'stdout') child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** Runs the CLI with stdout on a file descriptor of our choosing (/dev/full). */
function runWithStdout(CLI: string, args: string[], fd: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', fd, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** A mbox of many patches with findings: output keeps coming long after the reader left. */
function manyPatches(dir: string): string {
  const file = join(dir, 'many.mbox');
  const mails: string[] = [];
  for (let i = 1; i <= 60; i++) {
    mails.push(
      `From ${i} Mon Sep 17 00:00:00 2001\nFrom: A <a@example.org>\nDate: Mon, 1 Dec 2025 10:00:00 +0000\n` +
        `Subject: [PATCH ${i}/60] qapi: knob ${i}\nMessage-ID: <m${i}@example.org>\n\n---\n` +
        `diff --git a/qapi/m.json b/qapi/m.json\n--- a/qapi/m.json\n+++ b/qapi/m.json\n@@ -1,1 +1,6 @@\n # x\n` +
        `+##\n+# @Knob${i}:\n+#\n+# This line of documentation is much too wide for the seventy column limit of QAPI.\n+##\n\n`,
    );
  }
  writeFileSync(file, mails.join(''));
  return file;
}

describe.each(CLIS)('%s', (_cli, CLI) => {
  describe('a closed standard output (| head, quitting less)', () => {
    const dir = tempDir('qr-pipe-');
    const many = manyPatches(dir);
    const badSchema = join(dir, 'bad.json');
    writeFileSync(badSchema, "{ 'struct': 'A', 'data': { 'x': 'int' } \n");

    // Two workers beside the main thread, which the CLI runs only with three cores or more.
    const threads = { QEMU_REVIEW_CORES: '3' };
    const cases: [string, string[], 'stdout' | 'stderr', NodeJS.ProcessEnv?][] = [
      ['check (text)', ['check', '--jobs', '1', many], 'stdout'],
      ['check on worker threads', ['check', '--jobs', '2', many], 'stdout', threads],
      ['check --format json', ['check', '--format', 'json', example], 'stdout'],
      ['reply (the dry run)', ['reply', example], 'stdout'],
      ['rules', ['rules'], 'stdout'],
      ['--help', ['check', '--help'], 'stdout'],
      ['schema (errors go to stderr)', ['schema', badSchema], 'stderr'],
    ];
    it.each(cases)(
      '%s ends quietly with status 141, as git does on SIGPIPE',
      async (_name, args, closed, env) => {
        const { status, stderr } = await runIntoClosedPipe(CLI, args, closed, env);
        expect(stderr).toBe('');
        expect(status).toBe(141);
      },
      60_000,
    );

    it('the whole output still arrives when the reader stays', async () => {
      const child = spawn(process.execPath, [CLI, 'check', '--jobs', '1', many], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      const status = await new Promise((resolve) => child.on('close', resolve));
      expect(status).toBe(1);
      expect(stdout).toMatch(/^60 patches reviewed: \d+ warnings$/m);
      expect(stdout.match(/\[qapi\/doc-line-width\]$/gm)).toHaveLength(60);
    }, 60_000);
  });

  describe.skipIf(!existsSync('/dev/full'))('a full disk (> /dev/full)', () => {
    const dir = tempDir('qr-full-');
    mkdirSync(dir, { recursive: true });
    const many = manyPatches(dir);

    it.each([
      ['check', ['check', '--jobs', '1', many]],
      ['check --format sarif', ['check', '--format', 'sarif', example]],
      ['reply', ['reply', example]],
      ['rules', ['rules']],
    ])(
      '%s says so in one line on stderr and exits 2',
      async (_name, args) => {
        const fd = openSync('/dev/full', 'w');
        try {
          const { status, stderr } = await runWithStdout(CLI, args as string[], fd);
          expect(stderr).toBe('qemu-review: cannot write to standard output: no space left on the device\n');
          expect(status).toBe(2);
        } finally {
          closeSync(fd);
        }
      },
      60_000,
    );
  });
});
