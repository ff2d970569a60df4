/** The rule API: what a rule module declares, what it is handed, what it reports. */
import type { Patch, FileDiff, FileView } from '../patch/types.js';
import type { DocBlock, Definition, SchemaView } from '../qapi/types.js';
import type { MacroDefinition } from '../c/types.js';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

/** Where a convention comes from: a section of QEMU's docs or a maintainer's review comment. */
export interface RuleSource {
  /** e.g. `docs/devel/qapi-code-gen.rst, "Documentation comments"`. */
  title: string;
  /** The words of the doc or review, quoted. */
  quote?: string;
  url?: string;
}

export interface RuleMeta {
  /** `area/name`, matching the module's path under rules/. */
  id: string;
  /** One line: what the rule reports. */
  description: string;
  severity: Severity;
  source: RuleSource;
  /** Message templates keyed by message key; `{{name}}` is filled from the report's data. */
  messages: Record<string, string>;
  /**
   * 'lines' (default): findings must land on lines the patch adds or changes.
   * 'patch': findings about the patch or mail as a whole (corruption, mangling, commit message).
   */
  scope?: 'lines' | 'patch';
  /** Extra explanation for the docs: thresholds, exceptions. */
  details?: string;
  /**
   * A style some maintainers ask for and others do not: the rule stays
   * quiet on a file unless `context.optedIn` says the run, or a maintainer
   * profile of the file's MAINTAINERS section, turned it on there (the rule
   * may also go by the file's own habit, in tree mode).
   */
  optIn?: boolean;
}

/** A suggested replacement for lines `line..endLine` of the new file (or the commit message). */
export interface Suggestion {
  line: number;
  endLine: number;
  /** The replacement lines, joined with `\n`, no trailing newline. */
  text: string;
}

/**
 * One text edit of a proposed fix: the text from index `start` of line
 * `line` to index `end` of line `endLine` (default: the same line) of the
 * new file is replaced by `text`.  Indexes are 0-based into the lines as
 * written; `start === end` inserts.
 */
export interface TextEdit {
  line: number;
  start: number;
  endLine?: number;
  end: number;
  text: string;
}

/**
 * What a rule proposes to fix its finding, in a form the fixer can merge
 * with what other rules propose for the same doc paragraph or lines: text
 * edits, and declared transforms of the whole paragraph.  A rule never
 * builds the replacement lines itself; the fixer merges every proposal,
 * rewraps last, and shows the result only when the rules pass on it.
 */
export interface Fix {
  edits?: TextEdit[];
  /**
   * Rewrap the doc paragraph the finding is on at 70 columns, sentences
   * two spaces apart (and two spaces the author wrote kept), continuation
   * lines at `indent` (default: as they are).
   */
  rewrap?: { indent?: number };
}

/** What a rule reports through `context.report`. */
export interface Problem {
  messageKey: string;
  data?: Record<string, string | number>;
  /** A path of the patch, or COMMIT_MESSAGE for the commit message. */
  file: string;
  line: number;
  endLine?: number;
  /** 1-based; endColumn is exclusive. */
  column?: number;
  endColumn?: number;
  /** How to fix it: merged with other rules' fixes, checked, and shown as the finding's `suggestion`. */
  fix?: Fix;
  /** A replacement of whole lines, for rules that cannot say it as edits; checked like any fix. */
  suggestion?: Suggestion;
  /**
   * The finding depends on the patches of the series after this one: it
   * stands only if `word`'s uses here (`own`) and on the lines the later
   * patches add come to exactly `total`.  The pipeline holds it until the
   * series has been seen whole and drops it when the input lacks the end.
   */
  seriesUses?: SeriesUses;
}

export interface SeriesUses {
  word: string;
  own: number;
  total: number;
}

/**
 * The pseudo-file findings about the commit message are reported against
 * (Gerrit's name).  Lines are numbered as `git log --format=%B` prints the
 * message: 1 is the title, 2 the blank line after it, 3 the body's first line.
 */
export const COMMIT_MESSAGE = '/COMMIT_MSG';

/** Line number in COMMIT_MESSAGE of the body line at index i. */
export const commitBodyLine = (i: number): number => i + 3;

/** A file of the patch, with what the engine can tell about it. */
export interface ChangedFile {
  diff: FileDiff;
  path: string;
  view: FileView;
  /**
   * The whole file is under review as it stands (`--files`): every line
   * counts as changed, but nothing in it is new, so rules about what a
   * patch introduces stay quiet.
   */
  whole: boolean;
}

export interface SchemaFile extends ChangedFile {
  schema: SchemaView;
}

export interface CFile extends ChangedFile {
  macros: MacroDefinition[];
}

/** Callbacks a rule hands the engine; each is called for every matching piece of the patch. */
export interface RuleVisitors {
  patch?(patch: Patch): void;
  file?(file: ChangedFile): void;
  qapiSchema?(file: SchemaFile): void;
  qapiDoc?(block: DocBlock, file: SchemaFile): void;
  qapiDefinition?(definition: Definition, file: SchemaFile): void;
  cMacro?(macro: MacroDefinition, file: CFile): void;
}

export interface ApplyFailure {
  file: string;
  why: string;
}

export interface TreeCall {
  file: string;
  line: number;
  /** The call sits in a `#define`: it is made wherever that macro is used. */
  inDefinition: boolean;
}

/** The QEMU tree a patch was applied to (tree mode): what rules may ask of it. */
export interface TreeAccess {
  root: string;
  /** The tree's VERSION file, e.g. `10.1.50`. */
  version: string | null;
  /** Files of the patch that did not apply, and why: those are reviewed from the diff alone. */
  failures: readonly ApplyFailure[];
  /** Why the whole patch was refused (a path outside the tree), or null. */
  refused: string | null;
  /**
   * Files the tree already holds the patch's change to (the patch applies
   * in reverse, not forward): reviewed against the tree as it was before.
   */
  alreadyApplied: readonly string[];
  /** A file as the series has left it, or null. */
  read(path: string): string | null;
  /** Calls of `name(` in the tree's C sources after the patch, one per call (its own `#define` and comments excluded). */
  callsOf(name: string): TreeCall[];
}

/** Why an opt-in rule speaks on a file. */
export type OptIn = { by: 'run' } | { by: 'profile'; section: string };

/** What turns opt-in rules on (RuleMeta.optIn): plain data, so workers get it as it is. */
export interface OptInSettings {
  /** Rules turned on for every file: the config names them, or --rule picks them. */
  everywhere: string[];
  /** Maintainer profiles: MAINTAINERS section name → the opt-in rules it turns on. */
  profiles: Record<string, string[]>;
  /** The MAINTAINERS sections the profiles name, with their F: and X: patterns as written. */
  sections: { name: string; files: string[]; excluded: string[] }[];
}

export interface ReviewSettings {
  /** What turns the opt-in rules on, file by file; absent, they stay quiet. */
  optIn?: OptInSettings;
  /** Free-form per-rule options, keyed by rule id. */
  ruleOptions?: Record<string, unknown>;
  /** The release under development, as given on the command line (`--qemu-version 10.2`). */
  qemuVersion?: string;
  /** Review the QAPI generator's test schemas (tests/qapi-schema/) as schemas too (`--qapi-tests`). */
  qapiTests?: boolean;
  /**
   * The moment of the run, ISO 8601 (default: the clock now): a local patch is judged as of
   * this day. The command line takes it from SOURCE_DATE_EPOCH when set, for runs that must
   * give the same output every day.
   */
  now?: string;
}

/**
 * What a patch adds and removes, as keys the engine's readers of each kind
 * of file produce (QAPI: `qapi-definition:Name`, see src/qapi/novelty.ts).
 * Kept per patch so that later patches of its series can ask about it.
 */
export interface PatchTrace {
  added: string[];
  removed: string[];
}

/**
 * What the earlier patches of the same series did: the union of their
 * traces.  A series is a run of consecutive patches of one thread, version
 * and length, numbered upwards (the same run tree mode applies in order).
 */
export interface SeriesMemory {
  /** Empty for the first patch of a series. */
  readonly added: ReadonlySet<string>;
  readonly removed: ReadonlySet<string>;
  /** How many patches the whole series has, the later ones included. */
  readonly length: number;
}

export interface RuleContext {
  readonly patch: Patch;
  readonly settings: ReviewSettings;
  /** The tree the patch was applied to, in tree mode. */
  readonly tree: TreeAccess | null;
  /** The earlier patches of its series, when the patch belongs to one (`n/m` in the subject); else null. */
  readonly series: SeriesMemory | null;
  /** Every file of the patch, for rules that look across files. */
  readonly files: readonly ChangedFile[];
  /** For an opt-in rule (RuleMeta.optIn): why it speaks on the file at `path`, or null when nothing turned it on there. */
  optedIn(path: string): OptIn | null;
  report(problem: Problem): void;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleVisitors;
}

/** A finding as every reporter receives it. */
export interface Finding {
  rule: string;
  severity: Severity;
  /** Message-ID of the mail (without <>), or null. */
  messageId: string | null;
  subject: string;
  /** Index of the message in the run. */
  messageIndex: number;
  file: string;
  line: number;
  endLine?: number;
  column?: number;
  endColumn?: number;
  message: string;
  /** The fix of all findings on the same doc paragraph (or lines), merged and checked against every rule. */
  suggestion?: Suggestion;
  /** Line in the decoded mail body the finding points at, when known. */
  patchLine?: number;
  /**
   * Findings sharing a group are one comment in the text, email and pull
   * request formats: the problems of one doc paragraph (or of one line of
   * code), and the same problems in copies of that paragraph.
   */
  group?: string;
  /**
   * The same problem was already reported on the earlier version of the
   * patch in the same input (check mode), and is still there: where.
   */
  seenIn?: SeenIn;
}

/** The earlier version a finding was already reported on: its version, its patch mail and the line there. */
export interface SeenIn {
  version: number;
  messageId: string | null;
  file: string;
  line: number;
}

/** A place of a group: the lines of a doc paragraph, or of a line of code and its fix. */
export interface GroupPlace {
  file: string;
  line: number;
  endLine: number;
  /** The definition whose doc the place is in (`MigrateSetParameters`), when the patch shows it. */
  owner: string | null;
}

/**
 * Findings that make one comment.  The first place is where the comment
 * goes; the others are copies of the same doc text with the same problems
 * (QEMU keeps a member's doc once per struct that has the member), named
 * in the comment rather than repeated.
 */
export interface FindingGroup {
  id: string;
  places: GroupPlace[];
}
