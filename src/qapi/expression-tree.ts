/**
 * A tolerant tree of schema values built from the tokens of one run of
 * lines.  A run may begin inside an expression, so a closing bracket may
 * have no opener in sight: it then closes a container whose opener lies
 * above the run and which takes in everything read so far at the top of
 * the run.  Containers still open at the end of the run close below it.
 */
import type { Token } from './tokenizer.js';

export interface Scalar {
  kind: 'string' | 'bool' | 'junk';
  token: Token;
}

export interface Container {
  kind: 'object' | 'array';
  /** The opening bracket; null when it lies above the run. */
  open: Token | null;
  /** The closing bracket; null when it lies below the run. */
  close: Token | null;
  /** Values and separators in source order. */
  items: Item[];
  /** At the top of a run: follows a `:` or `,`, so it is a value and cannot be an expression. */
  isValue?: boolean;
}

export type Value = Scalar | Container;
export type Item = Value | { kind: 'separator'; token: Token };

export interface Entry {
  /** The key string; null when it lies above the run. */
  key: Token | null;
  value: Value | null;
}

export function isContainer(v: Value | Item | null | undefined): v is Container {
  return v !== null && v !== undefined && (v.kind === 'object' || v.kind === 'array');
}

/** Top-level items of a run, with containers whose openers lie above the run built around what they enclose. */
export function buildTree(tokens: Token[], isExpressionHead: (c: Container) => boolean): Item[] {
  const root: Item[] = [];
  const stack: Container[] = [];
  // Items before this index in `root` are complete expressions, which an unmatched closer cannot belong to.
  let adoptFrom = 0;
  const here = (): Item[] => (stack.length > 0 ? stack[stack.length - 1]!.items : root);

  for (const token of tokens) {
    if (token.kind === 'punct' && (token.value === '{' || token.value === '[')) {
      const container: Container = { kind: token.value === '{' ? 'object' : 'array', open: token, close: null, items: [] };
      const items = here();
      // After `:` or `,` a brace opens a value, however much it looks like an expression (`'data': { 'event': … }`).
      if (items[items.length - 1]?.kind === 'separator') container.isValue = true;
      items.push(container);
      stack.push(container);
      continue;
    }
    if (token.kind === 'punct' && (token.value === '}' || token.value === ']')) {
      const kind = token.value === '}' ? 'object' : 'array';
      const open = stack.pop();
      if (open) {
        // A mismatched bracket is a syntax error in the file; closing the innermost container keeps the tree usable.
        open.close = token;
        if (stack.length === 0 && !open.isValue && isExpressionHead(open)) adoptFrom = root.length;
        continue;
      }
      const adopted: Container = { kind, open: null, close: token, items: root.splice(adoptFrom) };
      root.push(adopted);
      continue;
    }
    if (token.kind === 'punct') {
      here().push({ kind: 'separator', token });
      continue;
    }
    here().push({ kind: token.kind, token });
  }
  return root;
}

/** The key/value entries of an object's items; a leading value without a key belongs to a key above the run. */
export function entriesOf(items: Item[]): Entry[] {
  const entries: Entry[] = [];
  let key: Token | null = null;
  let value: Value | null = null;
  let colon = false;
  const flush = (): void => {
    if (key && !colon && !value) {
      // A lone string is a value whose key was cut off, not a key.
      entries.push({ key: null, value: { kind: 'string', token: key } });
    } else if (key || value) {
      entries.push({ key, value });
    }
    key = null;
    value = null;
    colon = false;
  };
  for (const item of items) {
    if (item.kind === 'separator') {
      if (item.token.value === ',') flush();
      else if (item.token.value === ':') colon = true;
      continue;
    }
    if (!colon && !key && !value && item.kind === 'string') key = item.token;
    else value = item;
  }
  flush();
  return entries;
}

/** The values of an array's items. */
export function valuesOf(items: Item[]): Value[] {
  return items.filter((i): i is Value => i.kind !== 'separator');
}

/**
 * First and last token of a value, as far as visible: the first and last of its tokens in
 * source order, a container's brackets around its values. Walked with a loop, not recursion:
 * a patch of 100,000 unclosed `[` nests that deep.
 */
export function tokenBounds(value: Value | Item): { first: Token; last: Token } | null {
  const first = edgeToken(value, false);
  const last = edgeToken(value, true);
  return first && last ? { first, last } : null;
}

/** The first (or last) token of a value in source order, separators not counted. */
function edgeToken(value: Value | Item, fromEnd: boolean): Token | null {
  // Pending work, nearest first: values still to open up, and brackets already known.
  const pending: ({ value: Value | Item } | { token: Token })[] = [{ value }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if ('token' in next) return next.token;
    const v = next.value;
    if (v.kind === 'separator') continue;
    if (!isContainer(v)) return v.token;
    const near = fromEnd ? v.close : v.open;
    if (near) return near;
    const far = fromEnd ? v.open : v.close;
    if (far) pending.push({ token: far });
    const inner = valuesOf(v.items);
    if (fromEnd) for (const i of inner) pending.push({ value: i });
    else for (let i = inner.length - 1; i >= 0; i--) pending.push({ value: inner[i]! });
  }
  return null;
}

/** The string value of `key` in an object, when visible. */
export function stringMember(container: Container, key: string): Token | null {
  for (const e of entriesOf(container.items)) {
    if (e.key?.value === key && e.value?.kind === 'string') return e.value.token;
  }
  return null;
}
