/** Which files of a patch the engine reads as QAPI schemas or as C. */
import type { FileDiff, FileView } from '../patch/types.js';

export interface QapiFileOptions {
  /** Read the QAPI generator's test schemas (tests/qapi-schema/) too: deliberately broken inputs, off by default. */
  qapiTests?: boolean;
}

/**
 * Where QEMU keeps QAPI schemas: qapi/*.json, storage-daemon/qapi/,
 * qga/qapi-schema.json, and the interface descriptions in docs/interop/
 * (firmware.json, vhost-user.json), which follow the same doc conventions.
 */
function isQapiPlace(path: string): boolean {
  if (path.startsWith('docs/interop/')) return true;
  return path.split('/').some((part) => part === 'qapi' || part.startsWith('qapi-schema'));
}

const isTestPath = (path: string): boolean => path.startsWith('tests/') || path.includes('/tests/');

/** The generator's test cases: a QAPI schema each, most of them broken on purpose. */
const isQapiTestPath = (path: string): boolean => /(?:^|\/)tests\/qapi-schema\//.test(path);

/**
 * A QAPI schema by path alone (the removed side of a diff, where no content
 * is at hand): QEMU's places for schemas; never the generator's test cases
 * unless asked.
 */
export function isQapiSchemaPath(path: string, options: QapiFileOptions = {}): boolean {
  if (!path.endsWith('.json')) return false;
  if (isTestPath(path)) return options.qapiTests === true && isQapiTestPath(path);
  return isQapiPlace(path);
}

/**
 * A line only a QAPI schema has: a `##` doc block delimiter, or a schema
 * expression `{ 'struct': …` / `{ "enum": …` at the start of a line.
 * Plain JSON (firmware descriptors, test data) has neither: it has no
 * comments, and no top-level key named like a QAPI meta-type.
 */
const QAPI_LINE = /^(?:##\s*$|\{\s*(['"])(?:struct|enum|union|alternate|command|event|include|pragma)\1\s*:)/;

/**
 * A QAPI schema by path, or by what the lines the patch shows hold (a
 * schema kept somewhere QEMU did not keep one before).  Test schemas
 * (under tests/) only when asked.
 */
export function isQapiSchema(path: string, lines: () => Iterable<string>, options: QapiFileOptions = {}): boolean {
  if (!path.endsWith('.json')) return false;
  if (isTestPath(path)) return options.qapiTests === true && isQapiTestPath(path);
  if (isQapiPlace(path)) return true;
  for (const line of lines()) if (QAPI_LINE.test(line)) return true;
  return false;
}

/** Every line a file's diff shows (removed, context, added), then every line of its new-side view. */
export function* shownLines(diff: FileDiff, view?: FileView): Iterable<string> {
  for (const hunk of diff.hunks) for (const l of hunk.lines) yield l.text;
  if (view) for (const segment of view.segments) for (const l of segment) yield l.text;
}

export function isCSourcePath(path: string): boolean {
  return /\.(c|h)(\.inc)?$|\.inc$/.test(path);
}
