/** `qemu-review schema FILE.json…`: a schema checked as QEMU's generator would, errors in its form on stderr. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { UsageError } from '../usage-error.js';

interface SchemaOptions {
  qemuVersion?: string;
  pragmaRoot?: string;
}

export function registerSchema(program: Command, io: Io, setStatus: (status: number) => void): void {
  program
    .command('schema')
    .description("check QAPI schema files the way QEMU's generator does, without building QEMU (exit 1 on an error)")
    .argument('<files...>', 'schema files, e.g. qapi/qapi-schema.json or qapi/migration.json')
    .option('--qemu-version <x.y>', "check as this release's generator would (default: the VERSION of the tree the file is in)")
    .option('--pragma-root <file>', 'the schema whose pragmas apply (default: the qapi-schema.json that includes the file, if any)')
    .action(async (files: string[], opts: SchemaOptions) => {
      if (opts.qemuVersion !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(opts.qemuVersion)) {
        throw new UsageError(`--qemu-version wants a release such as 10.2, not '${opts.qemuVersion}'`);
      }
      const { checkSchema, formatSchemaError } = await import('../../qapi/schema-check/index.js');
      let failed = false;
      for (const file of files) {
        if (!existsSync(file)) throw new UsageError(`cannot read '${file}': no such file`);
        const result = checkSchema(file, {
          ...(opts.qemuVersion ? { qemuVersion: opts.qemuVersion } : {}),
          ...(opts.pragmaRoot ? { pragmaRoot: opts.pragmaRoot } : {}),
        });
        for (const error of result.errors) io.stderr.write(`${formatSchemaError(error)}\n`);
        failed ||= result.errors.length > 0;
      }
      setStatus(failed ? 1 : 0);
    });
}
