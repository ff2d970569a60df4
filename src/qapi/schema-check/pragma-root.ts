/**
 * Modules such as qapi/block-core.json are never compiled on their own:
 * QEMU compiles qapi/qapi-schema.json, whose pragma.json sets the pragmas
 * (doc-required, the exception lists) for every module it includes.  To
 * check a module the way the build does, we take the pragmas from the
 * schema that includes it.
 */
import { existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import type { Generation } from './generation.js';
import { readSchemaText, SchemaReadError } from './includes.js';
import { emptyPragmas, type Pragmas } from './pragmas.js';
import { parseSchema } from './schema-parser.js';
import { SchemaCheckError } from './source-info.js';

const ROOT_SCHEMA_NAME = 'qapi-schema.json';

export interface PragmaRoot {
  file: string;
  pragmas: Pragmas;
}

/**
 * The pragmas `root` leaves in force once parsed (the last value each
 * pragma gets anywhere in it); throws SchemaCheckError or SchemaReadError
 * when the root cannot be parsed.
 */
export function pragmasOf(root: string, generation: Generation): { pragmas: Pragmas; files: Set<string> } {
  const parsed = parseSchema(root, readSchemaText(root), generation, emptyPragmas());
  return { pragmas: parsed.pragmas, files: parsed.files };
}

/** The qapi-schema.json beside `file`, when it includes `file` (directly or not) and parses. */
export function findPragmaRoot(file: string, generation: Generation): PragmaRoot | undefined {
  const candidate = join(dirname(file), ROOT_SCHEMA_NAME);
  if (resolve(candidate) === resolve(file) || !existsSync(candidate)) return undefined;
  try {
    const { pragmas, files } = pragmasOf(candidate, generation);
    return files.has(resolve(file)) ? { file: candidate, pragmas } : undefined;
  } catch (e) {
    // A root that does not parse gives no context; the module is checked on its own.
    if (e instanceof SchemaReadError || e instanceof SchemaCheckError) return undefined;
    throw e;
  }
}
