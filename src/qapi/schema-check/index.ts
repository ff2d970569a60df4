/**
 * `qemu-review schema FILE.json`: a QAPI schema checked the way QEMU's
 * generator (scripts/qapi) checks it, without building QEMU: same errors,
 * same positions, same text.
 */
export { checkSchema } from './check.js';
export { formatSchemaError } from './format.js';
export type { IncludeStep, SchemaCheckOptions, SchemaCheckResult, SchemaError } from './types.js';
