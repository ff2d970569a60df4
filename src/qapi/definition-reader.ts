/**
 * Definitions (and their members) from the code lines of one run.
 *
 * Expressions whose opening brace is visible are read as they stand.  Code
 * at the top of a run that started inside an expression becomes a headless
 * fragment: its member list is recognised from a visible key (`'data': [`),
 * or, with the key cut off, from what the entries look like and from the
 * names the documentation describes.
 */
import type { SourceLine } from '../patch/types.js';
import type { Definition, DefinitionMember, Range } from './types.js';
import { tokenizeLine, type Token } from './tokenizer.js';
import {
  buildTree,
  entriesOf,
  isContainer,
  stringMember,
  tokenBounds,
  valuesOf,
  type Container,
  type Entry,
  type Item,
  type Value,
} from './expression-tree.js';

export const DEFINITION_METAS = ['enum', 'struct', 'union', 'alternate', 'command', 'event', 'include', 'pragma'] as const;
const METAS: ReadonlySet<string> = new Set(DEFINITION_METAS);

/** A definition as read from one run, before documentation is attached. */
export interface ReadDefinition {
  definition: Definition;
  /** The opening brace is visible. */
  headVisible: boolean;
  /** Member lists whose key is cut off, to be settled once the documentation is known. */
  unresolved: UnresolvedList[];
}

/** A list of entries whose key lies above the run: members, enum values or features, to be decided. */
export interface UnresolvedList {
  list: Container;
  /** The expression shows a discriminator or branches: an object list is more likely the base. */
  unionLike: boolean;
}

export interface RunCode {
  lines: SourceLine[];
  /** Lines holding schema code (not comments or blank lines). */
  isCode: (line: number) => boolean;
  /** Code at the top of the run may continue an expression that began above it. */
  mayStartInside: boolean;
  /** The run ends where the file ends. */
  endsFile: boolean;
}

function range(first: Token, last: Token): Range {
  return { start: { line: first.line, column: first.column }, end: { line: last.line, column: last.endColumn } };
}

function isHead(c: Container): boolean {
  if (c.kind !== 'object' || !c.open) return false;
  const first = entriesOf(c.items)[0];
  return first?.key !== null && first?.key !== undefined && METAS.has(first.key.value);
}

/** Names in a `'features'` list: strings or `{ 'name': … }` objects. */
function featureNames(value: Value | null): string[] | null {
  if (!isContainer(value) || value.kind !== 'array') return null;
  const names: string[] = [];
  for (const v of valuesOf(value.items)) {
    if (v.kind === 'string') names.push(v.token.value);
    else if (isContainer(v) && v.kind === 'object') {
      const name = stringMember(v, 'name');
      if (name) names.push(name.value);
    }
  }
  return names;
}

function entryFeatures(container: Container): string[] | null {
  const e = entriesOf(container.items).find((x) => x.key?.value === 'features');
  return e ? featureNames(e.value) : null;
}

/** Enum values (or other name lists): `'v'` or `{ 'name': 'v', … }`. */
export function arrayMembers(items: Item[], container: string): DefinitionMember[] {
  const members: DefinitionMember[] = [];
  for (const v of valuesOf(items)) {
    if (v.kind === 'string') {
      const r = range(v.token, v.token);
      members.push({ name: v.token.value, optional: false, nameRange: r, range: r, features: null, container, form: 'string' });
    } else if (isContainer(v) && v.kind === 'object') {
      const name = stringMember(v, 'name');
      const bounds = tokenBounds(v);
      if (!name || !bounds) continue;
      const member: DefinitionMember = {
        name: name.value,
        optional: false,
        nameRange: range(name, name),
        range: range(bounds.first, bounds.last),
        features: entryFeatures(v),
        container,
        form: 'object',
      };
      if (!v.open || !v.close) member.truncated = true;
      members.push(member);
    }
  }
  return members;
}

/** Members of a `{ '*name': 'type', 'name': { 'type': …, 'features': … } }` list. */
export function objectMembers(entries: Entry[], container: string): DefinitionMember[] {
  const members: DefinitionMember[] = [];
  for (const e of entries) {
    if (!e.key) continue;
    const optional = e.key.value.startsWith('*');
    const valueBounds = e.value ? tokenBounds(e.value) : null;
    const member: DefinitionMember = {
      name: optional ? e.key.value.slice(1) : e.key.value,
      optional,
      nameRange: range(e.key, e.key),
      range: range(e.key, valueBounds?.last ?? e.key),
      features: isContainer(e.value) && e.value.kind === 'object' ? entryFeatures(e.value) : null,
      container,
      form: 'member',
    };
    if (!e.value || (isContainer(e.value) && (!e.value.open || !e.value.close))) member.truncated = true;
    members.push(member);
  }
  return members;
}

function linesOf(value: Value | Item): { first: number; last: number } | null {
  const b = tokenBounds(value);
  return b ? { first: b.first.line, last: b.last.line } : null;
}

/** Members found under the keys of a visible expression object. */
function listsOf(entries: Entry[], meta: string | null): { members: DefinitionMember[]; lists: Map<string, Value | null> } {
  const members: DefinitionMember[] = [];
  const lists = new Map<string, Value | null>();
  for (const e of entries) {
    const key = e.key?.value;
    if (key !== 'data' && key !== 'branches' && key !== 'base') continue;
    // A union's 'data' is its branches in old schemas; either way they are its variants.
    lists.set(key, e.value);
    if (!isContainer(e.value)) continue;
    if (e.value.kind === 'array') {
      if (key === 'data' && (meta === 'enum' || meta === null)) for (const m of arrayMembers(e.value.items, key)) members.push(m);
    } else {
      for (const m of objectMembers(entriesOf(e.value.items), key)) members.push(m);
    }
  }
  return { members, lists };
}

/** Which keys hold the member lists of a kind of definition. */
function listKeys(meta: string | null): string[] {
  switch (meta) {
    case 'union':
      return ['base', 'branches'];
    case 'enum':
    case 'struct':
    case 'alternate':
    case 'command':
    case 'event':
      return ['data'];
    default:
      return [];
  }
}

/** The kind of definition that its keys (or its 'data' shape) give away. */
function inferMeta(entries: Entry[]): string | null {
  const keys = new Set(entries.map((e) => e.key?.value).filter((k): k is string => k !== undefined));
  if (keys.has('branches') || keys.has('discriminator')) return 'union';
  if (keys.has('prefix')) return 'enum';
  for (const k of ['returns', 'success-response', 'allow-oob', 'allow-preconfig', 'coroutine', 'gen']) {
    if (keys.has(k)) return 'command';
  }
  const data = entries.find((e) => e.key?.value === 'data')?.value;
  if (isContainer(data) && data.kind === 'array') return 'enum';
  return null;
}

function expressionDefinition(c: Container): ReadDefinition {
  const entries = entriesOf(c.items);
  const head = entries[0]!;
  const meta = head.key!.value;
  const name = head.value?.kind === 'string' ? head.value.token.value : null;
  const { members, lists } = listsOf(entries, meta);
  const complete = c.close !== null;
  const keys = listKeys(meta);
  const membersComplete = complete || (keys.length > 0 && keys.every((k) => lists.has(k) && listComplete(lists.get(k)!)));
  const featuresEntry = entries.find((e) => e.key?.value === 'features');
  const bounds = tokenBounds(c)!;
  return {
    definition: {
      meta,
      name,
      doc: null,
      startLine: bounds.first.line,
      endLine: bounds.last.line,
      complete,
      members,
      membersComplete,
      features: featuresEntry ? featureNames(featuresEntry.value) : null,
    },
    headVisible: true,
    unresolved: [],
  };
}

function listComplete(value: Value | null): boolean {
  if (!value) return false;
  if (!isContainer(value)) return true;
  return value.open !== null && value.close !== null;
}

/** Keys that only an expression has, with the kind of value they take there. */
const EXPRESSION_ONLY: Record<string, (v: Value | null) => boolean> = {
  discriminator: (v) => v?.kind === 'string',
  branches: (v) => isContainer(v) && v.kind === 'object',
  returns: (v) => v?.kind === 'string' || (isContainer(v) && v.kind === 'array'),
  'allow-oob': (v) => v?.kind === 'bool',
  'allow-preconfig': (v) => v?.kind === 'bool',
  coroutine: (v) => v?.kind === 'bool',
  'success-response': (v) => v?.kind === 'bool',
  gen: (v) => v?.kind === 'bool',
  boxed: (v) => v?.kind === 'bool',
};

const BUILTIN_TYPES = new Set([
  'str',
  'number',
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'size',
  'bool',
  'null',
  'any',
  'QType',
]);

/** A name that could stand for a type (as in `'returns': ['BlockInfo']` or `'type': ['str']`) or a condition. */
function typeLike(name: string): boolean {
  return /^[A-Z]/.test(name) || BUILTIN_TYPES.has(name);
}

const MEMBER_OBJECT_KEYS = new Set(['type', 'if', 'features']);

/** `{ 'type': …, 'if': …, 'features': … }`: how a single member is written out in full. */
function isMemberObject(v: Value | null): boolean {
  if (!isContainer(v) || v.kind !== 'object') return false;
  const keys = entriesOf(v.items).map((e) => e.key?.value);
  return keys.includes('type') && keys.every((k) => k !== undefined && MEMBER_OBJECT_KEYS.has(k));
}

/**
 * A key whose value shows it holds a member list, so the object around it is
 * an expression: a member called 'data' has a type, never a dict of members
 * or a list of lower-case names.
 */
function holdsMemberList(key: string, v: Value | null): boolean {
  if (key !== 'data' && key !== 'base' && key !== 'branches') return false;
  if (isContainer(v) && v.kind === 'object') return !isMemberObject(v) && entriesOf(v.items).some((e) => e.key !== null);
  if (isContainer(v) && v.kind === 'array' && key === 'data') {
    return valuesOf(v.items).some((x) => (x.kind === 'string' && !typeLike(x.token.value)) || (isContainer(x) && stringMember(x, 'name') !== null));
  }
  return false;
}

/** The first value of a container when it is a container opened above the run (the chain goes on inside it). */
function leadingOpenAbove(c: Container): Container | null {
  const first = c.items.find((i) => i.kind !== 'separator');
  return isContainer(first) && first.open === null ? first : null;
}

/**
 * The headless fragment at the top of a run.  Its code forms a chain of
 * containers whose openers lie above, innermost first; each unmatched
 * closer took in everything before it.  The outermost of them is the
 * expression itself when what follows it is top level; the level around it
 * (the items after it, still open below the run) is the expression when it
 * shows keys only an expression has.  Deeper levels, whatever their keys
 * look like, are values: a member may well be called 'data' or 'prefix'.
 */
function fragmentDefinition(items: Item[], endsAtTopLevel: boolean): ReadDefinition | null {
  if (!items.some((i) => i.kind !== 'separator')) return null;
  const hasColon = items.some((i) => i.kind === 'separator' && i.token.value === ':');
  const level: Container = { kind: hasColon ? 'object' : 'array', open: null, close: null, items };
  const head = items[0];
  const outermost = isContainer(head) && head.open === null ? head : null;
  const onlyOutermost = outermost !== null && items.length === 1;

  // The outermost level in sight is the only one that can be the expression.
  const candidate = onlyOutermost ? outermost : level;
  const expressionOnly = entriesOf(candidate.items).some((e) => e.key && (EXPRESSION_ONLY[e.key.value]?.(e.value) || holdsMemberList(e.key.value, e.value)));
  const expression = candidate.kind === 'object' && (expressionOnly || (onlyOutermost && endsAtTopLevel)) ? candidate : null;

  let meta: string | null = null;
  let features: string[] | null = null;
  const members: DefinitionMember[] = [];
  let membersComplete = false;
  const unresolved: UnresolvedList[] = [];
  if (expression) {
    const entries = entriesOf(expression.items);
    meta = inferMeta(entries);
    const found = listsOf(entries, meta);
    for (const m of found.members) members.push(m);
    const keys = listKeys(meta);
    membersComplete = keys.length > 0 && keys.every((k) => found.lists.has(k) && listComplete(found.lists.get(k)!));
    const featuresEntry = entries.find((e) => e.key?.value === 'features');
    if (featuresEntry) features = featureNames(featuresEntry.value);
    const leading = leadingOpenAbove(expression);
    if (leading) unresolved.push({ list: leading, unionLike: meta === 'union' });
  } else {
    // The innermost level is the one the run started in: a member list, or something inside a member.
    let inner: Container = onlyOutermost ? outermost : level;
    for (let c = leadingOpenAbove(inner); c; c = leadingOpenAbove(c)) inner = c;
    unresolved.push({ list: inner, unionLike: false });
  }

  const lines = items.map(linesOf).filter((b): b is { first: number; last: number } => b !== null);
  return {
    definition: {
      meta,
      name: null,
      doc: null,
      startLine: lines[0]!.first,
      endLine: lines[lines.length - 1]!.last,
      complete: false,
      members,
      membersComplete,
      features,
    },
    headVisible: false,
    unresolved,
  };
}

/** The members a cut-off list would contribute if it were a member list. */
export function candidateMembers(u: UnresolvedList): DefinitionMember[] {
  if (u.list.kind === 'array') return arrayMembers(u.list.items, 'data');
  return objectMembers(entriesOf(u.list.items), 'data');
}

/** What a doc block says about the names a definition may use. */
export interface DocEvidence {
  members: Set<string>;
  features: Set<string>;
  /** Described, but whether as members or features is out of sight. */
  either: Set<string>;
  /** Every feature description of the block is visible (the generator wants each feature described). */
  allFeatures: boolean;
}

/**
 * Settles a cut-off list: members when its entries can only be members, or
 * when the documentation describes one of its names as a member.
 *
 * A list of names with its key cut off may hold enum values, features, a
 * `'returns'` or member type, or `'if'` conditions.  Features must each be
 * described in the doc block, types and conditions are capitalised (or
 * built in), so a lower-case name that the block's complete feature list
 * lacks is an enum value.
 */
export function resolveList(
  u: UnresolvedList,
  documented: DocEvidence | null,
): { kind: 'members'; members: DefinitionMember[]; meta: string | null } | { kind: 'features'; names: string[] } | null {
  const list = u.list;
  if (list.kind === 'array') {
    const values = valuesOf(list.items);
    const candidates = arrayMembers(list.items, 'data');
    if (candidates.length === 0 || candidates.length !== values.length) return null;
    const names = candidates.map((m) => m.name);
    const objectWithFeatures = values.some((v) => isContainer(v) && v.kind === 'object' && entriesOf(v.items).some((e) => e.key?.value === 'features'));
    const described = (set: Set<string> | undefined) => set !== undefined && names.some((n) => set.has(n));
    const asMember = described(documented?.members);
    // A description of unknown kind could be a feature's as well as a member's.
    const asFeature = described(documented?.features) || described(documented?.either);
    const notFeatures = documented !== null && documented.allFeatures && !asFeature;
    const notTypes = names.some((n) => !typeLike(n));
    if (objectWithFeatures || (asMember && !asFeature) || (notFeatures && notTypes)) {
      return { kind: 'members', members: candidates, meta: 'enum' };
    }
    if (described(documented?.features) && !asMember) return { kind: 'features', names };
    return null;
  }
  const entries = entriesOf(list.items);
  const keys = entries.map((e) => e.key?.value).filter((k): k is string => k !== undefined);
  if (keys.length === 0 || keys.some((k) => k === 'all' || k === 'any' || k === 'not' || k === 'type' || k === 'name')) {
    return null;
  }
  const bare = keys.map((k) => (k.startsWith('*') ? k.slice(1) : k));
  const optional = keys.some((k) => k.startsWith('*'));
  const typed = entries.some((e) => isMemberObject(e.value));
  // Only members come as a dict, so a description of unknown kind counts here.
  const documentedMember = documented !== null && bare.some((n) => documented.members.has(n) || documented.either.has(n));
  if (!optional && !typed && !documentedMember) return null;
  return { kind: 'members', members: objectMembers(entries, u.unionLike ? 'base' : 'data'), meta: null };
}

/** Reads every definition the run shows, whole or in part. */
export function readDefinitions(run: RunCode): ReadDefinition[] {
  const tokens: Token[] = [];
  // One token at a time: spreading a line of 200,000 tokens into push() overflows the stack.
  for (const l of run.lines) if (run.isCode(l.line)) for (const t of tokenizeLine(l.text, l.line)) tokens.push(t);
  const root = buildTree(tokens, isHead);

  const results: ReadDefinition[] = [];
  const fragment: Item[] = [];
  for (const item of root) {
    if (isContainer(item) && !item.isValue && isHead(item)) {
      results.push(expressionDefinition(item));
      continue;
    }
    // Only code above the first whole expression can continue one from above.
    if (results.length === 0 && run.mayStartInside) fragment.push(item);
  }
  if (fragment.length > 0) {
    const last = tokenBounds(fragment[fragment.length - 1]!)?.last;
    const headless = fragmentDefinition(fragment, results.length > 0 || (last !== undefined && topLevelAfter(run, last.line)));
    if (headless) results.unshift(headless);
  }
  return results;
}

/**
 * Whether what follows a line shows the code above it ended at top level: a
 * `##` (doc blocks stand between expressions) or a blank line (never seen
 * inside an expression in QEMU's schemas), or the end of a whole file.
 */
function topLevelAfter(run: RunCode, line: number): boolean {
  for (const l of run.lines) {
    if (l.line <= line) continue;
    if (run.isCode(l.line)) return false;
    const body = l.text.trim();
    if (body === '' || body.startsWith('##')) return true;
  }
  return run.endsFile;
}
