/** The package version, read once from package.json next to the build. */
import { readFileSync } from 'node:fs';

export function version(): string {
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
