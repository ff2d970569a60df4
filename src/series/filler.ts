/** Lines that say nothing of a file or a quote: whitespace and punctuation alone (`##`, `#`, `}`, `);`). */

/** The characters of such a line, by char code: a loop over codes, as every line of an archive's patches is tested. */
const FILLER = new Uint8Array(128);
for (const c of ' \t\n\v\f\r#*/{}()[];,') FILLER[c.charCodeAt(0)] = 1;

export function isFiller(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Other whitespace (no-break space, line separators) counts as the pattern's \s did.
    if (c < 128 ? FILLER[c] === 0 : !/\s/.test(text[i]!)) return false;
  }
  return true;
}
