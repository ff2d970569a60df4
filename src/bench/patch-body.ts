/**
 * The body of a `git format-patch` mail from real file diffs: commit message, `---`, diffstat,
 * the diffs, and the `-- ` signature with git's version.
 */
import type { QemuFileDiff } from './qemu-diffs.js';

/** A file diff, or a run of one file's hunks when the whole diff is too big for one mail. */
export interface DiffPiece {
  path: string;
  text: string;
  added: number;
  removed: number;
}

export const GIT_VERSION = '2.51.0';

/** Cuts diffs larger than `maxBytes` into pieces of whole hunks, each with the file header. */
export function splitLargeDiffs(diffs: readonly QemuFileDiff[], maxBytes: number): DiffPiece[] {
  const pieces: DiffPiece[] = [];
  for (const diff of diffs) {
    if (diff.text.length <= maxBytes) {
      pieces.push(diff);
      continue;
    }
    const lines = diff.text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const firstHunk = lines.findIndex((l) => l.startsWith('@@ '));
    if (firstHunk < 0) {
      pieces.push(diff);
      continue;
    }
    const header = lines.slice(0, firstHunk);
    let hunks: string[][] = [];
    let size = 0;
    const flush = (): void => {
      if (hunks.length === 0) return;
      const body = hunks.flat();
      const text = `${[...header, ...body].join('\n')}\n`;
      pieces.push({ path: diff.path, text, ...countLines(body) });
      hunks = [];
      size = 0;
    };
    let current: string[] = [];
    for (let i = firstHunk; i <= lines.length; i++) {
      const line = lines[i];
      if (line === undefined || line.startsWith('@@ ')) {
        if (current.length > 0) {
          const bytes = current.reduce((n, l) => n + l.length + 1, 0);
          if (size + bytes > maxBytes) flush();
          hunks.push(current);
          size += bytes;
        }
        current = [];
      }
      if (line !== undefined) current.push(line);
    }
    flush();
  }
  return pieces;
}

function countLines(lines: readonly string[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.startsWith('+')) added++;
    else if (l.startsWith('-')) removed++;
  }
  return { added, removed };
}

/** `hw/net/virtio-net.c` → `hw/net`; `qapi/migration.json` → `qapi`, as QEMU subjects name areas. */
export function subsystemOf(path: string): string {
  const parts = path.split('/');
  if (parts.length >= 3 && ['hw', 'include', 'tests', 'docs', 'scripts', 'target'].includes(parts[0]!)) return `${parts[0]}/${parts[1]}`;
  if (parts.length >= 2) return parts[0]!;
  return parts[0]!.replace(/\.[^.]*$/, '');
}

/** What a patch is about: a function named in a hunk header, else the file name. */
export function topicOf(piece: DiffPiece): string {
  const context = /^@@ [^@]* @@ .*?\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/m.exec(piece.text);
  if (context) return `${context[1]}()`;
  const file = piece.path.split('/').pop()!;
  return file;
}

/** git's diffstat: ` path | 12 +++---`, then the summary line. */
export function diffstat(pieces: readonly DiffPiece[]): string[] {
  const width = Math.max(...pieces.map((p) => p.path.length));
  const countWidth = Math.max(...pieces.map((p) => String(p.added + p.removed).length));
  const lines = pieces.map((p) => {
    const total = p.added + p.removed;
    const scale = total > 50 ? 50 / total : 1;
    const bar = '+'.repeat(Math.round(p.added * scale)) + '-'.repeat(Math.round(p.removed * scale));
    return ` ${p.path.padEnd(width)} | ${String(total).padStart(countWidth)} ${bar}`.trimEnd();
  });
  lines.push(summaryLine(pieces));
  return lines;
}

export function summaryLine(pieces: readonly DiffPiece[]): string {
  const files = new Set(pieces.map((p) => p.path)).size;
  const added = pieces.reduce((n, p) => n + p.added, 0);
  const removed = pieces.reduce((n, p) => n + p.removed, 0);
  const parts = [` ${files} file${files === 1 ? '' : 's'} changed`];
  if (added > 0 || removed === 0) parts.push(`${added} insertion${added === 1 ? '' : 's'}(+)`);
  if (removed > 0) parts.push(`${removed} deletion${removed === 1 ? '' : 's'}(-)`);
  return parts.join(', ');
}

/** The whole body of a patch mail. */
export function patchBody(message: readonly string[], pieces: readonly DiffPiece[]): string {
  const diffs = pieces.map((p) => (p.text.endsWith('\n') ? p.text : `${p.text}\n`)).join('');
  return `${message.join('\n')}\n---\n${diffstat(pieces).join('\n')}\n\n${diffs}-- \n${GIT_VERSION}\n`;
}
