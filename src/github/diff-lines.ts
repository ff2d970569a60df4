/**
 * The lines of a pull request's overall diff that a review comment can hang
 * on: the right-hand side (context and added lines) of each hunk of each
 * file, as the PR files endpoint gives them.  GitHub rejects a whole review
 * when one comment points elsewhere, and a multi-line comment must stay
 * inside one hunk.
 */
import { parseDiffAt } from '../patch/diff.js';
import { splitLines } from '../patch/view.js';

/** What the PR files endpoint says about one file. */
export interface PullFile {
  filename: string;
  status: string;
  previous_filename?: string;
  /** The file's hunks; GitHub leaves it out for binary and very large diffs. */
  patch?: string;
}

export interface RightLine {
  hunk: number;
  text: string;
  added: boolean;
}

export class DiffLines {
  private readonly files = new Map<string, Map<number, RightLine>>();

  constructor(files: readonly PullFile[]) {
    for (const file of files) {
      if (file.patch === undefined || file.status === 'removed') continue;
      this.files.set(file.filename, rightLines(file.filename, file.patch));
    }
  }

  /** The line of the diff's right side, or undefined when the diff does not show it. */
  line(path: string, line: number): RightLine | undefined {
    return this.files.get(path)?.get(line);
  }

  /** Lines `line..endLine` all shown, in one hunk: a comment may span them. */
  spans(path: string, line: number, endLine: number): boolean {
    const first = this.line(path, line);
    if (!first) return false;
    for (let n = line + 1; n <= endLine; n++) if (this.line(path, n)?.hunk !== first.hunk) return false;
    return true;
  }

  /** The diff shows this file's changes (a binary or huge file has no patch to comment on). */
  has(path: string): boolean {
    return this.files.has(path);
  }
}

function rightLines(path: string, patch: string): Map<number, RightLine> {
  // The endpoint gives hunks only; the project's diff reader wants a file header in front.
  const lines = ['--- a/' + path, '+++ b/' + path, ...splitLines(patch)];
  const out = new Map<number, RightLine>();
  const [file] = parseDiffAt(lines, 0);
  file?.hunks.forEach((hunk, index) => {
    // A hunk that does not add up would put comments on guessed lines.
    if (hunk.corrupt) return;
    for (const l of hunk.lines) {
      if (l.newLine !== null) out.set(l.newLine, { hunk: index, text: l.text, added: l.kind === 'add' });
    }
  });
  return out;
}
