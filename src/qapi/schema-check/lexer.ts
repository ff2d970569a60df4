/**
 * Tokens of a schema file, read on demand by the parser.
 *
 * The parser decides whether comments matter: between expressions they are
 * skipped, except that '##' opens a doc comment, whose lines the doc parser
 * then reads one by one.  So the lexer is pulled, not run ahead.
 */
import { isPythonSpace } from './python-compat.js';
import { SchemaCheckError, SourceInfo } from './source-info.js';

/**
 * '{' '}' '[' ']' ':' ',' for punctuation, "'" for a string, 't' and 'f'
 * for true and false, '#' for a comment line (only when comments are
 * wanted), null at the end of the file.
 */
export type TokenKind = '{' | '}' | '[' | ']' | ':' | ',' | "'" | 't' | 'f' | '#';

const PUNCTUATION = '{}[]:,';

export class Lexer {
  tok: TokenKind | null = null;
  /** The string's value, the boolean, or the whole comment line from its '#'. */
  val: string | boolean | null = null;
  /** Where the current token starts; errors point there. */
  private pos = 0;
  private cursor = 0;
  private lineStart = 0;

  constructor(
    private readonly src: string,
    public info: SourceInfo,
  ) {}

  /** Whether the current token is `kind`; a call, so that TypeScript does not carry narrowing across accept(). */
  at(kind: TokenKind | null): boolean {
    return this.tok === kind;
  }

  /** An error at the current token, with QEMU's column. */
  error(message: string): SchemaCheckError {
    let column = 1;
    for (const ch of this.src.slice(this.lineStart, this.pos)) column = ch === '\t' ? ((column + 7) % 8) + 1 : column + 1;
    return new SchemaCheckError(this.info, message, column);
  }

  /** Moves to the next token; with `skipComments` false, comment lines are tokens too. */
  accept(skipComments = true): void {
    const src = this.src;
    for (;;) {
      const ch = src[this.cursor]!;
      this.pos = this.cursor++;
      this.val = null;
      if (ch === '#') {
        // '##' opens a doc comment, which the doc parser reads line by line.
        const keep = !skipComments || src[this.cursor] === '#';
        this.cursor = src.indexOf('\n', this.cursor);
        if (keep) {
          this.tok = '#';
          this.val = src.slice(this.pos, this.cursor);
          return;
        }
      } else if (PUNCTUATION.includes(ch)) {
        this.tok = ch as TokenKind;
        return;
      } else if (ch === "'") {
        this.tok = "'";
        this.val = this.readString();
        return;
      } else if (src.startsWith('true', this.pos)) {
        this.tok = 't';
        this.val = true;
        this.cursor += 3;
        return;
      } else if (src.startsWith('false', this.pos)) {
        this.tok = 'f';
        this.val = false;
        this.cursor += 4;
        return;
      } else if (ch === '\n') {
        if (this.cursor === src.length) {
          this.tok = null;
          return;
        }
        this.info = this.info.nextLine();
        this.lineStart = this.cursor;
      } else if (!isPythonSpace(ch)) {
        let end = this.pos;
        while (end < src.length && !"[]{}:,'".includes(src[end]!) && !isPythonSpace(src[end]!)) end++;
        this.tok = null;
        throw this.error(`stray '${src.slice(this.pos, end)}'`);
      }
    }
  }

  /** The rest of a string token: printable ASCII, with '\\' as the only escape. */
  private readString(): string {
    let value = '';
    let escaped = false;
    for (;;) {
      const ch = this.src[this.cursor++]!;
      if (ch === '\n') throw this.error(`missing terminating "'"`);
      if (escaped) {
        if (ch !== '\\') throw this.error(`unknown escape \\${ch}`);
        escaped = false;
      } else if (ch === '\\') {
        escaped = true;
        continue;
      } else if (ch === "'") {
        return value;
      }
      const code = ch.charCodeAt(0);
      if (code < 32 || code >= 127) throw this.error('funny character in string');
      value += ch;
    }
  }
}

/**
 * A file's text the way QEMU reads it: Python's universal newlines turn
 * CRLF and CR into LF, and a final newline is supplied if missing.
 */
export function schemaSource(text: string): string {
  const src = text.replace(/\r\n?/g, '\n');
  return src.endsWith('\n') ? src : `${src}\n`;
}
