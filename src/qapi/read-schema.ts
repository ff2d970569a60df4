/**
 * The schema structure of a file view: line roles, doc blocks and
 * definitions, with each definition tied to the doc block documenting it
 * where the visible lines allow.
 */
import type { FileView } from '../patch/types.js';
import type { Definition, DocBlock, LineRole, SchemaView } from './types.js';
import { findBlocks, lexicalKind } from './block-finder.js';
import { readDocBlock } from './doc-reader.js';
import { candidateMembers, readDefinitions, resolveList, type DocEvidence, type ReadDefinition } from './definition-reader.js';

const OUTSIDE_ROLES: Record<string, LineRole> = { blank: 'blank', code: 'code', comment: 'comment', delimiter: 'doc-delimiter' };
const UNDETERMINED_ROLES: Record<string, LineRole> = { blank: 'blank', code: 'code', comment: 'unknown', delimiter: 'doc-delimiter' };

/** Reads the QAPI schema structure that a complete or partial view of a file shows. */
export function readSchema(view: FileView): SchemaView {
  const roles = new Map<number, LineRole>();
  const docs: DocBlock[] = [];
  const reads: ReadDefinition[] = [];

  view.segments.forEach((run, index) => {
    if (run.length === 0) return;
    const startsAtTop = run[0]!.line === 1;
    const pieces = findBlocks(run, startsAtTop);
    for (const piece of pieces) {
      if (piece.kind === 'doc') {
        const read = readDocBlock(piece.span);
        docs.push(read.block);
        for (const [line, role] of read.roles) roles.set(line, role);
      } else {
        const table = piece.kind === 'outside' ? OUTSIDE_ROLES : UNDETERMINED_ROLES;
        for (const l of piece.lines) roles.set(l.line, table[lexicalKind(l.text)]!);
      }
    }
    const first = pieces[0];
    const mayStartInside = !startsAtTop && first?.kind === 'outside' && first.lines.some((l) => lexicalKind(l.text) === 'code');
    const endsFile = view.complete && index === view.segments.length - 1;
    for (const r of readDefinitions({ lines: run, isCode: (n) => roles.get(n) === 'code', mayStartInside, endsFile })) reads.push(r);
  });

  const definitions = reads.map((r) => attachDoc(r, docs, view, roles));
  return { path: view.path, roles, docs, definitions };
}

/** What lies between two lines: whether every line is visible, and whether any is code or doc material. */
function between(from: number, to: number, view: FileView, roles: Map<number, LineRole>): { gap: boolean; blocked: boolean } {
  let gap = false;
  let blocked = false;
  for (let n = from + 1; n < to; n++) {
    if (!view.line(n)) {
      gap = true;
      continue;
    }
    const role = roles.get(n);
    if (role !== 'blank' && role !== 'comment') blocked = true;
  }
  return { gap, blocked };
}

/** The nearest doc block that closed before `line`. */
function precedingDoc(line: number, docs: DocBlock[]): DocBlock | null {
  let best: DocBlock | null = null;
  for (const d of docs) if (d.endLine < line && (!best || d.endLine > best.endLine)) best = d;
  return best;
}

/**
 * The doc block a definition belongs to.  A definition whose head is visible
 * takes the block right above it; across unseen lines only when the block's
 * symbol names it.  A headless fragment takes the nearest block above when
 * nothing visible in between could start another definition or block: the
 * unseen lines are the accepted risk.
 */
function attachDoc(read: ReadDefinition, docs: DocBlock[], view: FileView, roles: Map<number, LineRole>): Definition {
  const def = read.definition;
  const doc = precedingDoc(def.startLine, docs);
  const usable = doc !== null && doc.closed && doc.freeForm !== true;
  const { gap, blocked } = usable ? between(doc.endLine, def.startLine, view, roles) : { gap: true, blocked: true };

  if (read.headVisible) {
    if (def.meta === 'include' || def.meta === 'pragma') return def;
    if (usable && !blocked && (!gap || (doc.symbol !== null && doc.symbol.name === def.name))) def.doc = doc;
    return def;
  }

  // Across unseen lines only a block known to document a definition will do: free-form text cannot precede one.
  if (usable && !blocked && doc.freeForm === false && vouches(doc, read)) {
    def.doc = doc;
    def.name = doc.symbol?.name ?? null;
  }
  const documented = def.doc ? documentedNames(def.doc) : null;
  for (const u of read.unresolved) {
    const resolved = resolveList(u, documented);
    if (!resolved) continue;
    if (resolved.kind === 'features') {
      def.features = [...(def.features ?? []), ...resolved.names];
      continue;
    }
    for (const m of resolved.members) def.members.push(m);
    def.members.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
    if (def.meta === null) def.meta = resolved.meta;
  }
  if (def.meta === null && def.name !== null) def.meta = metaFromName(def.name);
  return def;
}

/**
 * Whether a doc block across unseen lines can be the fragment's.  Its
 * symbol must fit the kind of definition the fragment's keys show, and the
 * names the fragment shows, if any, must meet the block: described there,
 * referred to as `@name` in its text, or (for the features its members
 * carry) described as features.  A fragment that shows no names is taken on
 * trust: the risk the unseen lines leave.
 */
function vouches(doc: DocBlock, read: ReadDefinition): boolean {
  const def = read.definition;
  if (doc.symbol && def.meta !== null && kindOfName(doc.symbol.name) !== kindOfMeta(def.meta)) return false;
  const members = [...def.members, ...read.unresolved.flatMap(candidateMembers)];
  const features = [...(def.features ?? []), ...members.flatMap((m) => m.features ?? [])];
  if (members.length === 0 && features.length === 0) return true;
  const documented = documentedNames(doc);
  const referenced = new Set(doc.lines.flatMap((l) => [...l.text.matchAll(/@([\w.-]+)/g)].map((m) => m[1]!)));
  const described = (n: string) => documented.members.has(n) || documented.features.has(n) || documented.either.has(n) || referenced.has(n);
  return members.some((m) => described(m.name)) || features.some((f) => documented.features.has(f) || documented.either.has(f));
}

function documentedNames(doc: DocBlock): DocEvidence {
  const members = new Set<string>();
  const features = new Set<string>();
  const either = new Set<string>();
  for (const s of doc.sections) {
    if (s.kind === 'member' && s.name) members.add(s.name);
    if (s.kind === 'feature' && s.name) features.add(s.name);
    if (s.kind === 'description' && s.name) either.add(s.name);
  }
  // Feature descriptions run from `Features:` to the next section, so with that line and the block's end in view
  // all of them are; a whole block without `Features:` has none.
  const featuresLine = doc.sections.some((s) => s.kind === 'features');
  const allFeatures = doc.closed && (featuresLine || doc.opened);
  return { members, features, either, allFeatures };
}

/** What naming rules make of a definition name: commands are lower case, events upper case, types CamelCase. */
function kindOfName(name: string): 'command' | 'event' | 'type' {
  const stem = name.replace(/^__[a-z0-9.-]+_/, '').replace(/^x-/, '');
  if (!/[a-z]/.test(stem)) return 'event';
  if (/^[a-z]/.test(stem)) return 'command';
  return 'type';
}

function kindOfMeta(meta: string): 'command' | 'event' | 'type' {
  return meta === 'command' || meta === 'event' ? meta : 'type';
}

/** The meta a name implies, where it implies one (a type could be any of four). */
function metaFromName(name: string): string | null {
  const kind = kindOfName(name);
  return kind === 'type' ? null : kind;
}
