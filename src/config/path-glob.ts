/**
 * Path patterns of a config's `exclude`, matched against the paths of a
 * patch's files (`qapi/migration.json`, no leading slash): `*` stands for
 * any characters but `/`, `**` for any directories (none included), `?`
 * for one character but `/`.  Everything else is literal.  A pattern
 * ending in `/` names a directory and everything under it.
 */

/** Why a pattern cannot be used, for the config error naming it. */
export function globProblem(pattern: string): string | null {
  if (pattern === '') return 'an empty pattern';
  if (pattern.startsWith('/')) return 'patch paths have no leading slash';
  if (/\*\*\*/.test(pattern)) return "'***' means nothing more than '**'";
  return null;
}

/** The pattern as a regular expression over a whole path. */
export function globRegExp(pattern: string): RegExp {
  const glob = pattern.endsWith('/') ? `${pattern}**` : pattern;
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches no directory or any; a trailing `**` anything at all.
      if (glob[i + 2] === '/') {
        source += '(?:[^/]*/)*';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Whether `path` is excluded by any of `patterns`. */
export function pathMatcher(patterns: readonly string[]): (path: string) => boolean {
  const compiled = patterns.map(globRegExp);
  return (path) => compiled.some((re) => re.test(path));
}
