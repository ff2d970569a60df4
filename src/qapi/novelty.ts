/**
 * What a patch introduces into a schema, as opposed to what it merely
 * touches or moves.  A name is new only when a line the patch (or an
 * earlier patch of its series) adds introduces it and no line the patch or
 * the series removes, in any schema file, held it: a definition deleted in
 * one module and added to another is moved, not new.
 */
import { isQapiSchema, shownLines } from '../engine/files.js';
import type { ChangedFile, PatchTrace, RuleContext, SchemaFile, SeriesMemory } from '../engine/types.js';
import type { Patch } from '../patch/types.js';
import type { Definition, DefinitionMember, DocBlock } from './types.js';

/** Keys of a patch's trace: a name on a removed line; a definition, a member the patch adds. */
export const REMOVED_NAME = 'qapi-name:';
export const ADDED_DEFINITION = 'qapi-definition:';
export const ADDED_MEMBER = 'qapi-member:';

/** Quoted names (`'name'`, `'*name'`) and doc names (`@name:`) of a line. */
function namesOn(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/'\*?([\w.+-]+)'|@([\w.+-]+)\s*:/g)) names.push((m[1] ?? m[2])!);
  return names;
}

const removedCache = new WeakMap<Patch, ReadonlySet<string>>();

/**
 * Every name that stands on a line the patch removes from a schema file,
 * whichever file (a deleted module too): what the patch moves or rewrites
 * was there before.
 */
function removedNames(patch: Patch): ReadonlySet<string> {
  let names = removedCache.get(patch);
  if (names) return names;
  const found = new Set<string>();
  for (const diff of patch.files) {
    if (!isQapiSchema(diff.oldPath ?? diff.path, () => shownLines(diff))) continue;
    for (const hunk of diff.hunks) for (const l of hunk.lines) if (l.kind === 'del') for (const n of namesOn(l.text)) found.add(n);
  }
  names = found;
  removedCache.set(patch, names);
  return names;
}

const removedTextCache = new WeakMap<Patch, ReadonlySet<string>>();

/** The trimmed text of every line the patch removes from a schema file. */
function removedLines(patch: Patch): ReadonlySet<string> {
  let lines = removedTextCache.get(patch);
  if (lines) return lines;
  const found = new Set<string>();
  for (const diff of patch.files) {
    if (!isQapiSchema(diff.oldPath ?? diff.path, () => shownLines(diff))) continue;
    for (const hunk of diff.hunks) for (const l of hunk.lines) if (l.kind === 'del') found.add(l.text.trim());
  }
  lines = found;
  removedTextCache.set(patch, lines);
  return lines;
}

/**
 * The block's text stood on removed lines, under another name: the
 * definition is renamed (its doc carried over), not introduced.  Two
 * lines of prose at least, besides the Since section, so that a stock
 * phrase does not pass for a carried-over doc.
 */
function carriedOver(file: ChangedFile, patch: Patch, block: DocBlock): boolean {
  const since = new Set(block.sections.filter((s) => s.kind === 'tagged' && s.tag === 'Since').flatMap((s) => s.lines.map((l) => l.line)));
  const prose = block.lines.filter((l) => l.role === 'doc-prose' && l.text.trim() !== '' && !since.has(l.line));
  const removed = removedLines(patch);
  // Renamed in place, the prose is context; moved and renamed, it stood on removed lines.
  return prose.length >= 2 && prose.every((l) => !isAdded(file, l.line) || removed.has(l.raw.trim()));
}

const TYPE_METAS: ReadonlySet<string> = new Set(['struct', 'union', 'enum', 'alternate']);

const isAdded = (file: ChangedFile, line: number): boolean => !file.whole && file.view.line(line)?.added === true;

/** Names of members on lines the file's patch adds, and quoted names on added code lines (a list the reader could not place). */
const addedMemberCache = new WeakMap<SchemaFile, ReadonlySet<string>>();
function addedMemberNames(file: SchemaFile): ReadonlySet<string> {
  let names = addedMemberCache.get(file);
  if (names) return names;
  const found = new Set<string>();
  for (const def of file.schema.definitions) for (const m of def.members) if (isAdded(file, m.nameRange.start.line)) found.add(m.name);
  for (const segment of file.view.segments) {
    for (const l of segment) {
      if (l.added && file.schema.roles.get(l.line) === 'code') for (const n of namesOn(l.text)) found.add(n);
    }
  }
  names = found;
  addedMemberCache.set(file, names);
  return names;
}

/**
 * Each block's documented members by name (the first of a name, as a search would find), built once
 * per file: a rule asks for every `@name:` of a block, and a definition may have tens of thousands.
 */
const documentedCache = new WeakMap<SchemaFile, Map<DocBlock, Map<string, DefinitionMember>>>();
function documentedMembers(file: SchemaFile, block: DocBlock): Map<string, DefinitionMember> | undefined {
  let byBlock = documentedCache.get(file);
  if (!byBlock) {
    byBlock = new Map();
    for (const d of file.schema.definitions) {
      if (!d.doc || byBlock.has(d.doc)) continue;
      const members = new Map<string, DefinitionMember>();
      for (const m of d.members) if (!members.has(m.name)) members.set(m.name, m);
      byBlock.set(d.doc, members);
    }
    documentedCache.set(file, byBlock);
  }
  return byBlock.get(block);
}

/**
 * The definition each doc block documents (the first, as a search would find), built once per
 * file: every new definition and every block cut off from its symbol asks, and a search per
 * block made checking a schema quadratic in its size.
 */
const definitionCache = new WeakMap<SchemaFile, Map<DocBlock, Definition>>();
export function definitionOf(file: SchemaFile, block: DocBlock): Definition | undefined {
  let byBlock = definitionCache.get(file);
  if (!byBlock) {
    byBlock = new Map();
    for (const d of file.schema.definitions) if (d.doc && !byBlock.has(d.doc)) byBlock.set(d.doc, d);
    definitionCache.set(file, byBlock);
  }
  return byBlock.get(block);
}

/** The member `@name:` of the block describes, when the definition it documents is visible and lists it. */
export function documentedMember(file: SchemaFile, block: DocBlock, name: string): DefinitionMember | undefined {
  return documentedMembers(file, block)?.get(name);
}

export interface Novelty {
  /** The name stood on a line this patch or an earlier patch of its series removed: it was there before. */
  existedBefore(name: string): boolean;
  /** A member the patch adds to a definition: on an added line, and there before nowhere (a re-punctuated `'x' ]` → `'x',` is the old member). */
  isNewMember(file: ChangedFile, member: DefinitionMember): boolean;
  /**
   * The definition the block documents is new: the patch adds its `# @Name:`
   * line, the name was there before nowhere, and its doc is not carried over
   * from a removed definition (a rename).
   */
  isNewDefinition(file: SchemaFile, block: DocBlock): boolean;
  /**
   * An `@name:` description the patch adds for a member it adds: documenting
   * an existing member, or moving one, introduces nothing.  A member an
   * earlier patch of the series added counts as added.
   */
  isNewMemberDoc(file: SchemaFile, block: DocBlock, line: number, name: string): boolean;
  /** An earlier patch of the series created the definition (and did not merely move it). */
  createdInSeries(name: string): boolean;
}

/** What counts as new for the patch under review, its other files and its series considered. */
export function noveltyOf(context: Pick<RuleContext, 'patch' | 'series'>): Novelty {
  const removed = removedNames(context.patch);
  const series: SeriesMemory | null = context.series;
  const existedBefore = (name: string) => removed.has(name) || (series?.removed.has(REMOVED_NAME + name) ?? false);
  return {
    existedBefore,
    isNewMember: (file, member) => isAdded(file, member.nameRange.start.line) && !existedBefore(member.name),
    isNewDefinition(file, block) {
      if (block.symbol === null || !isAdded(file, block.symbol.line) || existedBefore(block.symbol.name)) return false;
      // Only a type's name stays off the wire: a renamed command or event is a new one.
      const meta = definitionOf(file, block)?.meta;
      return !(meta && TYPE_METAS.has(meta) && carriedOver(file, context.patch, block));
    },
    isNewMemberDoc(file, block, line, name) {
      if (!isAdded(file, line) || existedBefore(name)) return false;
      if (series?.added.has(ADDED_MEMBER + name)) return true;
      // The documented definition, where visible, tells for itself; else any member the patch adds to the file.
      const member = documentedMember(file, block, name);
      if (member) return isAdded(file, member.nameRange.start.line);
      return addedMemberNames(file).has(name);
    },
    createdInSeries: (name) => (series?.added.has(ADDED_DEFINITION + name) ?? false) && !(series?.removed.has(REMOVED_NAME + name) ?? false),
  };
}

/** What a patch adds and removes in its schema files, for the later patches of its series. */
export function qapiTrace(patch: Patch, schemas: readonly SchemaFile[]): PatchTrace {
  const added = new Set<string>();
  for (const file of schemas) {
    for (const block of file.schema.docs) if (block.symbol && isAdded(file, block.symbol.line)) added.add(ADDED_DEFINITION + block.symbol.name);
    for (const def of file.schema.definitions) {
      // meta is known only when the head is visible: a fragment's first line is no definition's start.
      if (def.name && def.meta !== null && def.meta !== 'include' && def.meta !== 'pragma' && isAdded(file, def.startLine))
        added.add(ADDED_DEFINITION + def.name);
      for (const m of def.members) if (isAdded(file, m.nameRange.start.line)) added.add(ADDED_MEMBER + m.name);
    }
  }
  return { added: [...added].sort(), removed: [...removedNames(patch)].map((n) => REMOVED_NAME + n).sort() };
}
