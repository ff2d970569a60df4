/** What `checkSchema` reports, shaped after the lines QEMU's generator prints. */

/** One include directive on the way from the schema named on the command line to the file in error. */
export interface IncludeStep {
  file: string;
  line: number;
}

export interface SchemaError {
  /** The file as QEMU prints it: the path given, joined with include paths as written. */
  file: string;
  /** Absent only when the schema file itself could not be read. */
  line?: number;
  /** 1-based, tabs expanding to the next multiple of 8; lexical, syntax and doc-comment structure errors only. */
  column?: number;
  /** QEMU's message; a few span lines ("...\nValid keys are ..."). */
  message: string;
  /** The "In file included from FILE:LINE:" lines, outermost include first. */
  includedFrom: IncludeStep[];
  /** The definition the error belongs to: QEMU's "FILE: In <meta> '<name>':" line. */
  definition?: { meta: string; name: string };
  /** Further locations QEMU prints after the message, such as "previous definition". */
  related?: SchemaError[];
}

export interface SchemaCheckResult {
  /** The schema checked, as given. */
  file: string;
  /** The QEMU release whose generator was emulated (from options or the tree's VERSION file), if known. */
  qemuVersion?: string;
  /** Which behaviour was applied; see generation.ts. */
  generation: 'legacy' | 'current';
  /** The root schema whose pragmas applied to this file, when it is a module included by another schema. */
  pragmaRoot?: string;
  /** Like QEMU, checking stops at the first error, so this holds at most one. */
  errors: SchemaError[];
}

export interface SchemaCheckOptions {
  /** Emulate this QEMU release ("7.2.0", "10.0.13"); by default the VERSION file of the tree the schema is in. */
  qemuVersion?: string;
  /**
   * The schema whose pragmas apply, for a module such as qapi/block-core.json
   * that QEMU only ever compiles as part of qapi/qapi-schema.json.  By default
   * the qapi-schema.json beside the file, when it includes the file; null
   * checks the file as if it were a root schema.
   */
  pragmaRoot?: string | null;
}
