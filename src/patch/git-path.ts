/** Paths as git writes them in diff headers. */

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Undoes git's C-style quoting (`"caf\303\251.txt"`); unquoted paths come back as they are. */
export function unquoteGitPath(path: string): string {
  if (!(path.length >= 2 && path.startsWith('"') && path.endsWith('"'))) return path;
  const bytes: number[] = [];
  const inner = path.slice(1, -1);
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = inner[i + 1] ?? '';
    const octal = /^[0-3][0-7]{2}/.exec(inner.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else if (next in ESCAPES) {
      bytes.push(ESCAPES[next]!);
      i += 1;
    } else {
      bytes.push(92);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `a/qapi/x.json` → `qapi/x.json`; `/dev/null` → null; timestamps of `diff -u` dropped. */
export function stripSidePrefix(raw: string): string | null {
  let path = raw.split('\t')[0]!.trimEnd();
  path = unquoteGitPath(path);
  if (path === '/dev/null') return null;
  const slash = path.indexOf('/');
  if (slash > 0 && /^[abciwo12]$/.test(path.slice(0, slash))) return path.slice(slash + 1);
  return path;
}
