/**
 * Every schema of QEMU 10.0.13 and 7.2.0 in ../shared checks without
 * error, each under its release's generation (from the tree's VERSION
 * file); modules take the pragmas of qapi/qapi-schema.json, as in the
 * build.  Skipped when ../shared is absent.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSchema, formatSchemaError } from '../../src/qapi/schema-check/index.js';
import { schemaFiles } from '../support/schema-files.js';
import { shared } from '../support/shared.js';

const releases = [
  { release: '10.0.13', generation: 'current' },
  { release: '7.2.0', generation: 'legacy' },
] as const;

describe.each(releases)('QEMU $release', ({ release, generation }) => {
  const present = existsSync(shared('qemu', release, 'qapi'));

  it.skipIf(!present)(
    'checks every schema file without error',
    () => {
      const failures: string[] = [];
      for (const file of schemaFiles(release)) {
        const result = checkSchema(shared('qemu', release, file));
        expect(result.generation).toBe(generation);
        if (result.errors.length > 0) failures.push(result.errors.map(formatSchemaError).join('\n'));
      }
      expect(failures).toEqual([]);
    },
    120_000,
  );

  it.skipIf(!present)('checks modules of qapi/ with the pragmas of qapi/qapi-schema.json', () => {
    const result = checkSchema(shared('qemu', release, 'qapi', 'block-core.json'));
    expect(result.pragmaRoot).toBe(shared('qemu', release, 'qapi', 'qapi-schema.json'));
  });
});

describe.skipIf(!existsSync(shared('qemu', '7.2.0', 'qga')))('generations on QEMU 7.2.0', () => {
  it("rejects 7.2's legacy doc syntax when told to emulate 10.0.13, as QEMU 10.0.13 does", () => {
    const qga = shared('qemu', '7.2.0', 'qga', 'qapi-schema.json');
    const [error] = checkSchema(qga, { qemuVersion: '10.0.13' }).errors;
    expect(error).toMatchObject({ line: 427, column: 1 });
    expect(error!.message).toMatch(/^The 'Note' section is no longer supported/);
  });
});
