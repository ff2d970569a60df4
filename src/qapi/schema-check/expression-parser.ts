/** The JSON-like expression syntax: objects, arrays, strings and booleans. */
import type { Lexer } from './lexer.js';
import type { Value, ValueMap } from './values.js';

/**
 * Objects and arrays nest at most this deep. QEMU's schemas nest a handful of levels; QEMU's
 * own recursive parser dies of Python's recursion limit at a few hundred. The parser and the
 * checks after it recurse per level, so an unbounded depth would overflow the stack.
 */
export const MAX_NESTING = 256;

/** Reads the value starting at the current token. `depth`: the containers it sits in. */
export function readValue(lexer: Lexer, depth = 0): Value {
  switch (lexer.tok) {
    case '{':
    case '[':
      if (depth >= MAX_NESTING) throw lexer.error(`nested too deeply: more than ${MAX_NESTING} levels of '{' and '['`);
      if (lexer.tok === '{') {
        lexer.accept();
        return readObjectMembers(lexer, depth + 1);
      }
      lexer.accept();
      return readArrayElements(lexer, depth + 1);
    case "'":
    case 't':
    case 'f': {
      const value = lexer.val as string | boolean;
      lexer.accept();
      return value;
    }
    default:
      throw lexer.error("expected '{', '[', string, or boolean");
  }
}

function readObjectMembers(lexer: Lexer, depth: number): ValueMap {
  const object: ValueMap = new Map();
  if (lexer.at('}')) {
    lexer.accept();
    return object;
  }
  if (!lexer.at("'")) throw lexer.error("expected string or '}'");
  for (;;) {
    const key = lexer.val as string;
    lexer.accept();
    if (!lexer.at(':')) throw lexer.error("expected ':'");
    lexer.accept();
    // Reported at the value, which is where QEMU stands when it notices.
    if (object.has(key)) throw lexer.error(`duplicate key '${key}'`);
    object.set(key, readValue(lexer, depth));
    if (lexer.at('}')) {
      lexer.accept();
      return object;
    }
    if (!lexer.at(',')) throw lexer.error("expected ',' or '}'");
    lexer.accept();
    if (!lexer.at("'")) throw lexer.error('expected string');
  }
}

function readArrayElements(lexer: Lexer, depth: number): Value[] {
  const array: Value[] = [];
  if (lexer.at(']')) {
    lexer.accept();
    return array;
  }
  if (lexer.tok === null || !"{['tf".includes(lexer.tok)) throw lexer.error("expected '{', '[', ']', string, or boolean");
  for (;;) {
    array.push(readValue(lexer, depth));
    if (lexer.at(']')) {
      lexer.accept();
      return array;
    }
    if (!lexer.at(',')) throw lexer.error("expected ',' or ']'");
    lexer.accept();
  }
}
