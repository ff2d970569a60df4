/** What a patch introduces into a schema, as opposed to what it merely touches. */
import type { ChangedFile } from '../engine/types.js';
import type { DefinitionMember } from './types.js';

/** Does a line the patch removes from this file hold `needle`?  Then the thing was there before. */
function removedLineHolds(file: ChangedFile, needle: string): boolean {
  return file.diff.hunks.some((h) => h.lines.some((l) => l.kind === 'del' && l.text.includes(needle)));
}

/**
 * A member the patch adds: on an added line, and not on a removed one (a
 * re-punctuated `'x' ]` → `'x',` is the old member).  Nothing is new when
 * a file is reviewed whole.
 */
export function isNewMember(file: ChangedFile, member: DefinitionMember): boolean {
  if (file.whole || file.view.line(member.nameRange.start.line)?.added !== true) return false;
  return !removedLineHolds(file, `'${member.optional ? '*' : ''}${member.name}'`);
}

/** A doc line `@name:` (or `# @Name:`) the patch adds and did not have before. */
export function isNewDocName(file: ChangedFile, line: number, name: string): boolean {
  if (file.whole || file.view.line(line)?.added !== true) return false;
  return !removedLineHolds(file, `@${name}:`);
}
