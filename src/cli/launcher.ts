#!/usr/bin/env node
// build/cli/qemu-review.js, the installed command: runs the bundle beside it (build/cli/cli.js)
// with a V8 code cache (launch.ts). Kept apart from the bundle so that the bundle's code is
// compiled by vm.Script, whose cache works on Node 20 too.
import { join } from 'node:path';
import { compileCacheDir, enableCompileCache } from './compile-cache.js';
import { runBundle } from './launch.js';

/** The SHA-256 of cli.js, written here by the build (src/devtools/build-cli.mjs). */
declare const QEMU_REVIEW_BUNDLE_HASH: string;

/** Runs whose cache would hold little of a real run: they write none. */
const QUICK = new Set(['-h', '--help', '-V', '--version']);

/** The command a run gives (its first word), by which its cache entry is kept; 'other' for anything odd. */
function commandOf(argv: readonly string[]): string {
  const word = argv.slice(2).find((a) => !a.startsWith('-'));
  return word !== undefined && /^[a-z][a-z-]{0,30}$/.test(word) ? word : 'other';
}

// Node 22.1 on: also caches the review workers' modules, which Node's own loader compiles.
enableCompileCache();
const off = process.env['QEMU_REVIEW_CODE_CACHE'] === '0';
const command = commandOf(process.argv);
const loaded = runBundle(join(__dirname, 'cli.js'), {
  dir: off ? undefined : compileCacheDir(),
  bundleHash: QEMU_REVIEW_BUNDLE_HASH,
  command,
  // This file is cli.js's neighbour: its require resolves what the bundle's would.
  require,
});
if (process.env['QEMU_REVIEW_CODE_CACHE_TRACE'] === '1') process.stderr.write(`qemu-review: code cache ${loaded.cache}\n`);
const bundle = loaded.exports as { start(): Promise<void>; codeCacheWanted?(): boolean };
if (!process.argv.some((a) => QUICK.has(a)))
  process.once('exit', () => {
    if (bundle.codeCacheWanted?.() ?? true) loaded.save();
  });
const done = bundle.start();
if (command === 'check') void done.then(() => setImmediate(exitOnceWritten));

/**
 * Ends a review once its output is out: Node's own way out tears the heap down first, 2 to 3 ms
 * of a one-patch run that nobody waits for. Not before the events the last writes raised (a
 * write error decides the exit status), nor while a write is pending (an asynchronous pipe), and
 * only for `check`, whose work is all done when start() resolves; the 'exit' handlers still run.
 */
function exitOnceWritten(): void {
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
}
