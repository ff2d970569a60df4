/** Byte-level tests on single lines, shared by the mbox splitter, input sniffing and the parser. */

const COLON = 0x3a;
const LF = 0x0a;
const CR = 0x0d;

/** The bytes of `From ` that open an mbox envelope line. */
export const ENVELOPE_PREFIX = Buffer.from('From ', 'latin1');

/**
 * True when `line` (terminator included or not) has the shape of an RFC 5322 header field:
 * a non-empty name of printable ASCII other than ':' and space, then ':'.
 * Obsolete `Name : value` (space before the colon) is deliberately not accepted: the splitter
 * relies on this test to tell an envelope from a body line, and looser is riskier there.
 */
export function isHeaderFieldLine(line: Uint8Array): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === COLON) return i > 0;
    if (c < 0x21 || c > 0x7e) return false;
  }
  return false;
}

/** True for an empty line: just LF or CRLF. */
export function isBlankLine(line: Uint8Array): boolean {
  return (line.length === 1 && line[0] === LF) || (line.length === 2 && line[0] === CR && line[1] === LF);
}

/** True when the line starts with `From ` (case-sensitive, as mbox readers treat it). */
export function startsWithEnvelopePrefix(line: Uint8Array, at = 0): boolean {
  if (line.length - at < ENVELOPE_PREFIX.length) return false;
  for (let i = 0; i < ENVELOPE_PREFIX.length; i++) {
    if (line[at + i] !== ENVELOPE_PREFIX[i]) return false;
  }
  return true;
}

/**
 * Splits the first `count` lines off `bytes` (each with its terminator), for sniffing.
 * Stops early at the end of the buffer; the last line may then be incomplete.
 */
export function firstLines(bytes: Buffer, count: number): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  while (lines.length < count && start < bytes.length) {
    const nl = bytes.indexOf(LF, start);
    const end = nl === -1 ? bytes.length : nl + 1;
    lines.push(bytes.subarray(start, end));
    start = end;
  }
  return lines;
}
