/**
 * Runs rules over one patch: builds what the rules look at (file views,
 * QAPI structure, C macros) once, hands it to every rule's visitors, and
 * keeps the findings that land on lines the patch adds or changes.  Then
 * the fixer merges what the rules propose per doc paragraph, and the
 * findings are grouped into what a reviewer would say as one comment.
 */
import { wordUseKeys } from '../c/word-uses.js';
import { optInLookup } from './opt-in.js';
import type { Patch, FileView } from '../patch/types.js';
import { viewOfDiff } from '../patch/view.js';
import { readSchema } from '../qapi/read-schema.js';
import { readMacros } from '../c/macros.js';
import { isCSourcePath, isQapiSchema, shownLines } from './files.js';
import { renderMessage } from './message.js';
import { COMMIT_MESSAGE, commitBodyLine } from './types.js';
import { qapiTrace } from '../qapi/novelty.js';
import type {
  CFile,
  ChangedFile,
  Finding,
  FindingGroup,
  Fix,
  PatchTrace,
  Problem,
  ReviewSettings,
  Rule,
  RuleVisitors,
  SchemaFile,
  SeriesMemory,
  SeriesUses,
  Severity,
  TreeAccess,
} from './types.js';
import { mergeFix, suggestionEdits, type Baselines, type Checker, type LineRange } from './fixer.js';
import { groupFindings, unitsOf, type SchemaIndex } from './units.js';
import { pathMatcher } from '../config/path-glob.js';
import { compareText } from './text-order.js';

export interface RuleFailure {
  rule: string;
  error: string;
}

export interface PatchReview {
  findings: Finding[];
  /** Rules that threw on this patch: their bug, reported instead of stopping the run. */
  failures: RuleFailure[];
  /** What the findings make as comments: each finding's `group` is one of these. */
  groups: FindingGroup[];
  /** What the patch added and removed, when asked for (RunOptions.trace). */
  trace?: PatchTrace;
  /** Findings that wait for the rest of the series (Problem.seriesUses), when asked for (RunOptions.hold). */
  held?: HeldFinding[];
  /** Paths of the patch's files that RunOptions.exclude left out: reviewed by no rule. */
  excluded?: string[];
}

export interface HeldFinding {
  finding: Finding;
  uses: SeriesUses;
}

/** A finding kept, with the fix its rule proposed. */
interface Reported {
  finding: Finding;
  fix: Fix | null;
}

export interface RunOptions {
  settings?: ReviewSettings;
  /** The tree the patch was applied to (tree mode). */
  tree?: TreeAccess | null;
  /** The files are reviewed whole, as they stand, not as changes (see ChangedFile.whole). */
  wholeFiles?: boolean;
  /** Severity per rule id, overriding the rule's default. */
  severity?: Record<string, Severity>;
  /** A view of a file as it stands after the patch (tree mode), instead of the diff's view. */
  viewOf?: (file: ChangedFile['diff']) => FileView | undefined;
  /** What the earlier patches of the patch's series did (see SeriesMemory). */
  series?: SeriesMemory | null;
  /** Return the patch's trace, for the later patches of its series. */
  trace?: boolean;
  /**
   * Return the findings that depend on the later patches of the series
   * (Problem.seriesUses) in `held`; without it they are dropped, since a
   * caller that cannot see the series whole cannot tell.
   */
  hold?: boolean;
  /** Path patterns (src/config/path-glob.ts) of files no rule reviews and no finding lands on. */
  exclude?: readonly string[];
}

const matchers = new WeakMap<readonly string[], (path: string) => boolean>();

/** The exclude patterns' matcher, compiled once per list (the fixer's checks ask again and again). */
function excludedBy(options: RunOptions): ((path: string) => boolean) | null {
  const patterns = options.exclude;
  if (!patterns || patterns.length === 0) return null;
  let matcher = matchers.get(patterns);
  if (!matcher) matchers.set(patterns, (matcher = pathMatcher(patterns)));
  return matcher;
}

export function reviewPatch(patch: Patch, rules: readonly Rule[], options: RunOptions = {}): PatchReview {
  const excluded = excludedBy(options);
  const left = excluded ? [...new Set(patch.files.map((diff) => diff.path).filter(excluded))] : [];
  const said = left.length > 0 ? { excluded: left } : {};
  const files = patch.files
    .filter((diff) => diff.newPath !== null && !diff.binary && !excluded?.(diff.path))
    .map((diff): ChangedFile => ({ diff, path: diff.path, view: options.viewOf?.(diff) ?? viewOfDiff(diff), whole: options.wholeFiles ?? false }));
  const qapiTests = options.settings?.qapiTests === true;
  const schemas = lazyMap(
    files.filter((f) => isQapiSchema(f.path, () => shownLines(f.diff, f.view), { qapiTests })),
    (f): SchemaFile => ({ ...f, schema: readSchema(f.view) }),
  );
  const { reported, failures, held } = runRules(patch, rules, files, schemas, options);
  const findings = reported.map((r) => r.finding);
  findings.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || compareText(a.rule, b.rule));
  const trace: Pick<PatchReview, 'trace' | 'held'> = {};
  if (options.trace) trace.trace = patch.mangled ? { added: [], removed: [] } : patchTrace(patch, files, schemas());
  if (options.hold && held.length > 0) trace.held = held;
  if (reported.length === 0) return { findings, failures, groups: [], ...trace, ...said };

  const index: SchemaIndex = { schemaOf: (path) => schemas().find((f) => f.path === path) ?? null };
  // A rule's proposal is never shown as it is: only the merged fix the rules pass.
  const check = checker(patch, rules, options, new Set(schemas().map((f) => f.path)));
  const baselines: Baselines = new Map();
  for (const unit of unitsOf(
    reported.filter((r): r is { finding: Finding; fix: Fix } => r.fix !== null),
    files,
    index,
  )) {
    try {
      const suggestion = mergeFix(unit, check, baselines);
      if (suggestion) for (const p of unit.proposals) p.finding.suggestion = suggestion;
    } catch (error) {
      // A bug of the fixer costs the fix, never the findings.
      failures.push({ rule: 'fixer', error: `${unit.file.path}:${unit.line}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { findings, failures, groups: groupFindings(findings, patch.mail.index, index), ...trace, ...said };
}

/** Runs every rule: the findings on changed lines (and on `keep`), each with its rule's proposed fix. */
function runRules(
  patch: Patch,
  rules: readonly Rule[],
  files: ChangedFile[],
  schemas: () => SchemaFile[],
  options: RunOptions,
  keep?: LineRange & { file: string },
): { reported: Reported[]; failures: RuleFailure[]; held: HeldFinding[] } {
  const cFiles = lazyMap(
    files.filter((f) => isCSourcePath(f.path)),
    (f): CFile => ({ ...f, macros: readMacros(f.view) }),
  );
  const byPath = new Map(files.map((f) => [f.path, f]));

  const optIn = optInLookup(options.settings?.optIn);
  const reported: Reported[] = [];
  const failures: RuleFailure[] = [];
  const held: HeldFinding[] = [];
  // A rule of the whole patch may still name an excluded file: its finding goes too.
  const excluded = excludedBy(options);
  for (const rule of rules) {
    try {
      const report = (problem: Problem) => {
        const finding = excluded?.(problem.file) ? null : toFinding(rule, problem, patch, byPath, options.severity?.[rule.meta.id], keep);
        if (!finding) return;
        if (problem.seriesUses) held.push({ finding, uses: problem.seriesUses });
        else reported.push({ finding, fix: fixOf(problem, byPath.get(problem.file)?.view) });
      };
      const id = rule.meta.id;
      const optedIn = (path: string) => optIn(id, path);
      const visitors = rule.create({
        patch,
        settings: options.settings ?? {},
        tree: options.tree ?? null,
        series: options.series ?? null,
        files,
        optedIn,
        report,
      });
      visit(visitors, patch, files, schemas, cFiles, keep === undefined);
    } catch (error) {
      failures.push({ rule: rule.meta.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { reported, failures, held };
}

/** What the patch adds and removes for the later patches of its series: QAPI definitions, uses of C macro names. */
function patchTrace(patch: Patch, files: readonly ChangedFile[], schemas: readonly SchemaFile[]): PatchTrace {
  const trace = qapiTrace(patch, schemas);
  return { added: [...trace.added, ...wordUseKeys(files)], removed: trace.removed };
}

/** What the rule proposed, as edits: a whole-lines `suggestion` becomes one edit. */
function fixOf(problem: Problem, view: FileView | undefined): Fix | null {
  if (problem.fix && ((problem.fix.edits?.length ?? 0) > 0 || problem.fix.rewrap)) return problem.fix;
  if (problem.suggestion && view) {
    const edits = suggestionEdits(problem.suggestion, view);
    if (edits) return { edits };
  }
  return null;
}

/**
 * How many lines the fixer's checks of one patch may read, all checks
 * together.  Each check reads the doc block and definition around a fix,
 * so a patch of many fixes in one huge block (thousands of members: a
 * hostile or generated schema) would cost fixes times block size; past
 * the budget the remaining findings keep their messages but get no
 * suggestion.  Real QEMU schemas fixed whole stay far below it.
 */
export const FIXER_LINE_BUDGET = 400_000;

/** The fixer's check: every rule again, on one file seen through another view; null once the budget is spent. */
function checker(patch: Patch, rules: readonly Rule[], options: RunOptions, schemaPaths: ReadonlySet<string>): Checker {
  let spent = 0;
  const check: Checker = (file, view, keep) => {
    const changed: ChangedFile = { ...file, view };
    // What the patch showed decides: a fix does not make a schema of a file, nor take it away.
    const schemas = lazyMap(schemaPaths.has(file.path) ? [changed] : [], (f): SchemaFile => ({ ...f, schema: readSchema(f.view) }));
    const { reported, failures } = runRules(patch, rules, [changed], schemas, options, { ...keep, file: file.path });
    if (failures.length > 0) return null;
    return reported
      .filter((r) => r.finding.file === file.path)
      .map((r) => ({ rule: r.finding.rule, line: r.finding.line, message: r.finding.message, fix: r.fix }));
  };
  check.afford = (lines) => (spent += lines) <= FIXER_LINE_BUDGET;
  return check;
}

/**
 * Calls the visitors; `wholePatch` false (the fixer's check of one file's
 * text) leaves out the visitors of the patch as a whole: they read the mail
 * and every file, which a fix of one paragraph does not change, and calling
 * them per check would make the fixer quadratic in the patch.
 */
function visit(visitors: RuleVisitors, patch: Patch, files: ChangedFile[], schemas: () => SchemaFile[], cFiles: () => CFile[], wholePatch: boolean): void {
  if (wholePatch) visitors.patch?.(patch);
  // A re-flowed mail says nothing reliable about the code: only patch-level rules speak.
  if (patch.mangled) return;
  if (visitors.file) for (const f of files) visitors.file(f);
  if (visitors.qapiSchema || visitors.qapiDoc || visitors.qapiDefinition) {
    for (const f of schemas()) {
      visitors.qapiSchema?.(f);
      if (visitors.qapiDoc) for (const block of f.schema.docs) visitors.qapiDoc(block, f);
      if (visitors.qapiDefinition) for (const def of f.schema.definitions) visitors.qapiDefinition(def, f);
    }
  }
  if (visitors.cMacro) for (const f of cFiles()) for (const macro of f.macros) visitors.cMacro(macro, f);
}

/** Computes the mapped list on first use only: most patches touch no schema. */
function lazyMap<T, U>(items: T[], f: (item: T) => U): () => U[] {
  let cache: U[] | undefined;
  return () => (cache ??= items.map(f));
}

function toFinding(
  rule: Rule,
  problem: Problem,
  patch: Patch,
  byPath: Map<string, ChangedFile>,
  severity: Severity | undefined,
  keep?: LineRange & { file: string },
): Finding | null {
  const message = renderMessage(rule.meta.id, rule.meta.messages[problem.messageKey] ?? missingKey(rule, problem.messageKey), problem.data);
  const endLine = problem.endLine ?? problem.line;
  let patchLine: number | undefined;
  if (problem.file === COMMIT_MESSAGE) {
    patchLine = patch.commit.body[problem.line - commitBodyLine(0)]?.patchLine;
  } else {
    const view = byPath.get(problem.file)?.view;
    const kept = keep !== undefined && keep.file === problem.file && problem.line <= keep.endLine && keep.line <= endLine;
    if ((rule.meta.scope ?? 'lines') === 'lines' && !kept) {
      if (!view || !touchesAddedLine(view, problem.line, endLine)) return null;
    }
    patchLine = view?.line(problem.line)?.patchLine;
  }
  const finding: Finding = {
    rule: rule.meta.id,
    severity: severity ?? rule.meta.severity,
    messageId: patch.mail.messageId,
    subject: patch.mail.subject.raw,
    messageIndex: patch.mail.index,
    file: problem.file,
    line: problem.line,
    message,
  };
  if (problem.endLine !== undefined && problem.endLine !== problem.line) finding.endLine = problem.endLine;
  if (problem.column !== undefined) finding.column = problem.column;
  if (problem.endColumn !== undefined) finding.endColumn = problem.endColumn;
  if (patchLine !== undefined) finding.patchLine = patchLine;
  return finding;
}

function touchesAddedLine(view: FileView, line: number, endLine: number): boolean {
  for (let n = line; n <= endLine; n++) if (view.line(n)?.added) return true;
  return false;
}

function missingKey(rule: Rule, key: string): never {
  throw new Error(`rule ${rule.meta.id} reported message key "${key}", which its meta.messages lacks`);
}
