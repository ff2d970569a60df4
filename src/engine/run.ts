/**
 * Runs rules over one patch: builds what the rules look at (file views,
 * QAPI structure, C macros) once, hands it to every rule's visitors, and
 * keeps the findings that land on lines the patch adds or changes.
 */
import type { Patch, FileView } from '../patch/types.js';
import { viewOfDiff } from '../patch/view.js';
import { readSchema } from '../qapi/read-schema.js';
import { readMacros } from '../c/macros.js';
import { isCSourcePath, isQapiSchemaPath } from './files.js';
import { renderMessage } from './message.js';
import { COMMIT_MESSAGE, commitBodyLine } from './types.js';
import { qapiTrace } from '../qapi/novelty.js';
import type { CFile, ChangedFile, Finding, PatchTrace, Problem, ReviewSettings, Rule, RuleVisitors, SchemaFile, SeriesMemory, Severity, TreeAccess } from './types.js';

export interface RuleFailure {
  rule: string;
  error: string;
}

export interface PatchReview {
  findings: Finding[];
  /** Rules that threw on this patch: their bug, reported instead of stopping the run. */
  failures: RuleFailure[];
  /** What the patch added and removed, when asked for (RunOptions.trace). */
  trace?: PatchTrace;
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
}

export function reviewPatch(patch: Patch, rules: readonly Rule[], options: RunOptions = {}): PatchReview {
  const files = patch.files
    .filter((diff) => diff.newPath !== null && !diff.binary)
    .map((diff): ChangedFile => ({ diff, path: diff.path, view: options.viewOf?.(diff) ?? viewOfDiff(diff), whole: options.wholeFiles ?? false }));
  const schemas = lazyMap(files.filter((f) => isQapiSchemaPath(f.path)), (f): SchemaFile => ({ ...f, schema: readSchema(f.view) }));
  const cFiles = lazyMap(files.filter((f) => isCSourcePath(f.path)), (f): CFile => ({ ...f, macros: readMacros(f.view) }));
  const byPath = new Map(files.map((f) => [f.path, f]));

  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  for (const rule of rules) {
    try {
      const report = (problem: Problem) => {
        const finding = toFinding(rule, problem, patch, byPath, options.severity?.[rule.meta.id]);
        if (finding) findings.push(finding);
      };
      const visitors = rule.create({ patch, settings: options.settings ?? {}, tree: options.tree ?? null, series: options.series ?? null, files, report });
      visit(visitors, patch, files, schemas, cFiles);
    } catch (error) {
      failures.push({ rule: rule.meta.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || a.rule.localeCompare(b.rule));
  if (!options.trace) return { findings, failures };
  return { findings, failures, trace: patch.mangled ? { added: [], removed: [] } : qapiTrace(patch, schemas()) };
}

function visit(visitors: RuleVisitors, patch: Patch, files: ChangedFile[], schemas: () => SchemaFile[], cFiles: () => CFile[]): void {
  visitors.patch?.(patch);
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

function toFinding(rule: Rule, problem: Problem, patch: Patch, byPath: Map<string, ChangedFile>, severity: Severity | undefined): Finding | null {
  const message = renderMessage(rule.meta.id, rule.meta.messages[problem.messageKey] ?? missingKey(rule, problem.messageKey), problem.data);
  const endLine = problem.endLine ?? problem.line;
  let patchLine: number | undefined;
  if (problem.file === COMMIT_MESSAGE) {
    patchLine = patch.commit.body[problem.line - commitBodyLine(0)]?.patchLine;
  } else {
    const view = byPath.get(problem.file)?.view;
    if ((rule.meta.scope ?? 'lines') === 'lines') {
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
  if (problem.suggestion) finding.suggestion = problem.suggestion;
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
