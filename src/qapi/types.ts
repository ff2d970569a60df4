/**
 * QAPI schema structure as far as a view of a file shows it: doc comment
 * blocks with their sections and line roles, and definitions with their
 * members.  Every position is a new-file line number and a 1-based column.
 */

/** What a line of a schema file is, judged from the visible text. */
export type LineRole =
  | 'code' // part of a schema expression
  | 'blank'
  | 'comment' // a plain `#` comment outside doc blocks: licence headers, notes to developers
  | 'doc-delimiter' // a `##` line opening or closing a doc block
  | 'doc-symbol' // `# @Name:`, the first line of definition documentation
  | 'doc-heading' // `# = Heading` in free-form documentation
  | 'doc-blank' // a lone `#` inside a doc block
  | 'doc-prose' // paragraph text: overview, member and feature descriptions, tagged sections, list items
  | 'doc-literal' // inside an rST literal block (after a paragraph ending in `::`)
  | 'doc-directive' // a `.. name::` line and its `:option:` lines
  | 'doc-example' // body of an example-like directive, a legacy `Example:` section, QMP `->`/`<-` lines
  | 'unknown'; // a comment line whose block cannot be told from the visible lines

export type SectionKind =
  | 'intro' // the overview before the first description
  | 'member' // `@name: ...` of a member, argument, enum value or branch
  | 'features' // the `Features:` line itself
  | 'feature' // `@name: ...` after `Features:`
  | 'description' // `@name: ...` in a block cut off above it, with no `Features:` in sight: a member's or a feature's
  | 'tagged' // `Since:`, `Returns:`, `Errors:`, `TODO:` (and legacy `Note:`, `Example:`)
  | 'plain' // untagged paragraphs after the descriptions (an unindented paragraph ends a description)
  | 'unknown'; // continuation lines whose section starts above the visible lines

export interface DocLine {
  line: number;
  /** The whole line as in the file. */
  raw: string;
  /** The text after `#` and one space; '' for a lone `#`. */
  text: string;
  role: LineRole;
  /** Leading spaces of `text`. */
  indent: number;
}

export interface DocSection {
  kind: SectionKind;
  /** Member or feature name for 'member' / 'feature' / 'description'. */
  name?: string;
  /** The tag word for 'tagged', e.g. 'Since'. */
  tag?: string;
  /** Line of the `@name:` / tag / first visible line. */
  line: number;
  lines: DocLine[];
}

/** A run of prose lines that rST reads as one paragraph (or one list item). */
export interface DocParagraph {
  lines: DocLine[];
  /** The section it belongs to. */
  section: DocSection;
  /** Columns of text (after `# `) where the first line and the following lines start. */
  firstIndent: number;
  restIndent: number;
  /** Text before the paragraph's words on its first line: `@name: `, `Since: `, `* `, `1. `. */
  lead: string;
  /** The first line of the paragraph is visible (not cut off by the hunk). */
  startVisible: boolean;
  /** The last line of the paragraph is visible. */
  endVisible: boolean;
}

export interface DocBlock {
  /** First and last visible lines of the block. */
  startLine: number;
  endLine: number;
  /** The opening / closing `##` is visible. */
  opened: boolean;
  closed: boolean;
  /** `# @Name:` when visible. */
  symbol: { name: string; line: number } | null;
  /** true for free-form documentation, false for definition documentation, null when not visible. */
  freeForm: boolean | null;
  lines: DocLine[];
  sections: DocSection[];
  paragraphs: DocParagraph[];
}

export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  /** Exclusive end. */
  end: Position;
}

/** An entry of a definition's member list, enum value list, branch list or argument list. */
export interface DefinitionMember {
  /** The name without a leading `*`. */
  name: string;
  optional: boolean;
  /** Where the name string (with quotes) stands. */
  nameRange: Range;
  /** The whole entry: `'*name': 'type'`, `'value'`, `{ 'name': 'v', ... }`, `'name': { ... }`. */
  range: Range;
  /** The entry's `'features'` list; null when it has none. */
  features: string[] | null;
  /** 'data' of enum/struct/command/event, 'branches' of a union, 'data' of an alternate. */
  container: string;
  /** How the entry is written. */
  form: 'string' | 'object' | 'member';
  /** The entry runs past the visible lines: `range` ends at its last visible token. */
  truncated?: boolean;
}

export interface Definition {
  /** 'enum', 'struct', 'union', 'alternate', 'command', 'event', 'include', 'pragma'; null when the head is not visible. */
  meta: string | null;
  /** The defined name; null when not visible and not known from the doc block. */
  name: string | null;
  /** The doc block that documents it: visible, and not separated from it by another definition. */
  doc: DocBlock | null;
  startLine: number;
  endLine: number;
  /** The whole expression, from `{` to its matching `}`, is visible. */
  complete: boolean;
  members: DefinitionMember[];
  /** Every entry of the member/value list is visible (so order and membership can be judged). */
  membersComplete: boolean;
  /** Definition-level `'features'`; null when none visible. */
  features: string[] | null;
}

export interface SchemaView {
  path: string;
  /** Role of every visible line. */
  roles: Map<number, LineRole>;
  docs: DocBlock[];
  definitions: Definition[];
}
