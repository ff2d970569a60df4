/**
 * Recognisers for the markup that can begin a doc comment line: member
 * descriptions, section tags, rST list items, directives and QMP
 * transcripts.  Each takes the line's text after `# ` and says what the
 * line starts, without knowing where it stands.
 */

/** A lone `#`, or `#` followed by spaces only. */
export function isBlankText(text: string): boolean {
  return text.trim() === '';
}

/** Columns of leading whitespace. */
export function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

/** `@name: ` at the very start of the text: a member, argument, value, branch or feature description. */
export function matchDescription(text: string): { name: string; lead: string } | null {
  // The generator takes everything up to the first colon as the name; `@name :` is the documented
  // example of an ordinary paragraph (the generator then fails on a member called 'name '), so no spaces.
  const m = /^@([^:\s]*):( *)/.exec(text);
  if (!m) return null;
  return { name: m[1]!, lead: m[0] };
}

/** Tags the generator knows; Note(s) and Example(s) are the pre-9.2 ones that rST directives replaced. */
export const CURRENT_TAGS = ['Returns', 'Errors', 'Since', 'TODO'] as const;
export const LEGACY_TAGS = ['Note', 'Notes', 'Example', 'Examples'] as const;

const TAG = new RegExp(`^(${[...CURRENT_TAGS, ...LEGACY_TAGS].join('|')}):(?!:)( *)`);

/** `Since: ` and friends at the start of the text; `Since::` is rST markup, not a tag. */
export function matchTag(text: string): { tag: string; lead: string } | null {
  const m = TAG.exec(text);
  if (!m) return null;
  return { tag: m[1]!, lead: m[0] };
}

export function isLegacyExampleTag(tag: string): boolean {
  return tag === 'Example' || tag === 'Examples';
}

/** The `Features:` line that opens the feature descriptions. */
export function isFeaturesLine(text: string): boolean {
  return text.trimEnd() === 'Features:';
}

/** `= Heading`, `== Subheading`, … at the start of free-form documentation. */
export function isHeading(text: string): boolean {
  return /^=+(\s|$)/.test(text);
}

/** An rST list item marker with the spaces after it: `* `, `- `, `+ `, `1. `, `#. `, `1) `, `(1) `. */
export function matchListMarker(text: string): string | null {
  const body = text.slice(indentOf(text));
  const m = /^(?:[*+-]|\d+[.)]|#[.)]|\(\d+\))(?: +|$)/.exec(body);
  return m && m[0].trim() !== '' ? m[0] : null;
}

export interface DirectiveStart {
  /** The directive's name, lower-cased; '' for explicit markup that is not a directive (comments, targets). */
  name: string;
  /** Text after `::` on the same line. */
  argument: string;
  /** Text up to the argument: `.. note:: `. */
  lead: string;
}

/** `.. name:: argument` (or other `.. ` explicit markup) after the indentation. */
export function matchDirective(text: string): DirectiveStart | null {
  const body = text.slice(indentOf(text));
  if (!/^\.\.(\s|$)/.test(body)) return null;
  const m = /^\.\.\s+([A-Za-z0-9][A-Za-z0-9_+.:-]*?)::(?:\s+|$)/.exec(body);
  if (!m) return { name: '', argument: body.slice(2).trim(), lead: '' };
  return { name: m[1]!.toLowerCase(), argument: body.slice(m[0].length).trimEnd(), lead: m[0] };
}

/** `:option: value` right under a directive line. */
export function matchDirectiveOption(text: string): string | null {
  const m = /^\s*:([A-Za-z0-9_-]+):(\s|$)/.exec(text);
  return m ? m[1]! : null;
}

/** Directives whose body rST renders as ordinary text. */
const PROSE_DIRECTIVES = new Set(['note', 'warning', 'admonition', 'caution', 'important', 'tip', 'hint', 'danger', 'error', 'attention', 'seealso']);

/** Prose directives whose text may start on the directive line itself (they take no argument). */
export function isProseDirective(name: string): boolean {
  return PROSE_DIRECTIVES.has(name);
}

/** The generic admonition takes a title as its argument instead of starting its text there. */
export function takesTitleArgument(name: string): boolean {
  return name === 'admonition';
}

/** `-> ` or `<- `: one side of a QMP exchange. */
export function isQmpArrow(text: string): boolean {
  return /^(->|<-)(\s|$)/.test(text.slice(indentOf(text)));
}

/** Text that can only be JSON continuing a QMP transcript, never a sentence. */
export function looksLikeJson(text: string): boolean {
  return /^[{}[\]"]/.test(text.slice(indentOf(text)));
}

/** A paragraph line that announces a literal block: it ends with `::`. */
export function endsWithLiteralMarker(text: string): boolean {
  return /::$/.test(text.trimEnd());
}
