/** checkSchema: a schema file and its includes, checked as QEMU's generator would. */
import { checkExpressions } from './expr-check.js';
import { generationOf, treeVersion } from './generation.js';
import { readSchemaText, SchemaReadError } from './includes.js';
import { emptyPragmas, type Pragmas } from './pragmas.js';
import { findPragmaRoot, pragmasOf } from './pragma-root.js';
import { Schema } from './schema-build.js';
import { checkSchemaEntities } from './schema-check.js';
import { parseSchema } from './schema-parser.js';
import { SchemaCheckError } from './source-info.js';
import type { SchemaCheckOptions, SchemaCheckResult, SchemaError } from './types.js';

/**
 * Checks `path` (printed as given in errors) and everything it includes.
 * Synchronous.  Stops at the first error, as QEMU does; an error that is
 * not about the schema (a bug here) is thrown.
 */
export function checkSchema(path: string, options: SchemaCheckOptions = {}): SchemaCheckResult {
  const qemuVersion = options.qemuVersion ?? treeVersion(path);
  const generation = generationOf(qemuVersion);
  const result: SchemaCheckResult = { file: path, generation: generation.id, errors: [] };
  if (qemuVersion !== undefined) result.qemuVersion = qemuVersion;

  const fail = (error: SchemaError): SchemaCheckResult => {
    result.errors.push(error);
    return result;
  };
  let text: string;
  try {
    text = readSchemaText(path);
  } catch (e) {
    if (!(e instanceof SchemaReadError)) throw e;
    return fail({ file: path, message: `can't read schema file '${path}': ${e.message}`, includedFrom: [] });
  }

  let rootPragmas: Pragmas | undefined;
  if (typeof options.pragmaRoot === 'string') {
    const root = options.pragmaRoot;
    try {
      rootPragmas = pragmasOf(root, generation).pragmas;
    } catch (e) {
      if (e instanceof SchemaCheckError) return fail(e.toSchemaError());
      if (e instanceof SchemaReadError) {
        return fail({ file: root, message: `can't read schema file '${root}': ${e.message}`, includedFrom: [] });
      }
      throw e;
    }
    result.pragmaRoot = root;
  } else if (options.pragmaRoot === undefined) {
    const root = findPragmaRoot(path, generation);
    if (root) {
      rootPragmas = root.pragmas;
      result.pragmaRoot = root.file;
    }
  }

  try {
    const parsed = parseSchema(path, text, generation, emptyPragmas());
    // In the build, the root's pragmas are what the module's definitions are checked against.
    const pragmas = rootPragmas ?? parsed.pragmas;
    const schema = new Schema(checkExpressions(parsed.expressions, pragmas, generation));
    checkSchemaEntities({ schema, pragmas, generation }, parsed.docs);
  } catch (e) {
    if (e instanceof SchemaCheckError) return fail(e.toSchemaError());
    throw e;
  }
  return result;
}
