/**
 * Tokens of the QAPI schema language, read one line at a time.
 *
 * The schema language never lets a token span lines (strings end at the end
 * of their line), so a line can be tokenized without knowing what came
 * before it.  That is what lets the definition reader work on hunks.
 */

export type TokenKind = 'punct' | 'string' | 'bool' | 'junk';

export interface Token {
  kind: TokenKind;
  /** For 'punct' one of `{ } [ ] : ,`; for 'string' the unquoted value; for 'bool' and 'junk' the source text. */
  value: string;
  line: number;
  /** 1-based column of the first character. */
  column: number;
  /** 1-based column just past the last character. */
  endColumn: number;
  /** A string whose closing quote is missing; the generator rejects it, we keep going. */
  unterminated?: boolean;
}

const PUNCTUATION = new Set(['{', '}', '[', ']', ':', ',']);
const WORD_END = /[\s{}[\]:,'#]/;

/** Tokens of one line of code; a `#` outside a string comments out the rest of the line. */
export function tokenizeLine(text: string, line: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '#') break;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (PUNCTUATION.has(ch)) {
      tokens.push({ kind: 'punct', value: ch, line, column: i + 1, endColumn: i + 2 });
      i++;
      continue;
    }
    if (ch === "'") {
      const start = i;
      let value = '';
      let closed = false;
      i++;
      while (i < text.length) {
        const c = text[i]!;
        if (c === '\\' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        i++;
        if (c === "'") {
          closed = true;
          break;
        }
        value += c;
      }
      const token: Token = { kind: 'string', value, line, column: start + 1, endColumn: i + 1 };
      if (!closed) token.unterminated = true;
      tokens.push(token);
      continue;
    }
    // Anything else runs to the next delimiter; `true`/`false` are the only words the language knows.
    const start = i;
    while (i < text.length && !WORD_END.test(text[i]!)) i++;
    const word = text.slice(start, i);
    const kind: TokenKind = word === 'true' || word === 'false' ? 'bool' : 'junk';
    tokens.push({ kind, value: word, line, column: start + 1, endColumn: i + 1 });
  }
  return tokens;
}
