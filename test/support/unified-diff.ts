/** A `git diff` section between two texts of a file, for tests that build patches from files they changed. */

const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; text: string; oldLine: number; newLine: number };

/** The line operations turning `a` into `b`: common prefix and suffix kept, an LCS table for the middle. */
function operations(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const width = y.length + 1;
  const lcs = new Uint32Array((x.length + 1) * width);
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      lcs[i * width + j] = x[i] === y[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const ops: Op[] = [];
  for (let i = 0; i < head; i++) ops.push({ kind: ' ', text: a[i]!, oldLine: i + 1, newLine: i + 1 });
  let i = 0;
  let j = 0;
  const push = (kind: Op['kind'], text: string) => ops.push({ kind, text, oldLine: head + i + 1, newLine: head + j + 1 });
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      push(' ', x[i]!);
      i++;
      j++;
    } else if (j < y.length && (i === x.length || lcs[i * width + j + 1]! >= lcs[(i + 1) * width + j]!)) {
      push('+', y[j]!);
      j++;
    } else {
      push('-', x[i]!);
      i++;
    }
  }
  for (let k = 0; k < tail; k++) ops.push({ kind: ' ', text: a[a.length - tail + k]!, oldLine: a.length - tail + k + 1, newLine: b.length - tail + k + 1 });
  return ops;
}

/** The unified diff of `path` from `before` to `after` (texts split in lines, no trailing newline handling). */
export function unifiedDiff(path: string, before: readonly string[], after: readonly string[]): string {
  const ops = operations(before, after);
  const changed = ops.map((o, k) => (o.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
  if (changed.length === 0) return '';
  const out = [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - CONTEXT);
    let end = Math.min(ops.length - 1, changed[k]! + CONTEXT);
    while (k + 1 < changed.length && changed[k + 1]! - CONTEXT <= end + 1) {
      k++;
      end = Math.min(ops.length - 1, changed[k]! + CONTEXT);
    }
    k++;
    const hunk = ops.slice(start, end + 1);
    const oldCount = hunk.filter((o) => o.kind !== '+').length;
    const newCount = hunk.filter((o) => o.kind !== '-').length;
    const oldStart = hunk[0]!.oldLine - (oldCount === 0 ? 1 : 0);
    const newStart = hunk[0]!.newLine - (newCount === 0 ? 1 : 0);
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...hunk.map((o) => `${o.kind}${o.text}`));
  }
  return `${out.join('\n')}\n`;
}
