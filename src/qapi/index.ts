/** QAPI schema files as a patch shows them: line roles, doc blocks, definitions. */
export type * from './types.js';
export { readSchema } from './read-schema.js';
