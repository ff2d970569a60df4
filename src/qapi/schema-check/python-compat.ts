/**
 * String and path semantics of Python, where QEMU's generator relies on
 * them and JavaScript's built-ins differ.  Positions and names in error
 * messages depend on these, so they have to agree character for character.
 */

/**
 * Characters Python's str.isspace() and re's \s accept.  JavaScript's \s
 * differs: it takes U+FEFF (a byte order mark, which QEMU reports as stray)
 * and misses the information separators U+001C..U+001F and U+0085.
 */
const PYTHON_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

export function isPythonSpace(ch: string): boolean {
  return PYTHON_SPACE.test(ch);
}

/** str.rstrip() with no argument. */
export function rstripSpace(text: string): string {
  let end = text.length;
  while (end > 0 && isPythonSpace(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/** How many characters of leading whitespace `text` has (re.match(r'\s*')). */
export function leadingSpaceCount(text: string): number {
  let i = 0;
  while (i < text.length && isPythonSpace(text[i]!)) i++;
  return i;
}

/** os.path.dirname for POSIX paths: 'x.json' has the empty directory ''. */
export function pythonDirname(path: string): string {
  const head = path.slice(0, path.lastIndexOf('/') + 1);
  return /^\/*$/.test(head) ? head : head.replace(/\/+$/, '');
}

/**
 * os.path.join of two POSIX paths.  Unlike node's path.join it keeps
 * '..' and '.' as written, which is how QEMU prints include paths.
 */
export function pythonJoin(dir: string, name: string): string {
  if (name.startsWith('/') || dir === '') return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** Python truthiness of a parsed schema value (non-empty strings, lists and objects, true). */
export function isTruthy(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Map) return value.size > 0;
  return value !== undefined && value !== null;
}

/** Python's sorted() order on ASCII strings (code point order). */
export function sortedStrings(items: Iterable<string>): string[] {
  return [...items].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
