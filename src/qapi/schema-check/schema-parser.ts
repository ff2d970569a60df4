/**
 * A schema file and everything it includes, read into expressions and doc
 * comments.  This is where QEMU's parser stops: syntax, includes, pragmas
 * and the structure of doc comments, each reported at the first error.
 */
import { resolve } from 'node:path';
import type { DocComment } from './doc-model.js';
import { readDocComment } from './doc-parser.js';
import { readLegacyDocComments } from './doc-parser-legacy.js';
import { readValue } from './expression-parser.js';
import type { Generation } from './generation.js';
import { includePath, readSchemaText, SchemaReadError, shouldInclude } from './includes.js';
import { Lexer, schemaSource } from './lexer.js';
import { applyPragma, type Pragmas } from './pragmas.js';
import { semanticError, SourceInfo } from './source-info.js';
import type { ValueMap } from './values.js';

/** A top-level expression: a definition (with its doc comment, if any) or an include directive. */
export type TopLevel =
  { kind: 'definition'; value: ValueMap; info: SourceInfo; doc: DocComment | undefined } | { kind: 'include'; file: string; info: SourceInfo };

export interface ParsedSchema {
  expressions: TopLevel[];
  /** Every doc comment in textual order, included files' at their include directive. */
  docs: DocComment[];
  pragmas: Pragmas;
  /** Absolute paths of the files read. */
  files: Set<string>;
}

/**
 * Files include files at most this deep (QEMU's schemas: two levels). Each level is a nested
 * call here, so a chain of thousands of files would otherwise overflow the stack.
 */
export const MAX_INCLUDE_DEPTH = 64;

/**
 * Parses `file`, whose text is given (the caller reports an unreadable
 * root schema its own way), and the files it includes.
 */
export function parseSchema(file: string, text: string, generation: Generation, pragmas: Pragmas): ParsedSchema {
  const schema: ParsedSchema = { expressions: [], docs: [], pragmas, files: new Set() };
  parseFile(schema, generation, file, text, null);
  return schema;
}

function parseFile(schema: ParsedSchema, generation: Generation, file: string, text: string, includedBy: SourceInfo | null): void {
  schema.files.add(resolve(file));
  const lexer = new Lexer(schemaSource(text), new SourceInfo(file, 1, includedBy));
  const readDocs = generation.legacyDocSyntax ? readLegacyDocComments : (l: Lexer) => [readDocComment(l)];
  let pendingDoc: DocComment | undefined;

  lexer.accept();
  while (lexer.tok !== null) {
    const info = lexer.info;
    if (lexer.tok === '#') {
      requireNoDefinitionDoc(pendingDoc);
      const docs = readDocs(lexer);
      for (const d of docs) schema.docs.push(d);
      pendingDoc = docs[docs.length - 1];
      continue;
    }
    const value = readValue(lexer);
    if (!(value instanceof Map)) throw semanticError(info, 'top-level expression must be an object');
    if (value.has('include')) {
      requireNoDefinitionDoc(pendingDoc);
      if (value.size !== 1) throw semanticError(info, "invalid 'include' directive");
      const include = value.get('include');
      if (typeof include !== 'string') throw semanticError(info, "value of 'include' must be a string");
      const path = includePath(file, include);
      schema.expressions.push({ kind: 'include', file: path, info });
      if (shouldInclude(path, include, info, schema.files)) {
        if (info.includeChain().length >= MAX_INCLUDE_DEPTH) {
          throw semanticError(info, `includes nested too deeply: more than ${MAX_INCLUDE_DEPTH} levels`);
        }
        let included: string;
        try {
          included = readSchemaText(path);
        } catch (e) {
          if (!(e instanceof SchemaReadError)) throw e;
          throw semanticError(info, `can't read include file '${path}': ${e.message}`);
        }
        parseFile(schema, generation, path, included, info);
      }
    } else if (value.has('pragma')) {
      requireNoDefinitionDoc(pendingDoc);
      if (value.size !== 1) throw semanticError(info, "invalid 'pragma' directive");
      const pragma = value.get('pragma')!;
      if (!(pragma instanceof Map)) throw semanticError(info, "value of 'pragma' must be an object");
      for (const [name, v] of pragma) applyPragma(schema.pragmas, name, v, info);
    } else {
      if (pendingDoc && pendingDoc.symbol === undefined) {
        throw semanticError(pendingDoc.info, 'definition documentation required');
      }
      schema.expressions.push({ kind: 'definition', value, info, doc: pendingDoc });
    }
    pendingDoc = undefined;
  }
  requireNoDefinitionDoc(pendingDoc);
}

/** Definition documentation must be followed by its definition, not by a directive or more documentation. */
function requireNoDefinitionDoc(doc: DocComment | undefined): void {
  if (doc?.symbol !== undefined) {
    throw semanticError(doc.info, `documentation for '${doc.symbol}' is not followed by the definition`);
  }
}
