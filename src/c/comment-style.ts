/**
 * What the opt-in C comment rules share: the added comment lines of a C
 * file, and why the rule may speak there (the run, a maintainer profile,
 * or, in tree mode, the file's own habit).
 */
import type { ChangedFile, RuleContext } from '../engine/types.js';
import { isCSourcePath } from '../engine/files.js';
import type { SourceLine } from '../patch/types.js';
import { commentHabit, commentLines, type CommentHabit, type CommentLine } from './comments.js';

/** A file's habit counts only with enough comment to go by. */
const HABIT_MIN_LINES = 20;
const HABIT_MIN_GAPS = 10;
/** The share of a file's comment lines (or sentence gaps) that makes a habit. */
export const HABIT_SHARE = 0.95;

export interface AddedComment {
  line: SourceLine;
  comment: CommentLine;
}

/** Licence and copyright lines are legal text, copied as they are: no style applies. */
const LEGAL = /\bCopyright\b|\bSPDX-License-Identifier\b|\([cC]\)/;

/** The comment-only lines the patch adds to a C file, licence and copyright lines left out. */
export function addedComments(file: ChangedFile): AddedComment[] {
  if (!isCSourcePath(file.path) || file.whole) return [];
  const out: AddedComment[] = [];
  for (const segment of file.view.segments) {
    for (const comment of commentLines(segment.map((l) => l.text))) {
      const line = segment[comment.index]!;
      if (line.added && !LEGAL.test(line.text)) out.push({ line, comment });
    }
  }
  return out;
}

/**
 * Whether voiceFor could give a voice at all: a run without the rule turned on for the file and
 * without a tree to learn the file's habit from never does, and most runs are such runs.
 */
export const mayVoice = (context: RuleContext, file: ChangedFile): boolean => context.optedIn(file.path) !== null || context.tree !== null;

/** Why the rule speaks on the file: a sentence naming it, or null to stay quiet. */
export type Voice = { kind: 'asked'; who: string } | { kind: 'habit'; share: number };

/**
 * The run or a profile turned the rule on for the file; failing that, in
 * tree mode, the rest of the file keeps to the style (`holds` reads the
 * habit) at least HABIT_SHARE of the time.
 */
export function voiceFor(
  context: RuleContext,
  file: ChangedFile,
  width: number,
  holds: (habit: CommentHabit) => { share: number; enough: boolean } | null,
): Voice | null {
  const optIn = context.optedIn(file.path);
  if (optIn) return { kind: 'asked', who: optIn.by === 'profile' ? `the ${optIn.section} maintainers' style` : 'this run' };
  const text = context.tree?.read(file.path);
  if (typeof text !== 'string') return null;
  const own = new Set<number>();
  for (const segment of file.view.segments) for (const l of segment) if (l.added) own.add(l.line);
  const verdict = holds(commentHabit(text, width, own));
  return verdict && verdict.enough && verdict.share >= HABIT_SHARE ? { kind: 'habit', share: verdict.share } : null;
}

export const widthHabit = (habit: CommentHabit) => ({ share: habit.lines === 0 ? 0 : habit.narrow / habit.lines, enough: habit.lines >= HABIT_MIN_LINES });

export const spacingHabit = (habit: CommentHabit) => ({
  share: habit.sentenceGaps === 0 ? 0 : habit.twoSpaced / habit.sentenceGaps,
  enough: habit.sentenceGaps >= HABIT_MIN_GAPS,
});

/** "97%", rounded down so that 99.6% never reads as all of them. */
export const percent = (share: number): string => `${Math.floor(share * 100)}%`;
