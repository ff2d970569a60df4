/**
 * `--files`: files of a tree reviewed as they stand (QEMU itself), one
 * result per file.  Every line counts as changed; nothing counts as new.
 * A path is the tree's (`qapi/x.json`), or one that leads into the tree.
 */
import { headerlessMail } from '../mail/headerless.js';
import type { FileDiff, Patch } from '../patch/types.js';
import { viewOfText } from '../patch/view.js';
import { reviewPatch, type RunOptions } from '../engine/run.js';
import type { Rule } from '../engine/types.js';
import type { TreeSession } from '../tree/tree-session.js';
import type { MessageResult } from './review.js';
import { skip } from './skip.js';

function wholeFile(path: string): FileDiff {
  return { oldPath: path, newPath: path, path, status: 'modified', similarity: null, oldMode: null, newMode: null, binary: false, hunks: [], patchLine: 0 };
}

export function* reviewFiles(session: TreeSession, paths: readonly string[], rules: readonly Rule[], options: RunOptions = {}): Generator<MessageResult> {
  for (const [index, given] of paths.entries()) {
    const path = session.tree.pathOf(given);
    const base = { index, source: path, messageId: null, subject: path, findings: [], failures: [], mail: null };
    const text = session.read(path);
    if (typeof text !== 'string') {
      yield { ...base, source: given, subject: given, status: 'skipped', reason: skip('not-in-tree', `not a file of the tree ${session.tree.root}`) };
      continue;
    }
    // The file stands in for a mail: no headers, the path as its subject.
    const mail = headerlessMail({ index, source: path, offset: 0 }, '', path);
    const patch: Patch = { mail, commit: { title: path, body: [] }, files: [wholeFile(path)], mangled: null };
    const view = viewOfText(path, text);
    const { findings, failures, groups, excluded } = reviewPatch(patch, rules, { ...options, viewOf: () => view, wholeFiles: true, tree: session.access() });
    yield { ...base, status: 'reviewed', findings, failures, groups, mail, patch, ...(excluded ? { excluded } : {}) };
  }
}
