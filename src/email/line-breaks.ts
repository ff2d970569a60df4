/**
 * Characters that some reader of a mail takes for the end of a line, though
 * mail itself only breaks at LF: Python's `str.splitlines` (which b4 and
 * patchew are written in) also breaks at VT, FF, the file/group/record
 * separators \x1c-\x1e, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR, and a
 * bare CR ends a line for old Mac tools and some mail readers.  A quoted
 * patch line `x<FF>Reviewed-by: y` would give such a reader a line starting
 * like a trailer, so none of these survives into text the bot writes.
 */

/** Every line break but LF, and every other C0 control but TAB (a NUL or ESC in a quote helps nobody). */
const BREAKING = /[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]/g;

/**
 * The line with each such character replaced by a visible stand-in: the
 * control pictures U+2400-U+241F (␌ for FF, ␍ for CR, ...), U+2421 for DEL,
 * U+2424 (␤) for NEL, LS and PS.  The reader still sees that something
 * was there, and no splitter finds a break.
 */
export function neutraliseLineBreaks(line: string): string {
  return line.replace(BREAKING, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\u2424';
  });
}

/** Characters after which any reader may start a new line (LF included): for tests and checks. */
export const ANY_LINE_BREAK = /\r\n|[\n\x0b\x0c\r\x1c-\x1e\x85\u2028\u2029]/;
