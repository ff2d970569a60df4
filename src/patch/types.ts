/** A patch as reviewers see it: the commit message and the file diffs of one mail. */
import type { Mail } from '../mail/types.js';

export type FileStatus = 'modified' | 'added' | 'deleted' | 'renamed' | 'copied';

export interface DiffLine {
  kind: 'add' | 'del' | 'context';
  /** The line without its `+`/`-`/space prefix and without `\r`. */
  text: string;
  oldLine: number | null;
  newLine: number | null;
  /** 1-based line of this diff line in the decoded mail body. */
  patchLine: number;
  /** A `\ No newline at end of file` marker followed this line. */
  noNewlineAtEof: boolean;
}

export interface Hunk {
  /** The whole `@@ -a,b +c,d @@ context` line. */
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Text after the closing `@@` (git's function context). */
  context: string;
  lines: DiffLine[];
  patchLine: number;
  /** Why the hunk's lines cannot be trusted (they do not add up to its header), or null. */
  corrupt: string | null;
}

export interface FileDiff {
  /** Path before the change; null for a new file. */
  oldPath: string | null;
  /** Path after the change; null for a deleted file. */
  newPath: string | null;
  /** newPath, or oldPath for a deleted file. */
  path: string;
  status: FileStatus;
  /** `similarity index` of a rename or copy, in percent. */
  similarity: number | null;
  oldMode: string | null;
  newMode: string | null;
  binary: boolean;
  hunks: Hunk[];
  /** Line of the `diff` header in the decoded mail body. */
  patchLine: number;
}

export interface CommitMessageLine {
  text: string;
  patchLine: number;
}

/** Title (from the subject) and body (up to the `---` separator) of the commit. */
export interface CommitMessage {
  title: string;
  body: CommitMessageLine[];
}

export interface Patch {
  mail: Mail;
  commit: CommitMessage;
  files: FileDiff[];
  /** Why the text of the diff cannot be trusted as the author wrote it (a mailer re-flowed it), or null. */
  mangled: string | null;
}

/** One line of the file after the patch, as far as the patch shows it. */
export interface SourceLine {
  line: number;
  text: string;
  /** The patch adds (or changes) this line. */
  added: boolean;
  /** Where the line stands in the mail body; absent when the text came from a tree. */
  patchLine?: number;
}

/**
 * The new side of a file as the patch shows it: runs of consecutive lines
 * (one per hunk), or the whole file when it is new or read from a tree.
 */
export interface FileView {
  path: string;
  /** Every line of the new file is known. */
  complete: boolean;
  /** Runs of consecutive lines, in ascending order, never overlapping. */
  segments: SourceLine[][];
  /** The line numbered n, when visible. */
  line(n: number): SourceLine | undefined;
}
