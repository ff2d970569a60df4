/**
 * Pragma directives: QEMU keeps one set per schema compilation, shared by
 * every included file, and consults it only once parsing is done, so the
 * last value a pragma gets anywhere is the one that applies everywhere.
 */
import type { Value } from './values.js';
import { semanticError, type SourceInfo } from './source-info.js';

export interface Pragmas {
  /** Every definition needs a doc comment. */
  docRequired: boolean;
  /** Commands whose names may use '_'. */
  commandNameExceptions: string[];
  /** Commands that may return something other than an object or array of objects. */
  commandReturnsExceptions: string[];
  /** Definitions whose members need no documentation. */
  documentationExceptions: string[];
  /** Types whose member names may use uppercase and '_'. */
  memberNameExceptions: string[];
}

export function emptyPragmas(): Pragmas {
  return {
    docRequired: false,
    commandNameExceptions: [],
    commandReturnsExceptions: [],
    documentationExceptions: [],
    memberNameExceptions: [],
  };
}

const LIST_PRAGMAS: Record<string, Exclude<keyof Pragmas, 'docRequired'>> = {
  'command-name-exceptions': 'commandNameExceptions',
  'command-returns-exceptions': 'commandReturnsExceptions',
  'documentation-exceptions': 'documentationExceptions',
  'member-name-exceptions': 'memberNameExceptions',
};

export function applyPragma(pragmas: Pragmas, name: string, value: Value, info: SourceInfo): void {
  if (name === 'doc-required') {
    if (typeof value !== 'boolean') throw semanticError(info, "pragma 'doc-required' must be boolean");
    pragmas.docRequired = value;
    return;
  }
  if (!Object.hasOwn(LIST_PRAGMAS, name)) throw semanticError(info, `unknown pragma '${name}'`);
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw semanticError(info, `pragma ${name} must be a list of strings`);
  }
  pragmas[LIST_PRAGMAS[name]!] = value as string[];
}
