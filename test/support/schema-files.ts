/** QEMU's schema files in ../shared, fed to the rules the way a patch adding them would be. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviewPatch } from '../../src/engine/run.js';
import type { Finding, Rule } from '../../src/engine/types.js';
import { newFileDiff, patchOf } from './patches.js';
import { shared } from './shared.js';

/** Every schema of a release: qapi/*.json, qga's and the storage daemon's. */
export function schemaFiles(release: string): string[] {
  const root = shared('qemu', release);
  const files = readdirSync(join(root, 'qapi'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => `qapi/${f}`);
  for (const extra of ['qga/qapi-schema.json', 'storage-daemon/qapi/qapi-schema.json']) {
    if (existsSync(join(root, extra))) files.push(extra);
  }
  return files;
}

export function readSchemaFile(release: string, path: string): string {
  return readFileSync(shared('qemu', release, path), 'utf8');
}

/** The findings of `rules` on a patch that adds the file whole. */
export function findingsOnNewFile(release: string, path: string, rules: readonly Rule[]): Finding[] {
  const { findings, failures } = reviewPatch(patchOf(newFileDiff(path, readSchemaFile(release, path))), rules);
  if (failures.length > 0) throw new Error(`${path}: ${JSON.stringify(failures)}`);
  return findings;
}
