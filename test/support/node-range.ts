/** Node versions against the npm ranges packages put in engines.node. */
export type Version = [number, number, number];

export function version(text: string): Version {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(text.trim());
  if (!m) throw new Error(`not a version: '${text}'`);
  const part = (p: string | undefined): number => (p === undefined || p === 'x' || p === '*' ? 0 : Number(p));
  return [part(m[1]), part(m[2]), part(m[3])];
}

export const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * Whether node `v` satisfies an npm range, for the forms engines fields
 * use: `>=X`, `>X`, `^X.Y.Z`, `X.x`, `*`, comparator sets and `||`.
 * Anything else throws, so a new form fails the test instead of passing it.
 */
export function satisfies(v: Version, range: string): boolean {
  return range.split('||').some((set) => {
    const comparators = set
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean);
    return comparators.every((c) => {
      if (c === '*' || c === 'x') return true;
      const m = /^(>=|<=|>|<|=|\^|~)?(.+)$/.exec(c)!;
      const op = m[1] ?? '';
      const bound = version(m[2]!);
      const cmp = compare(v, bound);
      switch (op) {
        case '>=':
          return cmp >= 0;
        case '>':
          return cmp > 0;
        case '<=':
          return cmp <= 0;
        case '<':
          return cmp < 0;
        case '^':
          return cmp >= 0 && v[0] === bound[0];
        case '~':
          return cmp >= 0 && v[0] === bound[0] && v[1] === bound[1];
        case '=':
        case '': {
          // 20 or 20.x means any 20; 20.1 any 20.1.
          const given = m[2]!.split('.').filter((p) => p !== 'x' && p !== '*').length;
          return v.slice(0, given).every((n, i) => n === bound[i]);
        }
        default:
          throw new Error(`unsupported range '${range}'`);
      }
    });
  });
}

/** The least Node version a `>=X.Y` range admits. */
export function minimum(range: string): Version {
  const m = /^>=\s*(\S+)$/.exec(range.trim());
  if (!m) throw new Error(`expected a '>=X.Y' range, not '${range}'`);
  return version(m[1]!);
}
