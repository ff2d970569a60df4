/** The package version: the command-line bundle's build writes it in; otherwise read once from package.json next to the build. */
import { readFileSync } from 'node:fs';

/** package.json's version, which src/devtools/build-cli.mjs defines in the bundle. */
declare const QEMU_REVIEW_VERSION: string | undefined;

let known: string | undefined;

export function version(): string {
  if (typeof QEMU_REVIEW_VERSION === 'string') return QEMU_REVIEW_VERSION;
  return (known ??= readVersion());
}

function readVersion(): string {
  // build/src → repository root, and src → root when run from source.
  for (const up of ['../../package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'qemu-review' && pkg.version) return pkg.version;
    } catch {
      /* try the next place */
    }
  }
  return 'unknown';
}
