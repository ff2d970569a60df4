/**
 * A copy of `text` that holds nothing else alive.
 *
 * V8 makes a substring of 13 characters or more a view into the string it was cut from, so a
 * Message-ID cut from a mail's header block, or a path cut from a diff line, keeps the whole
 * header block or body alive for as long as it is kept. A value kept past its message (in a
 * cache, in check mode's window of recent mail) is copied with this first.
 */
export const ownString = (text: string): string => (text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8'));
