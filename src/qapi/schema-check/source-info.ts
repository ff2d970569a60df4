/**
 * Where things are in the schema, and the error that carries it.
 *
 * QEMU hands one location object to every token of a line and to the
 * expression starting there, and later marks it with the definition being
 * checked; an error prints whatever that object says at the time.  Sharing
 * the object the same way keeps our "In <meta> '<name>':" lines the same
 * as QEMU's, including for errors reported at doc comment lines (which
 * never belong to a definition).
 */
import type { IncludeStep, SchemaError } from './types.js';

export class SourceInfo {
  definition: { meta: string; name: string } | undefined;

  constructor(
    readonly file: string,
    readonly line: number,
    /** The include directive that brought this file in, if any. */
    readonly includedBy: SourceInfo | null,
  ) {}

  nextLine(): SourceInfo {
    const next = new SourceInfo(this.file, this.line + 1, this.includedBy);
    next.definition = this.definition;
    return next;
  }

  setDefinition(meta: string, name: string): void {
    this.definition = { meta, name };
  }

  includeChain(): IncludeStep[] {
    const chain: IncludeStep[] = [];
    for (let p = this.includedBy; p; p = p.includedBy) chain.unshift({ file: p.file, line: p.line });
    return chain;
  }
}

/** Thrown by every check; checkSchema turns it into a SchemaError. */
export class SchemaCheckError extends Error {
  constructor(
    readonly info: SourceInfo | null,
    message: string,
    readonly column?: number,
    readonly related: SchemaError[] = [],
  ) {
    super(message);
  }

  toSchemaError(): SchemaError {
    return errorAt(this.info, this.message, this.column, this.related);
  }
}

/** A SchemaError snapshot of `info` as it is now (its definition may change later). */
export function errorAt(info: SourceInfo | null, message: string, column?: number, related: SchemaError[] = []): SchemaError {
  const error: SchemaError = { file: info?.file ?? '', message, includedFrom: info?.includeChain() ?? [] };
  if (info) error.line = info.line;
  if (column !== undefined) error.column = column;
  if (info?.definition) error.definition = { ...info.definition };
  if (related.length > 0) error.related = related;
  return error;
}

/** A semantic error: QEMU reports these by line only. */
export function semanticError(info: SourceInfo | null, message: string, related: SchemaError[] = []): SchemaCheckError {
  return new SchemaCheckError(info, message, undefined, related);
}
