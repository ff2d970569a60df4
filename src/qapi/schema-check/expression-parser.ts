/** The JSON-like expression syntax: objects, arrays, strings and booleans. */
import type { Lexer } from './lexer.js';
import type { Value, ValueMap } from './values.js';

/** Reads the value starting at the current token. */
export function readValue(lexer: Lexer): Value {
  switch (lexer.tok) {
    case '{':
      lexer.accept();
      return readObjectMembers(lexer);
    case '[':
      lexer.accept();
      return readArrayElements(lexer);
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

function readObjectMembers(lexer: Lexer): ValueMap {
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
    object.set(key, readValue(lexer));
    if (lexer.at('}')) {
      lexer.accept();
      return object;
    }
    if (!lexer.at(',')) throw lexer.error("expected ',' or '}'");
    lexer.accept();
    if (!lexer.at("'")) throw lexer.error('expected string');
  }
}

function readArrayElements(lexer: Lexer): Value[] {
  const array: Value[] = [];
  if (lexer.at(']')) {
    lexer.accept();
    return array;
  }
  if (lexer.tok === null || !"{['tf".includes(lexer.tok)) throw lexer.error("expected '{', '[', ']', string, or boolean");
  for (;;) {
    array.push(readValue(lexer));
    if (lexer.at(']')) {
      lexer.accept();
      return array;
    }
    if (!lexer.at(',')) throw lexer.error("expected ',' or ']'");
    lexer.accept();
  }
}
