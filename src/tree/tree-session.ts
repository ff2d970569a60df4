/**
 * A series applied to a tree in memory, patch after patch: the tree on
 * disk is never written.  Each patch's files get complete views of their
 * text after the patch; what does not apply is said, and falls back to the
 * diff's own view.
 */
import type { Mail } from '../mail/types.js';
import type { FileDiff, FileView, Patch } from '../patch/types.js';
import { viewFromSegments } from '../patch/view.js';
import type { ApplyFailure, TreeAccess, TreeCall } from '../engine/types.js';
import { isCSourcePath } from '../engine/files.js';
import { applyHunks, undoneText } from './apply-hunks.js';
import { SourceTree } from './source-tree.js';
import { usesOnLines } from '../c/macros.js';
import { continuesRun, seriesPlaceOf, type SeriesPlace } from '../review/series-memory.js';

/** A path an earlier patch of the series failed to change: its text is no longer known. */
const UNKNOWN = Symbol('unknown');

export interface PatchOnTree {
  /** The new side of every file that applied. */
  views: Map<FileDiff, FileView>;
  access: TreeAccess;
}

export class TreeSession {
  /** Texts changed by the series so far; null for a deleted file. */
  private overlay = new Map<string, string | null | typeof UNKNOWN>();
  private place: SeriesPlace | null = null;

  constructor(readonly tree: SourceTree) {}

  /** The file as the series has left it so far (null: absent). */
  read(path: string): string | null | typeof UNKNOWN {
    const changed = this.overlay.get(path);
    return changed !== undefined ? changed : this.tree.read(path);
  }

  /**
   * Applies the patch on top of the earlier patches of its series (a patch
   * of another series, or a lone patch, starts again from the tree).
   */
  apply(patch: Patch): PatchOnTree {
    this.enterSeries(patch.mail);
    const failures: ApplyFailure[] = [];
    const applied: string[] = [];
    const views = new Map<FileDiff, FileView>();
    const refused = this.refusal(patch);
    if (!refused) {
      for (const diff of patch.files) {
        const failure = this.applyFile(diff, views, applied);
        if (failure) failures.push(failure);
      }
    }
    return { views, access: this.access(failures, refused, applied) };
  }

  private enterSeries(mail: Mail): void {
    const place = seriesPlaceOf(mail);
    if (!continuesRun(this.place, place)) this.overlay.clear();
    this.place = place;
  }

  /** Paths that would reach outside the tree refuse the whole patch. */
  private refusal(patch: Patch): string | null {
    for (const diff of patch.files) {
      for (const path of [diff.oldPath, diff.newPath]) {
        if (path === null) continue;
        const where = this.tree.locate(path);
        if ('refused' in where) return `'${path}' is ${where.refused}`;
      }
    }
    return null;
  }

  private applyFile(diff: FileDiff, views: Map<FileDiff, FileView>, applied: string[]): ApplyFailure | null {
    const fail = (why: string): ApplyFailure => {
      if (diff.newPath) this.overlay.set(diff.newPath, UNKNOWN);
      return { file: diff.path, why };
    };
    if (diff.binary) return fail('a binary change, which is not applied in memory');
    if (diff.hunks.some((h) => h.corrupt)) return fail('a corrupt hunk');
    const source = diff.status === 'added' ? null : diff.oldPath!;
    let before: string;
    if (source === null) {
      const existing = this.read(diff.newPath!);
      if (existing !== null) {
        // The very file the patch adds: the branch has the patch already.
        const added = applyHunks('', diff);
        if (typeof existing === 'string' && added.ok && added.file.text === existing) return this.reapply('', diff, views, applied);
        return fail('the file already exists in the tree');
      }
      before = '';
    } else {
      const text = this.read(source);
      if (text === UNKNOWN) return fail('an earlier patch of the series did not apply to it');
      if (text === null) return fail('the file is not in the tree');
      before = text;
    }
    if (diff.status === 'deleted') {
      this.overlay.set(diff.oldPath!, null);
      return null;
    }
    const result = applyHunks(before, diff);
    if (!result.ok) {
      // Not forward, but backward cleanly: the tree holds the change; review it against the tree before it.
      const undone = undoneText(before, diff);
      if (undone !== null) return this.reapply(undone, diff, views, applied);
      return fail(result.failure.why);
    }
    if (diff.status === 'renamed') this.overlay.set(diff.oldPath!, null);
    this.overlay.set(diff.newPath!, result.file.text);
    views.set(diff, viewFromSegments(diff.newPath!, [result.file.lines], true));
    return null;
  }

  /** A change the tree already holds, applied to the text before it: the views are the patch's own lines again. */
  private reapply(before: string, diff: FileDiff, views: Map<FileDiff, FileView>, applied: string[]): null {
    const result = applyHunks(before, diff);
    if (!result.ok) throw new Error(`${diff.path}: a change undone cleanly did not apply again`);
    if (diff.status === 'renamed') this.overlay.set(diff.oldPath!, null);
    this.overlay.set(diff.newPath!, result.file.text);
    views.set(diff, viewFromSegments(diff.newPath!, [result.file.lines], true));
    applied.push(diff.path);
    return null;
  }

  /** What rules may ask of the tree as the series has left it. */
  access(failures: ApplyFailure[] = [], refused: string | null = null, alreadyApplied: readonly string[] = []): TreeAccess {
    return {
      root: this.tree.root,
      version: this.tree.version(),
      failures,
      refused,
      alreadyApplied,
      read: (path) => {
        const text = this.read(path);
        return text === UNKNOWN ? null : text;
      },
      callsOf: (name) => this.callsOf(name),
    };
  }

  /** Each `name(` in the tree's C sources as the series has left them; `#define name(` and a comment are no call. */
  private callsOf(name: string): TreeCall[] {
    const call = new RegExp(`\\b${name}\\s*\\(`, 'g');
    const define = new RegExp(`^\\s*#\\s*define\\s+${name}\\b`);
    const paths = new Set([...this.tree.files(), ...this.overlay.keys()]);
    const calls: TreeCall[] = [];
    for (const path of [...paths].sort()) {
      if (!isCSourcePath(path)) continue;
      const text = this.read(path);
      if (typeof text !== 'string' || !text.includes(name)) continue;
      const lines = text.split('\n');
      for (const use of usesOnLines(lines, name, call, (i) => !define.test(lines[i]!), true))
        calls.push({ file: path, line: use.index + 1, inDefinition: use.inDefinition });
    }
    return calls;
  }
}
