/** Reading the lines of a doc comment, shared by both doc parsers. */
import type { Lexer } from './lexer.js';
import { rstripSpace } from './python-compat.js';

/** '@name:' at the start of a line, and what follows it. */
export function matchAtNameColon(line: string): { name: string; rest: string } | null {
  const m = /^@([^:]*): */.exec(line);
  return m ? { name: m[1]!, rest: line.slice(m[0].length) } : null;
}

/**
 * The current comment line without its '# ': '' for a bare '#', null for
 * the closing '##'.  Anything else ends the comment in error.
 */
export function currentDocLine(lexer: Lexer): string | null {
  const text = commentText(lexer);
  if (text.startsWith('##')) {
    if (text !== '##') throw lexer.error("junk after '##' at end of documentation comment");
    return null;
  }
  if (text === '#') return '';
  if (text[1] !== ' ') throw lexer.error('missing space after #');
  return rstripSpace(text.slice(2));
}

/** The text of the current token, which must be a comment line. */
export function commentText(lexer: Lexer): string {
  if (lexer.tok !== '#') throw lexer.error("documentation comment must end with '##'");
  return lexer.val as string;
}

export function nextDocLine(lexer: Lexer): string | null {
  lexer.accept(false);
  return currentDocLine(lexer);
}
