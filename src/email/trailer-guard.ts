/**
 * Keeping bot mail out of the trailers patchew and b4 collect.  Both read
 * every line of a reply: patchew takes any line starting with a configured
 * tag (`Reviewed-by:`, `Tested-by:`, `Based-on:`, ...), b4 any `Name: value`
 * line whose name ends in `-by` or is a link or fixes tag (older b4 also
 * allowed leading whitespace).  A review bot that wrote such a line by
 * accident would hand out a Reviewed-by nobody gave.
 */

/** Tag names that are not `*-by` but are still harvested from replies. */
const OTHER_TAGS = ['based-on', 'supersedes', 'fixes', 'link', 'buglink', 'closes', 'cc', 'message-id', 'change-id'];

const TRAILER_LIKE = new RegExp(`^\\s*(?:[A-Za-z0-9_][A-Za-z0-9_-]*-by|${OTHER_TAGS.join('|')})\\s*:`, 'i');

/** The line would be read as a trailer (or as one by a lenient parser). */
export function looksLikeTrailer(line: string): boolean {
  return TRAILER_LIKE.test(line);
}

/** A word that starts a trailer when a line begins with it (`Acked-by:`), for header folding. */
export function isTrailerWord(word: string): boolean {
  return TRAILER_LIKE.test(word);
}

/**
 * The line as it may be written in a bot's own text: unchanged, or behind
 * `| ` when it would read as a trailer.  Quoted lines (`> ...`) never match:
 * a quote cannot start with a letter.
 */
export function defuseTrailer(line: string): string {
  return looksLikeTrailer(line) ? `| ${line}` : line;
}
